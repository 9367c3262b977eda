{#- A free-text code (plan, status-like word) as the reconciliation compares it: surrounding
    white space of any kind removed, case-folded, blank becomes null. Keys add Unicode
    normalisation on top (`normalize_key`). -#}
{% macro normalize_text(column) -%}
    nullif(lower(regexp_replace(cast({{ column }} as {{ dbt.type_string() }}), '^\s+|\s+$', '', 'g')), '')
{%- endmacro %}
