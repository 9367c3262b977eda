with

usable as (

    select * from {{ ref('base_ops__tenants') }}
    where quarantine_reason is null

),

collapsed as (

    select distinct
        tenant_id,
        min(tenant_id_raw) over (partition by tenant_id) as tenant_id_raw,
        tenant_name,
        min(status_raw) over (partition by tenant_id, status) as status_raw,
        status,
        plan,
        go_live_date,
        deactivated_at,
        updated_at
    from usable

),

versioned as (

    select
        *,
        count(*) over (partition by tenant_id) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version('tenant_id', source_table='ops_tenants') }} as tenant_id,
        tenant_id_raw,
        tenant_name,
        status,
        status_raw,
        plan,
        go_live_date,
        deactivated_at,
        updated_at
    from versioned

)

select * from final
