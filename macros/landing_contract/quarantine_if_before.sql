{#- Quarantine check (see `quarantine_columns`): the date `column` is before the date
    `earlier_column` of the same row (an invoice period that ends before it starts), both read
    by `parse_date`. Reason `reason` (the contract's `not_before.reason`). -#}
{% macro quarantine_if_before(column, earlier_column, reason, column_types) -%}
    {{ return([[
        parse_date(column, column_types) ~ ' < ' ~ parse_date(earlier_column, column_types),
        reason,
        "'" ~ earlier_column ~ " ' || " ~ sql_quote_value(earlier_column) ~ " || ' to " ~ column ~ " ' || "
        ~ sql_quote_value(column) ~ " || ' ends before it starts'",
    ]]) }}
{%- endmacro %}
