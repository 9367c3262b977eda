{#- Each canonical customer on the as-of date: its state in each system next to its
    exceptions of the day, one partition per as_of_date. Built after
    fact_reconciliation_exceptions (depends_on below), so a day with rows here is a day whose
    exceptions are filed too: the history (lifecycle, trend, latest day) counts a day as built
    only from this table. -#}
-- depends_on: {{ ref('fact_reconciliation_exceptions') }}
with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

exceptions as (

    select * from {{ ref('int_reconciliation_exceptions') }}
    where canonical_id is not null

),

trust as (

    select * from {{ ref('int_day_guard') }}

),

exceptions_per_customer as (

    select
        canonical_id,
        sum(case when in_grace_period then 0 else 1 end) as mismatch_count,
        {{ dbt.listagg("case when not in_grace_period then rule_name end", "','", "order by rule_name") }}
            as mismatched_rules,
        max(case when in_grace_period then 0 else {{ severity_rank('severity') }} end) as max_severity_rank,
        sum(case when in_grace_period then 0 else amount_at_risk_usd end) as amount_at_risk_usd,
        sum(case when in_grace_period then 1 else 0 end) as in_grace_count,
        {{ dbt.listagg("case when in_grace_period then rule_name end", "','", "order by rule_name") }}
            as in_grace_rules
    from exceptions
    group by canonical_id

),

final as (

    select
        {{ require_as_of_date('customer_state.as_of_date', "'int_customer_state'") }} as as_of_date,
        cast(customer_state.canonical_id as {{ text_type() }}) as canonical_id,
        cast(customer_state.crm_status as {{ text_type() }}) as crm_status,
        cast(customer_state.billing_status as {{ text_type() }}) as billing_status,
        cast(customer_state.ops_status as {{ text_type() }}) as ops_status,
        cast(customer_state.contracted_seats as integer) as contracted_seats,
        cast(customer_state.billed_seats as integer) as billed_seats,
        cast(customer_state.active_providers as integer) as active_providers,
        cast(round(customer_state.revenue_expected, 2) as numeric(18, 2)) as revenue_expected,
        cast(round(customer_state.revenue_recognized, 2) as numeric(18, 2)) as revenue_recognized,
        cast(round(customer_state.billed_mrr, 2) as numeric(18, 2)) as billed_mrr,
        cast(coalesce(exceptions_per_customer.mismatch_count, 0) as integer) as mismatch_count,
        cast(exceptions_per_customer.mismatched_rules as {{ text_type() }}) as mismatched_rules,
        coalesce(exceptions_per_customer.mismatch_count, 0) > 0 as mismatch_flag,
        cast({{ severity_from_rank('exceptions_per_customer.max_severity_rank') }} as {{ text_type() }}) as max_severity,
        cast(coalesce(exceptions_per_customer.amount_at_risk_usd, 0) as numeric(18, 2)) as amount_at_risk_usd,
        cast(coalesce(exceptions_per_customer.in_grace_count, 0) as integer) as in_grace_count,
        cast(exceptions_per_customer.in_grace_rules as {{ text_type() }}) as in_grace_rules,
        customer_state.in_grace_period as recently_changed
    from customer_state
    cross join trust
    left join exceptions_per_customer
        on customer_state.canonical_id = exceptions_per_customer.canonical_id
    where trust.day_check = 'trusted'

)

select * from final
