{#- Quarantine check (see `quarantine_columns`): the timestamp or date `column` is later than
    this run's start plus var `future_tolerance_hours` (`latest_plausible_timestamp`): a
    record cannot have changed, been issued or been used after it was extracted, so its clock
    or its data is wrong. Reason `timestamp_in_future`. `column_types`: `raw_column_types` of
    the raw table (a value that does not read is `quarantine_if_not_a_date`'s). -#}
{% macro quarantine_if_in_future(column, column_types) -%}
    {{ return([[
        parse_timestamp(column, column_types) ~ ' > ' ~ latest_plausible_timestamp(),
        'timestamp_in_future',
        "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' is more than "
        ~ var('future_tolerance_hours') ~ " hours after the run started'",
    ]]) }}
{%- endmacro %}
