with

source as (

    select * from {{ source('ops', 'ops_providers') }}

),

normalized as (

    select
        provider_id as provider_id_raw,
        {{ normalize_key('provider_id') }} as provider_id,
        {{ normalize_key('tenant_id') }} as tenant_id,
        cast(is_active as boolean) as is_active,
        {{ to_utc_timestamp('activated_at') }} as activated_at,
        {{ to_utc_timestamp('deactivated_at') }} as deactivated_at
    from source

),

collapsed as (

    select distinct
        provider_id,
        min(provider_id_raw) over (partition by provider_id) as provider_id_raw,
        tenant_id,
        is_active,
        activated_at,
        deactivated_at
    from normalized

),

versioned as (

    select
        *,
        count(*) over (partition by provider_id) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version('provider_id', source_table='ops_providers') }} as provider_id,
        provider_id_raw,
        tenant_id,
        is_active,
        activated_at,
        deactivated_at
    from versioned

)

select * from final
