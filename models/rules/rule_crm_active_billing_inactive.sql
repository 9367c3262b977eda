with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='CRM_ACTIVE_BILLING_INACTIVE',
            amount_sql='revenue_expected',
            details_sql="crm_summary || '; ' || billing_summary",
        ) }}
    from customer_state
    where crm_active and billing_present and not billing_active

)

select * from flagged
