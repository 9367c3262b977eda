{#- Every exception of every enabled rule, one partition per as_of_date: building day D
    replaces D's rows (int_reconciliation_exceptions) and keeps every other day. -#}
with

exceptions as (

    select * from {{ ref('int_reconciliation_exceptions') }}

),

final as (

    select
        as_of_date,
        exception_id,
        rule_name,
        rule_level,
        canonical_id,
        source_system,
        source_id,
        severity,
        owner_team,
        response_policy,
        sla_days,
        amount_at_risk_usd,
        in_grace_period,
        details
    from exceptions

)

select * from final
