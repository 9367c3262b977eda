with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='PLAN_MISMATCH',
            amount_sql='abs(revenue_expected - billed_mrr)',
            details_sql="'plans: CRM ' || coalesce(crm_plan, 'none') || '; billing ' || coalesce(billing_plan, 'none')"
                ~ " || '; product ' || coalesce(ops_plan, 'none')",
        ) }}
    from customer_state
    where crm_active and billing_active and distinct_plans > 1

)

select * from flagged
