with

source as (

    select * from {{ source('billing', 'billing_customers') }}

),

normalized as (

    select
        customer_id as customer_id_raw,
        {{ normalize_key('customer_id') }} as customer_id,
        trim(name) as customer_name,
        nullif(lower(trim(email)), '') as email,
        {{ normalize_key('crm_account_ref') }} as crm_account_ref,
        cast(is_deleted as boolean) as is_deleted,
        {{ to_utc_timestamp('created_at') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at
    from source

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
    from normalized

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
