with

usable as (

    select * from {{ ref('base_ops__providers') }}
    where quarantine_reason is null

),

collapsed as (

    select distinct
        provider_id,
        min(provider_id_raw) over (partition by provider_id) as provider_id_raw,
        tenant_id,
        is_active,
        activated_at,
        deactivated_at
    from usable

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
