with

usable as (

    select * from {{ ref('base_billing__customers') }}
    where quarantine_reason is null

),

collapsed as (

    select distinct
        customer_id,
        min(customer_id_raw) over (partition by customer_id) as customer_id_raw,
        customer_name,
        email,
        crm_account_ref,
        is_deleted,
        created_at,
        updated_at
    from usable

),

versioned as (

    select
        *,
        count(*) over (partition by customer_id) as versions_of_key
    from collapsed

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
