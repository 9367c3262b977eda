{#- The quarantine checks of raw table `table` (for `quarantine_columns`), derived from its
    landing contract (`landing_contract`), in the order that gives a row with several problems
    its most basic reason: every `key` and `reference` column (missing_key), every
    `vocabulary` column (unknown_status), every `required` one (missing_value), every date and
    timestamp (not_a_date), every number and whole number (not_a_number, negative_amount),
    every currency (`currency_of`: unknown_currency where its amount is not null), every
    `not_before` pair (its reason, e.g. period_end_before_start), every `not_in_future`
    column (timestamp_in_future). Within a check, columns keep the contract's order.
    `column_types`: `raw_column_types` of the raw table. The Great Expectations suites derive
    the same checks from the same contract (recon.data_contracts.row_checks). -#}
{% macro quarantine_checks(table, column_types) -%}
    {%- set columns = landing_contract(table).columns -%}
    {%- set checks = [] -%}
    {%- for column in columns if column.key or column.reference -%}
        {%- do checks.extend(quarantine_if_missing_key(column.name, column_types)) -%}
    {%- endfor -%}
    {%- for column in columns if column.vocabulary -%}
        {%- do checks.extend(quarantine_if_not_in_vocabulary(column.name, table ~ '.' ~ column.name)) -%}
    {%- endfor -%}
    {%- for column in columns if column.required -%}
        {%- do checks.extend(quarantine_if_missing(column.name)) -%}
    {%- endfor -%}
    {%- for column in columns if column.type in ('date', 'timestamp') -%}
        {%- do checks.extend(quarantine_if_not_a_date(column.name, column_types)) -%}
    {%- endfor -%}
    {%- for column in columns if column.type in ('number', 'whole_number') -%}
        {%- do checks.extend(quarantine_if_not_a_number(column.name, integer=column.type == 'whole_number', column_types=column_types)) -%}
    {%- endfor -%}
    {%- for column in columns if column.currency_of -%}
        {%- do checks.extend(quarantine_if_unknown_currency(column.name, applies_when=column.currency_of ~ ' is not null')) -%}
    {%- endfor -%}
    {%- for column in columns if column.not_before -%}
        {%- do checks.extend(quarantine_if_before(column.name, column.not_before.column, column.not_before.reason, column_types)) -%}
    {%- endfor -%}
    {%- for column in columns if column.not_in_future -%}
        {%- do checks.extend(quarantine_if_in_future(column.name, column_types)) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
