{{ config(materialized='table') }}
{#- The life of every exception ever detected, derived from the days present in
    fact_reconciliation_exceptions, whatever order they were built in, with the latest
    resolution entered by a person. -#}
with

exceptions as (

    select * from {{ ref('fact_reconciliation_exceptions') }}

),

built_days as (

    select distinct as_of_date from {{ ref('fact_customer_reconciliation') }}

),

resolutions as (

    select
        {{ trim_text('exception_id') }} as exception_id,
        resolution_status,
        root_cause,
        resolution_note,
        resolved_by,
        {{ parse_timestamp('resolved_at', {}) }} as resolved_at
    from {{ ref('exception_resolutions') }}

),

numbered_days as (

    select
        as_of_date,
        row_number() over (order by as_of_date) as day_number,
        max(as_of_date) over () as latest_day
    from built_days

),

detections as (

    select
        exceptions.*,
        numbered_days.day_number,
        numbered_days.latest_day,
        numbered_days.day_number - lag(numbered_days.day_number) over (
            partition by exceptions.exception_id
            order by exceptions.as_of_date
        ) as built_days_since_last_detection,
        row_number() over (
            partition by exceptions.exception_id
            order by exceptions.as_of_date desc
        ) as recency
    from exceptions
    inner join numbered_days
        on exceptions.as_of_date = numbered_days.as_of_date

),

per_exception as (

    select
        exception_id,
        min(as_of_date) as first_detected_on,
        max(as_of_date) as last_detected_on,
        max(latest_day) as latest_day,
        sum(case when built_days_since_last_detection > 1 then 1 else 0 end) as times_reopened,
        sum(case when in_grace_period then 0 else 1 end) as days_open
    from detections
    group by exception_id

),

latest_detection as (

    select * from detections
    where recency = 1

),

first_built_day_after as (

    select
        per_exception.exception_id,
        min(numbered_days.as_of_date) as resolved_on
    from per_exception
    inner join numbered_days
        on per_exception.last_detected_on < numbered_days.as_of_date
    group by per_exception.exception_id

),

checked_resolutions as (

    {#- What each column may hold is tested on the seed (seeds/_seeds.yml); what needs the
        history is checked here, so it holds even in a run that does not test the seed: the
        exception must have been detected on a built day (a blank id never was). #}
    select
        resolutions.*,
        case
            when
                resolutions.exception_id is null
                or resolutions.exception_id not in (select per_exception.exception_id from per_exception)
                then {{ raise_error(
                    "'seeds/exception_resolutions.csv: exception_id ' || " ~ sql_quote_value('resolutions.exception_id')
                    ~ " || ' (resolved_by ' || coalesce(resolutions.resolved_by, 'nobody')"
                    ~ " || ') was never detected on a built day. Copy the id from fact_reconciliation_exceptions.'"
                ) }}
            else 'valid'
        end as validity
    from resolutions

),

valid_resolutions as (

    select
        *,
        row_number() over (
            partition by exception_id
            order by resolved_at desc nulls last, resolution_note desc nulls last
        ) as recency
    from checked_resolutions
    where validity = 'valid'

),

latest_resolution as (

    select * from valid_resolutions
    where recency = 1

),

final as (

    select
        per_exception.exception_id,
        latest_detection.rule_name,
        latest_detection.canonical_id,
        latest_detection.source_system,
        latest_detection.source_id,
        latest_detection.owner_team,
        latest_detection.severity,
        latest_detection.amount_at_risk_usd,
        per_exception.first_detected_on,
        per_exception.last_detected_on,
        case
            when per_exception.last_detected_on < per_exception.latest_day
                then first_built_day_after.resolved_on
        end as resolved_on,
        cast(case
            when per_exception.last_detected_on < per_exception.latest_day then 'resolved'
            when latest_detection.in_grace_period then 'in_grace'
            else 'open'
        end as varchar) as status,
        cast(per_exception.times_reopened as integer) as times_reopened,
        cast(per_exception.days_open as integer) as days_open,
        latest_detection.sla_days,
        per_exception.days_open > latest_detection.sla_days as sla_breached,
        latest_resolution.resolution_status,
        latest_resolution.root_cause,
        latest_resolution.resolution_note,
        latest_resolution.resolved_by,
        latest_resolution.resolved_at
    from per_exception
    inner join latest_detection
        on per_exception.exception_id = latest_detection.exception_id
    left join first_built_day_after
        on per_exception.exception_id = first_built_day_after.exception_id
    left join latest_resolution
        on per_exception.exception_id = latest_resolution.exception_id

)

select * from final
