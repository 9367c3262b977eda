{{ config(materialized='incremental', incremental_strategy=history_strategy(), partition_by=none, on_schema_change='append_new_columns') }}
-- depends_on: {{ ref('fact_exception_lifecycle') }}
{#- Per built day, rule and level: how many exceptions are open, new, resolved and in grace,
    the mismatch rate, the money at risk, SLA compliance and the mean time to resolve. A
    day's rows depend only on that day and the days before it, so when the run's day is later
    than every day the trend holds (the daily job), the earlier rows are kept and the day's
    are computed from its detections and the lifecycle (which already holds the day: how long
    each exception has been open, when its episode started). Otherwise (history_extension
    says why) every day is derived from all days present in the facts, whatever order they
    were built in. -#}
{%- set extend = history_extension('trend') %}
with

catalog as (

    select * from {{ ref('rule_catalog') }}

),

exceptions as (

    select
        exception_id,
        rule_name,
        as_of_date,
        in_grace_period,
        amount_at_risk_usd,
        sla_days,
        newest_source_ts
    from {{ ref('fact_reconciliation_exceptions') }}
    {%- if extend %}
    where as_of_date = {{ as_of_date() }}
    {%- endif %}

),

{% if extend %}
known as (

    select * from {{ this }}

),

lifecycle as (

    select * from {{ ref('fact_exception_lifecycle') }}

),

numbered_days as (

    select
        as_of_date,
        count(*) as customers
    from {{ ref('fact_customer_reconciliation') }}
    where as_of_date = {{ as_of_date() }}
    group by as_of_date

),

episodes as (

    select
        exceptions.*,
        lifecycle.episode_started_on = exceptions.as_of_date as is_new,
        lifecycle.days_open as days_open_so_far
    from exceptions
    inner join lifecycle
        on exceptions.exception_id = lifecycle.exception_id

),

resolutions as (

    select
        resolved_on as as_of_date,
        rule_name,
        {{ dbt.datediff('episode_started_on', 'resolved_on', 'day') }} as days_to_resolve
    from lifecycle
    where resolved_on = {{ as_of_date() }}

),
{% else %}
-- (the linter misreads the indent of the branch after a Jinja if/else)
-- noqa: disable=LT02
customers as (

    select * from {{ ref('fact_customer_reconciliation') }}

),

numbered_days as (

    select
        as_of_date,
        count(*) as customers,
        row_number() over (order by as_of_date) as day_number
    from customers
    group by as_of_date

),

detections as (

    select
        exceptions.*,
        numbered_days.day_number,
        coalesce(
            lag(numbered_days.day_number) over (
                partition by exceptions.exception_id order by exceptions.as_of_date
            ) != numbered_days.day_number - 1,
            true
        ) as is_new,
        coalesce(
            lead(numbered_days.day_number) over (
                partition by exceptions.exception_id order by exceptions.as_of_date
            ) != numbered_days.day_number + 1,
            true
        ) as is_last_of_episode,
        sum(case when exceptions.in_grace_period then 0 else 1 end) over (
            partition by exceptions.exception_id
            order by exceptions.as_of_date
            rows between unbounded preceding and current row
        ) as days_open_so_far
    from exceptions
    inner join numbered_days
        on exceptions.as_of_date = numbered_days.as_of_date

),

episodes as (

    select
        *,
        max(case when is_new then as_of_date end) over (
            partition by exception_id
            order by as_of_date
            rows between unbounded preceding and current row
        ) as episode_started_on
    from detections

),

resolutions as (

    select
        next_day.as_of_date,
        episodes.rule_name,
        {{ dbt.datediff('episodes.episode_started_on', 'next_day.as_of_date', 'day') }} as days_to_resolve  -- noqa: LT05
    from episodes
    inner join numbered_days as next_day
        on next_day.day_number = episodes.day_number + 1
    where episodes.is_last_of_episode

),

-- noqa: enable=LT02
{% endif %}

detected_per_day as (

    select
        as_of_date,
        rule_name,
        sum(case when in_grace_period then 0 else 1 end) as open_exceptions,
        sum(case when is_new then 1 else 0 end) as new_exceptions,
        sum(case when in_grace_period then 1 else 0 end) as in_grace,
        sum(case when in_grace_period then 0 else amount_at_risk_usd end) as amount_at_risk_usd,
        sum(case when not in_grace_period and days_open_so_far <= sla_days then 1 else 0 end) as open_within_sla,
        min(case when is_new then newest_source_ts end) as new_changed_from,
        max(case when is_new then newest_source_ts end) as new_changed_to,
        sum(case when is_new and newest_source_ts is not null then 1 else 0 end) as new_with_change_time
    from episodes
    group by as_of_date, rule_name

),

resolved_per_day as (

    select
        as_of_date,
        rule_name,
        count(*) as resolved_exceptions,
        avg(days_to_resolve) as mean_days_to_resolve
    from resolutions
    group by as_of_date, rule_name

),

final as (

    select
        numbered_days.as_of_date,
        catalog.rule_name,
        catalog.rule_level,
        cast(coalesce(detected_per_day.open_exceptions, 0) as integer) as open_exceptions,
        cast(coalesce(detected_per_day.new_exceptions, 0) as integer) as new_exceptions,
        cast(coalesce(resolved_per_day.resolved_exceptions, 0) as integer) as resolved_exceptions,
        cast(coalesce(detected_per_day.in_grace, 0) as integer) as in_grace,
        cast(
            {{ decimal_divide('coalesce(detected_per_day.open_exceptions, 0)', 'numbered_days.customers') }}
            as numeric(12, 6)
        ) as mismatch_rate,
        cast(coalesce(detected_per_day.amount_at_risk_usd, 0) as numeric(18, 2)) as amount_at_risk_usd,
        cast(
            {{ decimal_divide('detected_per_day.open_within_sla', 'detected_per_day.open_exceptions') }}
            as numeric(12, 6)
        ) as sla_compliance,
        cast(resolved_per_day.mean_days_to_resolve as numeric(12, 2)) as mean_days_to_resolve,
        cast(detected_per_day.new_changed_from as {{ dbt.type_timestamp() }}) as new_changed_from,
        cast(detected_per_day.new_changed_to as {{ dbt.type_timestamp() }}) as new_changed_to,
        cast(coalesce(detected_per_day.new_with_change_time, 0) as integer) as new_with_change_time
    from numbered_days
    cross join catalog
    left join detected_per_day
        on
            numbered_days.as_of_date = detected_per_day.as_of_date
            and catalog.rule_name = detected_per_day.rule_name
    left join resolved_per_day
        on
            numbered_days.as_of_date = resolved_per_day.as_of_date
            and catalog.rule_name = resolved_per_day.rule_name

)

select * from final
{% if extend %}

union all

select
    as_of_date,
    rule_name,
    rule_level,
    open_exceptions,
    new_exceptions,
    resolved_exceptions,
    in_grace,
    mismatch_rate,
    amount_at_risk_usd,
    sla_compliance,
    mean_days_to_resolve,
    new_changed_from,
    new_changed_to,
    new_with_change_time
from known
{% endif %}
