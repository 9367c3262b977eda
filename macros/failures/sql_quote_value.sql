{#- A SQL text expression that shows a value in an error message: the value in single
    quotes, or the word null. -#}
{% macro sql_quote_value(expression) -%}
    coalesce('''' || cast({{ expression }} as {{ dbt.type_string() }}) || '''', 'null')
{%- endmacro %}
