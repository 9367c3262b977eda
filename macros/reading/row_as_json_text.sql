{#- A whole row of `relation` (a table alias in the FROM clause) as JSON text, e.g.
    {"invoice_id":"inv_1","amount_due":"12,50",...}: how a quarantined row keeps its raw
    values whatever their types. -#}
{% macro row_as_json_text(relation) -%}
    {{ return(adapter.dispatch('row_as_json_text', 'reconciliation')(relation)) }}
{%- endmacro %}

{% macro default__row_as_json_text(relation) -%}
    cast(row_to_json({{ relation }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__row_as_json_text(relation) -%}
    cast(to_json({{ relation }}) as {{ dbt.type_string() }})
{%- endmacro %}

{#- Spark leaves null fields out unless told, and writes timestamps as DuckDB does to the
    second (a fraction of a second is not written: Spark's patterns cannot leave out a zero
    fraction as DuckDB does). -#}
{% macro spark__row_as_json_text(relation) -%}
    to_json(struct({{ relation }}.*), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss', 'ignoreNullFields', 'false'))
{%- endmacro %}
