{#- The day being reconciled, as a SQL date literal (`as_of_date_text` gives its text). -#}
{% macro as_of_date() -%}
    cast('{{ as_of_date_text() }}' as date)
{%- endmacro %}
