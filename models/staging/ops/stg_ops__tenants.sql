with

source as (

    select * from {{ source('ops', 'ops_tenants') }}

),

normalized as (

    select
        tenant_id as tenant_id_raw,
        {{ normalize_key('tenant_id') }} as tenant_id,
        trim(tenant_name) as tenant_name,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ normalize_text('plan') }} as plan,
        cast(go_live_date as date) as go_live_date,
        {{ to_utc_timestamp('deactivated_at') }} as deactivated_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at
    from source

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
    from normalized

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
        {{ require_accepted_value(
            'status', 'status_raw', ['active', 'suspended', 'deactivated'], key='tenant_id'
        ) }} as status,
        status_raw,
        plan,
        go_live_date,
        deactivated_at,
        updated_at
    from versioned

)

select * from final
