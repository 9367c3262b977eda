{#- The open exceptions of the day whose rule's response policy is `auto_fix` or
    `quarantine`, one partition per as_of_date (an automation reads the latest day). An auto_fix exception with one unambiguous fix is `ready`, with a
    machine-readable action; anything else is `held`, with the reason. Nothing here writes to
    a source system: an automation reads this table and applies the actions. -#}
with

exceptions as (

    select * from {{ ref('int_reconciliation_exceptions') }}

),

trust as (

    select * from {{ ref('int_day_guard') }}

),

crm_accounts as (

    select * from {{ ref('int_crm_accounts_as_of') }}
    where is_active_account and canonical_id is not null

),

queued as (

    select exceptions.*
    from exceptions
    cross join trust
    where
        trust.day_check = 'trusted'
        and not exceptions.in_grace_period
        and exceptions.response_policy in ('auto_fix', 'quarantine')

),

active_accounts_per_customer as (

    select
        canonical_id,
        count(*) as active_accounts,
        min(account_id) as account_id,
        min(account_name) as account_name,
        min(plan) as plan,
        min(contracted_seats) as contracted_seats,
        min(contract_mrr) as contract_mrr,
        min(currency) as currency
    from crm_accounts
    group by canonical_id

),

assessed as (

    select
        queued.*,
        account_summary.active_accounts,
        account_summary.account_id,
        account_summary.account_name,
        account_summary.plan,
        account_summary.contracted_seats,
        account_summary.contract_mrr,
        account_summary.currency,
        queued.response_policy = 'auto_fix'
        and queued.rule_name = 'MISSING_IN_BILLING'
        and coalesce(account_summary.active_accounts, 0) = 1 as creates_billing_customer
    from queued
    left join active_accounts_per_customer as account_summary
        on queued.canonical_id = account_summary.canonical_id

),

final as (

    select
        as_of_date,
        exception_id,
        rule_name,
        canonical_id,
        response_policy,
        cast(case when creates_billing_customer then 'ready' else 'held' end as {{ text_type() }}) as queue_status,
        cast(case when creates_billing_customer then 'create_billing_customer' end as {{ text_type() }}) as action_type,
        cast(case when creates_billing_customer then 'billing' end as {{ text_type() }}) as target_system,
        cast(case
            when creates_billing_customer
                then
                    '{"action": "create_billing_customer", "canonical_id": ' || {{ json_string('canonical_id') }}
                    || ', "crm_account_id": ' || {{ json_string('account_id') }}
                    || ', "name": ' || {{ json_string('account_name') }}
                    || ', "plan": ' || {{ json_string('plan') }}
                    || ', "seats": ' || coalesce(cast(contracted_seats as {{ dbt.type_string() }}), 'null')
                    || ', "monthly_amount": ' || coalesce(cast(contract_mrr as {{ dbt.type_string() }}), 'null')
                    || ', "currency": ' || {{ json_string('currency') }} || '}'
        end as {{ text_type() }}) as action_payload,
        cast(case
            when response_policy = 'quarantine'
                then 'response policy is quarantine: held for ' || owner_team || ' to review'
            when rule_name != 'MISSING_IN_BILLING'
                then 'no automatic fix is defined for ' || rule_name
            when not creates_billing_customer
                then 'ambiguous: ' || cast(coalesce(active_accounts, 0) as {{ dbt.type_string() }})
                    || ' active CRM accounts; a person must choose which one billing should mirror'
        end as {{ text_type() }}) as hold_reason,
        owner_team,
        amount_at_risk_usd,
        details
    from assessed

)

select * from final
