{{ config(materialized='view') }}
{#- Every exception open on a built day (detected, not in its grace period), and whether it is
    newly open: not open on the built day before (absent, or there in grace). Newly open is
    what the morning digest alerts on: an exception alerted once is not alerted again while it
    stays open, and one that was only in grace was never alerted. On the first built day
    every open exception is newly open. A view: it is computed from the facts when read, so
    it does not depend on the order the days were built in. -#}
with

exceptions as (

    select * from {{ ref('fact_reconciliation_exceptions') }}

),

built_days as (

    select
        as_of_date,
        lag(as_of_date) over (order by as_of_date) as previous_built_day
    from (select distinct as_of_date from {{ ref('fact_customer_reconciliation') }}) as built

),

open_on_day as (

    select
        exceptions.*,
        built_days.previous_built_day
    from exceptions
    inner join built_days
        on exceptions.as_of_date = built_days.as_of_date
    where not exceptions.in_grace_period

),

final as (

    select
        open_on_day.as_of_date,
        open_on_day.exception_id,
        open_on_day.rule_name,
        open_on_day.rule_level,
        open_on_day.canonical_id,
        open_on_day.source_system,
        open_on_day.source_id,
        open_on_day.severity,
        open_on_day.owner_team,
        open_on_day.response_policy,
        open_on_day.amount_at_risk_usd,
        open_on_day.details,
        open_on_day.previous_built_day,
        not exists (
            select 1
            from exceptions as previous_day
            where
                previous_day.as_of_date = open_on_day.previous_built_day
                and previous_day.exception_id = open_on_day.exception_id
                and not previous_day.in_grace_period
        ) as is_newly_open
    from open_on_day

)

select * from final
