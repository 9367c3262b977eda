{#- Every row of raw billing_customers, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_billing__customers keeps the usable rows,
    stg_quarantined_rows the others. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('billing', 'billing_customers')) %}

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
        {{ parse_timestamp('created_at', raw_types) }} as created_at,
        {{ parse_timestamp('updated_at', raw_types) }} as updated_at,
        {{ quarantine_columns(quarantine_checks('billing_customers', raw_types)) }}
    from source

)

select * from checked
