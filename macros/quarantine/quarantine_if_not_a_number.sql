{#- Quarantine checks (see `quarantine_columns`) for an amount or count column: a value that
    is present but does not read as a number (`parse_number`; reason `not_a_number`), or is
    negative (reason `negative_amount`). Null passes: whether a column may be null is the
    landing contract's business, checked by the model's tests. `integer=true` for counts;
    `column_types`: `raw_column_types` of the raw table. -#}
{% macro quarantine_if_not_a_number(column, integer=false, column_types={}) -%}
    {%- set parsed = parse_number(column, integer=integer, column_types=column_types) -%}
    {{ return([
        [
            column ~ ' is not null and ' ~ parsed ~ ' is null',
            'not_a_number',
            "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' does not read as "
            ~ ("a whole number" if integer else "a number (digits, optional sign and decimal point)") ~ "'",
        ],
        [
            parsed ~ ' < 0',
            'negative_amount',
            "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' is negative'",
        ],
    ]) }}
{%- endmacro %}
