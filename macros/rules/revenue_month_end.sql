{#- Last day of month M (the calendar month before the month of the as-of date). -#}
{% macro revenue_month_end() -%}
    cast({{ dbt.dateadd('day', -1, dbt.date_trunc('month', as_of_date())) }} as date)
{%- endmacro %}
