{#- Quarantine check (see `quarantine_columns`): the key column `column` is null or blank, so
    the row cannot be matched to anything. Reason `missing_key`. -#}
{% macro quarantine_if_missing_key(column) -%}
    {{ return([[
        normalize_key(column) ~ ' is null',
        'missing_key',
        "'" ~ column ~ " is ' || " ~ sql_quote_value(column) ~ " || ': the row cannot be matched without it'",
    ]]) }}
{%- endmacro %}
