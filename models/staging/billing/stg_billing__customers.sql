with

usable as (

    select * from {{ ref('base_billing__customers') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['customer_id'],
        columns=['customer_name', 'email', 'crm_account_ref', 'is_deleted', 'created_at', 'updated_at'],
        spellings=['customer_id_raw'],
    ) }}

),

final as (

    select
        {{ require_single_version('customer_id', source_table='billing_customers') }} as customer_id,
        customer_id_raw,
        customer_name,
        email,
        crm_account_ref,
        is_deleted,
        created_at,
        updated_at
    from versioned

)

select * from final
