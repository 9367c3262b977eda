{#- A whole number with thousands separated by commas ('1,224'), for messages. Dispatched:
    DuckDB `format`, elsewhere `to_char`. -#}
{% macro format_count(count_sql) -%}
    {{ return(adapter.dispatch('format_count', 'reconciliation')(count_sql)) }}
{%- endmacro %}

{% macro default__format_count(count_sql) -%}
    trim(to_char({{ count_sql }}, 'FM999,999,999,999,990'))
{%- endmacro %}

{% macro duckdb__format_count(count_sql) -%}
    format('{:,}', cast({{ count_sql }} as bigint))
{%- endmacro %}

{% macro spark__format_count(count_sql) -%}
    format_number(cast({{ count_sql }} as bigint), 0)
{%- endmacro %}
