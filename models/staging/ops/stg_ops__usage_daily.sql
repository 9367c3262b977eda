with

usable as (

    select * from {{ ref('base_ops__usage_daily') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['tenant_id', 'usage_date'],
        columns=['active_users', 'events'],
        spellings=['tenant_id_raw'],
    ) }}

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
