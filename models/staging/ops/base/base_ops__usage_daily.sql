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
        {{ quarantine_columns(quarantine_checks('ops_usage_daily', raw_types)) }}
    from source

)

select * from checked
