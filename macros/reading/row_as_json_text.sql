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
