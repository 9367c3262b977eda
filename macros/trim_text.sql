{#- A text value as the reconciliation compares ids and codes: surrounding white space of any
    kind (spaces, tabs, a CSV's \r) removed, blank becomes null. `normalize_text` adds case
    folding, `normalize_key` Unicode normalisation on top. -#}
{% macro trim_text(column) -%}
    nullif(regexp_replace(cast({{ column }} as {{ dbt.type_string() }}), '^\s+|\s+$', '', 'g'), '')
{%- endmacro %}
