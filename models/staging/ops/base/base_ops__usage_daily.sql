{#- Every row of raw ops_usage_daily, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_ops__usage_daily keeps the usable rows, stg_quarantined_rows
    the others. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('ops', 'ops_usage_daily')) %}

with

source as (

    select * from {{ source('ops', 'ops_usage_daily') }}

),

checked as (

    select
        tenant_id as tenant_id_raw,
        {{ normalize_key('tenant_id') }} as tenant_id,
        cast(usage_date as {{ dbt.type_string() }}) as usage_date_raw,
        {{ parse_date('usage_date', raw_types) }} as usage_date,
        {{ parse_number('active_users', integer=true, column_types=raw_types) }} as active_users,
        {{ parse_number('events', integer=true, column_types=raw_types) }} as events,
        {{ quarantine_columns(
            quarantine_if_missing_key('tenant_id')
            + [[
                'usage_date is null',
                'missing_key',
                "'usage_date is null: the row cannot be placed in the usage window'",
            ]]
            + quarantine_if_missing('active_users')
            + quarantine_if_missing('events')
            + quarantine_if_not_a_date('usage_date', raw_types)
            + quarantine_if_not_a_number('active_users', integer=true, column_types=raw_types)
            + quarantine_if_not_a_number('events', integer=true, column_types=raw_types)
            + quarantine_if_in_future('usage_date', raw_types)
        ) }}
    from source

)

select * from checked
