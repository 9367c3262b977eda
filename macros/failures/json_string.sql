{#- A SQL text expression as a JSON string literal: backslashes and double quotes escaped,
    wrapped in double quotes; null becomes the JSON literal null. -#}
{% macro json_string(expression) -%}
    coalesce('"' || replace(replace(cast({{ expression }} as {{ dbt.type_string() }}), '\\', '\\\\'), '"', '\\"') || '"', 'null')
{%- endmacro %}
