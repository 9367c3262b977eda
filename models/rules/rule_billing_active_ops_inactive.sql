with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='BILLING_ACTIVE_OPS_INACTIVE',
            amount_sql='billed_mrr',
            details_sql="billing_summary || '; ' || ops_summary",
        ) }}
    from customer_state
    where billing_active and not ops_active

)

select * from flagged
