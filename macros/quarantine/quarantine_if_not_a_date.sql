{#- Quarantine check (see `quarantine_columns`): the date or timestamp `column` landed as text
    that does not read as one (`parse_timestamp`, `parse_date`): '15/06/2026', 'yesterday',
    '2026-02-30', or blank text (as a blank amount is not a number, a blank date is not a
    date; null is fine where the contract allows it). Reason `not_a_date`. A column that
    landed typed cannot hold such a value: no check. Date and timestamp columns read alike
    (`parse_date` keeps the day of a value that reads as a timestamp). -#}
{% macro quarantine_if_not_a_date(column, column_types) -%}
    {%- if column_types.get(column | lower) in ('typed', 'timestamptz') -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return([[
        column ~ ' is not null and ' ~ parse_timestamp(column, column_types) ~ ' is null',
        'not_a_date',
        "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' does not read as a date or timestamp (YYYY-MM-DD, optionally a time and an offset)'",
    ]]) }}
{%- endmacro %}
