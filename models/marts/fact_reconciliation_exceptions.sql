{{ config(on_schema_change='append_new_columns') }}
{#- Every exception of every enabled rule, one partition per as_of_date: building day D
    replaces D's rows (int_reconciliation_exceptions) and keeps every other day. A column
    added here (newest_source_ts) is appended to a table built before it, null on its
    earlier days, instead of failing the daily build. -#}
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
        details,
        newest_source_ts
    from exceptions

)

select * from final
