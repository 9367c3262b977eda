with

usable as (

    select * from {{ ref('base_ops__tenants') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['tenant_id'],
        columns=['tenant_name', 'status', 'plan', 'go_live_date', 'deactivated_at', 'updated_at'],
        spellings=['tenant_id_raw', 'status_raw'],
    ) }}

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
