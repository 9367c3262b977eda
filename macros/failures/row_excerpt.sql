{#- A row of `relation` (a table alias) as JSON text cut to 300 characters: how a failed
    test names the row it found, whatever the table. -#}
{% macro row_excerpt(relation) -%}
    substr({{ row_as_json_text(relation) }}, 1, 300)
{%- endmacro %}
