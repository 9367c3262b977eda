{#- A source key as the reconciliation compares it: Unicode NFC, then `normalize_text`
    (surrounding white space removed, case-folded, blank becomes null, so a blank key is
    caught by the key's not_null test instead of passing as ''). The original value is kept
    beside it by each staging model (`<key>_raw`). -#}
{% macro normalize_key(column) -%}
    {{ return(adapter.dispatch('normalize_key', 'reconciliation')(column)) }}
{%- endmacro %}

{% macro default__normalize_key(column) -%}
    {{ normalize_text('normalize(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '), nfc)') }}
{%- endmacro %}

{% macro duckdb__normalize_key(column) -%}
    {{ normalize_text('nfc_normalize(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))') }}
{%- endmacro %}

{#- Spark has no Unicode normalization function; ICU (shipped with Spark 4 for collations)
    has Normalizer.compose(text, false), which is NFC. It fails on null: a null key is given
    as '' (which normalize_text turns back into null). -#}
{% macro spark__normalize_key(column) -%}
    {{ normalize_text("java_method('com.ibm.icu.text.Normalizer', 'compose', coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), ''), false)") }}
{%- endmacro %}
