{#- Every row of raw billing_customers, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_billing__customers keeps the usable rows,
    stg_quarantined_rows the others. -#}
{{ after_data_contracts() }}

with

source as (

    select * from {{ source('billing', 'billing_customers') }}

),

checked as (

    select
        customer_id as customer_id_raw,
        {{ normalize_key('customer_id') }} as customer_id,
        trim(name) as customer_name,
        nullif(lower(trim(email)), '') as email,
        {{ normalize_key('crm_account_ref') }} as crm_account_ref,
        cast(is_deleted as boolean) as is_deleted,
        {{ to_utc_timestamp('created_at') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        {{ quarantine_columns(
            quarantine_if_missing_key('customer_id')
            + quarantine_if_missing('is_deleted')
            + quarantine_if_in_future('created_at')
            + quarantine_if_in_future('updated_at')
        ) }}
    from source

)

select * from checked
