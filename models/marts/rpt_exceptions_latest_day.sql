{{ config(materialized='table') }}
{#- The exceptions of the latest built day: what the daily drift snapshot
    (snap_reconciliation_state) records. Built days are the days with customers in
    fact_customer_reconciliation, so a refused (empty or failed) day never becomes the latest
    day and cannot close exceptions. Backfilling an older day leaves this table as it was. -#}
with

exceptions as (

    select * from {{ ref('fact_reconciliation_exceptions') }}

),

latest_day as (

    select max(as_of_date) as as_of_date
    from {{ ref('fact_customer_reconciliation') }}

),

final as (

    select
        exceptions.exception_id,
        exceptions.as_of_date,
        exceptions.rule_name,
        exceptions.canonical_id,
        exceptions.source_system,
        exceptions.source_id,
        exceptions.owner_team,
        exceptions.severity,
        exceptions.amount_at_risk_usd,
        exceptions.in_grace_period
    from exceptions
    inner join latest_day
        on exceptions.as_of_date = latest_day.as_of_date

)

select * from final
