{#- A number as people read money: thousands separated by commas, two decimals
    ('1,234,567.50'). Null becomes '0.00'. Dispatched: DuckDB `format`, elsewhere `to_char`. -#}
{% macro format_amount(amount_sql) -%}
    {{ return(adapter.dispatch('format_amount', 'reconciliation')(amount_sql)) }}
{%- endmacro %}

{% macro default__format_amount(amount_sql) -%}
    trim(to_char(coalesce({{ amount_sql }}, 0), 'FM999,999,999,999,990.00'))
{%- endmacro %}

{% macro duckdb__format_amount(amount_sql) -%}
    format('{:,.2f}', cast(coalesce({{ amount_sql }}, 0) as double))
{%- endmacro %}

{% macro spark__format_amount(amount_sql) -%}
    format_number(cast(coalesce({{ amount_sql }}, 0) as double), 2)
{%- endmacro %}
