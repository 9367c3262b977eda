with

usable as (

    select * from {{ ref('base_ops__usage_daily') }}
    where quarantine_reason is null

),

collapsed as (

    select distinct
        tenant_id,
        usage_date,
        min(tenant_id_raw) over (partition by tenant_id) as tenant_id_raw,
        active_users,
        events
    from usable

),

versioned as (

    select
        *,
        count(*) over (partition by tenant_id, usage_date) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version(
            'tenant_id', source_table='ops_usage_daily', key_name='tenant_id and usage_date',
            label_sql="tenant_id || ' on ' || cast(usage_date as " ~ dbt.type_string() ~ ")"
        ) }} as tenant_id,
        usage_date,
        tenant_id_raw,
        active_users,
        events
    from versioned

)

select * from final
