{#- First day of month M, the calendar month before the month of the as-of date D (for
    D = 2026-06-15: 2026-05-01). Revenue recognised in M is compared with the CRM's MRR. -#}
{% macro revenue_month_start() -%}
    cast({{ dbt.dateadd('month', -1, dbt.date_trunc('month', as_of_date())) }} as date)
{%- endmacro %}
