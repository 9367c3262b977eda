with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='MISSING_IN_CRM',
            amount_sql='billed_mrr',
            details_sql="'CRM: no account mapped; ' || billing_summary",
        ) }}
    from customer_state
    where billing_active and not crm_present

)

select * from flagged
