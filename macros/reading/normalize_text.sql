{#- A free-text code (plan, status-like word) as the reconciliation compares it: `trim_text`
    (surrounding white space of any kind removed, blank becomes null), then case-folded. Keys
    add Unicode normalisation on top (`normalize_key`). -#}
{% macro normalize_text(column) -%}
    lower({{ trim_text(column) }})
{%- endmacro %}
