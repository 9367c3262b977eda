{#- Quarantine check (see `quarantine_columns`): a column the landing contract says is never
    null, and that the reconciliation needs (a soft-delete flag, a price, a seat count, an
    invoice period), is null. Reason `missing_value`: a null there would otherwise be read as
    zero or as "not deleted" without anyone being told. -#}
{% macro quarantine_if_missing(column) -%}
    {{ return([[
        column ~ ' is null',
        'missing_value',
        "'" ~ column ~ " is null, and the landing contract requires it'",
    ]]) }}
{%- endmacro %}
