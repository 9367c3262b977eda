{#- Every row of raw ops_providers, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_ops__providers keeps the usable rows, stg_quarantined_rows the
    others. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('ops', 'ops_providers')) %}

with

source as (

    select * from {{ source('ops', 'ops_providers') }}

),

checked as (

    select
        provider_id as provider_id_raw,
        {{ normalize_key('provider_id') }} as provider_id,
        {{ normalize_key('tenant_id') }} as tenant_id,
        cast(is_active as boolean) as is_active,
        {{ parse_timestamp('activated_at', raw_types) }} as activated_at,
        {{ parse_timestamp('deactivated_at', raw_types) }} as deactivated_at,
        {{ quarantine_columns(quarantine_checks('ops_providers', raw_types)) }}
    from source

)

select * from checked
