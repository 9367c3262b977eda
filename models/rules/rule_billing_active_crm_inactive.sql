with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='BILLING_ACTIVE_CRM_INACTIVE',
            amount_sql='billed_mrr',
            details_sql="crm_summary || '; ' || billing_summary",
        ) }}
    from customer_state
    where billing_active and crm_present and not crm_active

)

select * from flagged
