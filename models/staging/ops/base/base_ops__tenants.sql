{#- Every row of raw ops_tenants, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_ops__tenants keeps the usable rows, stg_quarantined_rows the
    others. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('ops', 'ops_tenants')) %}

with

source as (

    select * from {{ source('ops', 'ops_tenants') }}

),

checked as (

    select
        tenant_id as tenant_id_raw,
        {{ normalize_key('tenant_id') }} as tenant_id,
        trim(tenant_name) as tenant_name,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ normalize_text('plan') }} as plan,
        {{ parse_date('go_live_date', raw_types) }} as go_live_date,
        {{ parse_timestamp('deactivated_at', raw_types) }} as deactivated_at,
        {{ parse_timestamp('updated_at', raw_types) }} as updated_at,
        {{ quarantine_columns(quarantine_checks('ops_tenants', raw_types)) }}
    from source

)

select * from checked
