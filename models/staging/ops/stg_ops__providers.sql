with

usable as (

    select * from {{ ref('base_ops__providers') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['provider_id'],
        columns=['tenant_id', 'is_active', 'activated_at', 'deactivated_at'],
        spellings=['provider_id_raw'],
    ) }}

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
