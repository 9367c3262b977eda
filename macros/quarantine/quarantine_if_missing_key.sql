{#- Quarantine check (see `quarantine_columns`): the key column `column` is null or blank, so
    the row cannot be matched to anything. Reason `missing_key`. A column that landed typed
    (`column_types`, from `raw_column_types`: a date, a number) cannot be blank: only null is
    checked, without reading it as text. -#}
{% macro quarantine_if_missing_key(column, column_types={}) -%}
    {%- set typed = column_types.get(column | lower, 'text') not in ('text', 'inexact_number') -%}
    {{ return([[
        (column if typed else normalize_key(column)) ~ ' is null',
        'missing_key',
        "'" ~ column ~ " is ' || " ~ sql_quote_value(column) ~ " || ': the row cannot be matched without it'",
    ]]) }}
{%- endmacro %}
