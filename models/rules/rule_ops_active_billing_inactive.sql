with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='OPS_ACTIVE_BILLING_INACTIVE',
            amount_sql='revenue_expected',
            details_sql="ops_summary || '; ' || billing_summary || '; ' || crm_summary",
        ) }}
    from customer_state
    where ops_active and not billing_active

)

select * from flagged
