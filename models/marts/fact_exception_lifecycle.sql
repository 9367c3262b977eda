{{ config(materialized='incremental', incremental_strategy=history_strategy(), partition_by=none, on_schema_change='append_new_columns') }}
{#- The life of every exception ever detected, with the latest resolution entered by a
    person. The same whatever order the days were built in: when the run's day is later than
    every day the lifecycle already holds (the daily job), each exception's history is that
    of the day before plus today's detection; otherwise (history_extension says why) it is
    derived from every day present in fact_reconciliation_exceptions. -#}
{%- set extend = history_extension('lifecycle') %}
with

resolutions as (

    select * from {{ ref('int_exception_resolutions') }}

),

catalog as (

    select * from {{ ref('rule_catalog') }}

),

{% if extend %}
known as (

    select * from {{ this }}

),

detected_today as (

    select * from {{ ref('fact_reconciliation_exceptions') }}
    where as_of_date = {{ as_of_date() }}

),

history as (

    -- Detected today: the latest detection is today's. The episode goes on when the
    -- exception was detected on the day before (the latest day the lifecycle held).
    select
        detected_today.exception_id,
        detected_today.rule_name,
        detected_today.canonical_id,
        detected_today.source_system,
        detected_today.source_id,
        detected_today.owner_team,
        detected_today.severity,
        detected_today.amount_at_risk_usd,
        detected_today.sla_days,
        detected_today.in_grace_period,
        coalesce(known.first_detected_on, detected_today.as_of_date) as first_detected_on,
        detected_today.as_of_date as last_detected_on,
        case
            when known.last_detected_on = known.as_of_date then known.episode_started_on
            else detected_today.as_of_date
        end as episode_started_on,
        coalesce(known.times_reopened, 0) + case
            when known.last_detected_on < known.as_of_date then 1 else 0
        end as times_reopened,
        coalesce(known.days_open, 0) + case when detected_today.in_grace_period then 0 else 1 end as days_open,
        coalesce(known.days_detected, 0) + 1 as days_detected,
        -- The first day its open days exceeded the SLA in force that day: kept once set.
        case
            when known.sla_breached_on is not null then known.sla_breached_on
            when
                coalesce(known.days_open, 0) + case when detected_today.in_grace_period then 0 else 1 end
                > detected_today.sla_days
                then detected_today.as_of_date
        end as sla_breached_on,
        cast(null as date) as resolved_on,
        detected_today.as_of_date as latest_day
    from detected_today
    left join known
        on detected_today.exception_id = known.exception_id

    union all

    -- Not detected today: unchanged, except that one detected on the day before is resolved
    -- today.
    select
        known.exception_id,
        known.rule_name,
        known.canonical_id,
        known.source_system,
        known.source_id,
        known.owner_team,
        known.severity,
        known.amount_at_risk_usd,
        known.sla_days,
        known.status = 'in_grace' as in_grace_period,
        known.first_detected_on,
        known.last_detected_on,
        known.episode_started_on,
        known.times_reopened,
        known.days_open,
        known.days_detected,
        known.sla_breached_on,
        case
            when known.last_detected_on = known.as_of_date then {{ as_of_date() }}
            else known.resolved_on
        end as resolved_on,
        {{ as_of_date() }} as latest_day
    from known
    left join detected_today
        on known.exception_id = detected_today.exception_id
    where detected_today.exception_id is null

),
{% else %}
-- (the linter misreads the indent of the branch after a Jinja if/else)
-- noqa: disable=LT02
exceptions as (

    select * from {{ ref('fact_reconciliation_exceptions') }}

),

built_days as (

    select distinct as_of_date from {{ ref('fact_customer_reconciliation') }}

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
        sum(case when exceptions.in_grace_period then 0 else 1 end) over (
            partition by exceptions.exception_id
            order by exceptions.as_of_date
            rows between unbounded preceding and current row
        ) as days_open_so_far,
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
        max(
            case
                when coalesce(built_days_since_last_detection, 2) > 1 then as_of_date
            end
        ) as episode_started_on,
        max(latest_day) as latest_day,
        sum(case when built_days_since_last_detection > 1 then 1 else 0 end) as times_reopened,
        sum(case when in_grace_period then 0 else 1 end) as days_open,
        count(*) as days_detected,
        -- The first day its open days exceeded the SLA in force that day.
        min(case when days_open_so_far > sla_days then as_of_date end) as sla_breached_on
    from detections
    group by exception_id

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

history as (

    select
        per_exception.exception_id,
        latest_detection.rule_name,
        latest_detection.canonical_id,
        latest_detection.source_system,
        latest_detection.source_id,
        latest_detection.owner_team,
        latest_detection.severity,
        latest_detection.amount_at_risk_usd,
        latest_detection.sla_days,
        latest_detection.in_grace_period,
        per_exception.first_detected_on,
        per_exception.last_detected_on,
        per_exception.episode_started_on,
        per_exception.times_reopened,
        per_exception.days_open,
        per_exception.days_detected,
        per_exception.sla_breached_on,
        case
            when per_exception.last_detected_on < per_exception.latest_day
                then first_built_day_after.resolved_on
        end as resolved_on,
        per_exception.latest_day
    from per_exception
    inner join detections as latest_detection
        on
            per_exception.exception_id = latest_detection.exception_id
            and latest_detection.recency = 1
    left join first_built_day_after
        on per_exception.exception_id = first_built_day_after.exception_id

),
-- noqa: enable=LT02
{% endif %}

checked_resolutions as (

    {#- What each column may hold is tested on the seed (seeds/_seeds.yml); what needs the
        history is checked here, so it holds even in a run that does not test the seed: the
        exception must have been detected on a built day (a blank id never was). #}
    select
        resolutions.*,
        case
            when
                resolutions.exception_id is null
                or resolutions.exception_id not in (select history.exception_id from history)
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

    select * from checked_resolutions
    where validity = 'valid'

),

claimed_resolutions as (

    {#- One exception, one owner: a claim (an `investigating` entry) lasts until the next entry
        of the exception with another status; another assignee's claim in between is a
        second claim, and the build stops naming both rows. #}
    select
        *,
        case
            when
                resolution_status = 'investigating'
                and previous_status = 'investigating'
                and coalesce(assignee, '') <> coalesce(previous_assignee, '')
                then {{ raise_error(
                    "'seeds/exception_resolutions.csv: exception_id ' || " ~ sql_quote_value('exception_id')
                    ~ " || ' is claimed twice: by ' || coalesce(previous_assignee, 'nobody') || ' (resolved_at '"
                    ~ " || cast(previous_resolved_at as " ~ text_type() ~ ") || ') and by ' || coalesce(assignee, 'nobody')"
                    ~ " || ' (resolved_at ' || cast(resolved_at as " ~ text_type() ~ ") || ') while the first claim is open."
                    ~ " An exception is worked by one person: release the first claim (a released entry by '"
                    ~ " || coalesce(previous_assignee, 'nobody') || ') or remove one of the two rows.'"
                ) }}
            else 'single'
        end as claim_check
    from valid_resolutions

),

ranked_resolutions as (

    -- A window over the checked entries: every entry's check is evaluated before it.
    select
        *,
        max(entry_number) over (partition by exception_id) as last_entry_number
    from claimed_resolutions
    where claim_check = 'single'

),

latest_resolution as (

    select * from ranked_resolutions
    where entry_number = last_entry_number

),

final as (

    select
        history.exception_id,
        history.rule_name,
        history.canonical_id,
        history.source_system,
        history.source_id,
        history.owner_team,
        history.severity,
        history.amount_at_risk_usd,
        history.first_detected_on,
        history.last_detected_on,
        history.episode_started_on,
        history.resolved_on,
        cast(case
            when history.last_detected_on < history.latest_day then 'resolved'
            when history.in_grace_period then 'in_grace'
            else 'open'
        end as {{ text_type() }}) as status,
        cast(history.times_reopened as integer) as times_reopened,
        cast(history.days_open as integer) as days_open,
        cast(history.days_detected as integer) as days_detected,
        history.sla_days,
        history.days_open > history.sla_days as sla_breached,
        latest_resolution.resolution_status,
        latest_resolution.root_cause,
        latest_resolution.resolution_note,
        latest_resolution.resolved_by,
        latest_resolution.resolved_at,
        history.latest_day as as_of_date,
        history.sla_breached_on,
        cast(case when history.sla_breached_on is not null then catalog.escalation_team end as {{ text_type() }})
            as escalated_to,
        cast(case when latest_resolution.resolution_status = 'investigating' then latest_resolution.assignee end as {{ text_type() }})
            as assignee
    from history
    left join latest_resolution
        on history.exception_id = latest_resolution.exception_id
    left join catalog
        on history.rule_name = catalog.rule_name

)

select * from final
