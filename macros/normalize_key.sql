{#- A source key as the reconciliation compares it: Unicode NFC, surrounding white space
    removed, case-folded. Null and blank (only white space) become null, so a blank key is
    caught by the key's not_null test instead of passing as ''. The original value is kept beside it by each
    staging model (`<key>_raw`). -#}
{% macro normalize_key(column) -%}
    {{ return(adapter.dispatch('normalize_key', 'reconciliation')(column)) }}
{%- endmacro %}

{% macro default__normalize_key(column) -%}
    nullif(lower(regexp_replace(normalize(cast({{ column }} as {{ dbt.type_string() }}), nfc), '^\s+|\s+$', '', 'g')), '')
{%- endmacro %}

{% macro duckdb__normalize_key(column) -%}
    nullif(lower(regexp_replace(nfc_normalize(cast({{ column }} as {{ dbt.type_string() }})), '^\s+|\s+$', '', 'g')), '')
{%- endmacro %}
