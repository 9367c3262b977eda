with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='MISSING_IN_BILLING',
            amount_sql='revenue_expected',
            details_sql="crm_summary || '; billing: no customer mapped'",
        ) }}
    from customer_state
    where crm_active and not billing_present

)

select * from flagged
