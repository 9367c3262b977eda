{{ config(materialized='incremental', incremental_strategy=history_strategy(), partition_by=none, on_schema_change='append_new_columns') }}
{#- The drift sensor: per built day and rule, are the day's new exceptions (the trend's
    new_exceptions, in grace or not) far above the rule's usual count? Read from
    rpt_exception_trend alone, which holds one row per built day and rule, so the whole
    history is recomputed on every build at the cost of days x rules rows (3,650 after a
    year), never of the detections; a backfill or a change of the vars is therefore seen on
    every day at once, whatever order the days were built in.

    - Baseline: the built days of the `drift_baseline_weeks` whole weeks before the day (the
      weekly rhythm averages out), never the first built day of all history (there every
      exception is new). baseline_mean is their mean new exceptions a day, the busiest day
      left out (one burst does not raise the bar for a month), rounded to 2 decimals.
    - Threshold: with at least `drift_min_baseline_days` such days, the larger of
      `drift_min_new_exceptions` and the first whole count above
      baseline_mean + `drift_margin_factor` x sqrt(baseline_mean) (counts of independent
      events scatter by about the square root of their mean). With fewer days there is no
      threshold and no alert: the sensor needs a baseline (the digest still lists what is
      new).
    - An alert: new_exceptions >= alert_threshold.
    Known behaviour: a rule added to the catalog or enabled again alerts on its first day
    with its whole backlog (every exception it finds is new). The trend cannot tell the days
    a rule was off from quiet days: it has a row for every catalog rule on every built day,
    zero when the rule found nothing, and the catalog keeps no dates. Only that day alerts:
    the next days leave it out of their baseline as the busiest day. -#}
{%- set window_days = 7 * checked_var('drift_baseline_weeks') -%}
{%- set min_baseline_days = checked_var('drift_min_baseline_days') -%}
{%- set min_new = checked_var('drift_min_new_exceptions') -%}
{%- set margin_factor = checked_var('drift_margin_factor') %}
with

trend as (

    select
        as_of_date,
        rule_name,
        new_exceptions,
        new_changed_from,
        new_changed_to,
        new_with_change_time
    from {{ ref('rpt_exception_trend') }}

),

catalog as (

    select * from {{ ref('rule_catalog') }}

),

readings as (

    -- Every built day but the first of all history, on which every exception is new.
    select trend.*
    from trend
    where trend.as_of_date > (select min(first_day.as_of_date) from trend as first_day)

),

baseline as (

    select
        trend.as_of_date,
        trend.rule_name,
        count(readings.as_of_date) as baseline_days,
        coalesce(sum(readings.new_exceptions), 0) as baseline_total,
        coalesce(max(readings.new_exceptions), 0) as busiest_day
    from trend
    left join readings
        on
            trend.rule_name = readings.rule_name
            and {{ dbt.datediff('readings.as_of_date', 'trend.as_of_date', 'day') }} between 1 and {{ window_days }}  -- noqa: LT05
    group by trend.as_of_date, trend.rule_name

),

means as (

    select
        *,
        cast(round(
            case
                when baseline_days >= 2
                    then {{ decimal_divide('baseline_total - busiest_day', 'baseline_days - 1') }}
                else {{ decimal_divide('baseline_total', 'baseline_days') }}
            end, 2
        ) as numeric(12, 2)) as baseline_mean
    from baseline

),

thresholds as (

    select
        *,
        case
            when baseline_days >= {{ min_baseline_days }}
                then greatest(
                        {{ min_new }},
                        cast(floor(cast(
                            baseline_mean + {{ margin_factor }} * cast(sqrt(baseline_mean) as numeric(28, 10))
                            as numeric(28, 6)
                        )) as integer) + 1
                    )
        end as alert_threshold
    from means

),

final as (

    select
        trend.as_of_date,
        cast(trend.rule_name as {{ dbt.type_string() }}) as rule_name,
        cast(catalog.owner_team as {{ dbt.type_string() }}) as owner_team,
        cast(trend.new_exceptions as integer) as new_exceptions,
        cast(thresholds.baseline_days as integer) as baseline_days,
        thresholds.baseline_mean,
        cast(thresholds.alert_threshold as integer) as alert_threshold,
        coalesce(trend.new_exceptions >= thresholds.alert_threshold, false) as is_alert,
        trend.new_changed_from as cause_window_start,
        trend.new_changed_to as cause_window_end,
        cast(trend.new_with_change_time as integer) as involved_exceptions,
        cast(case
            when trend.new_exceptions >= thresholds.alert_threshold
                then trend.rule_name || ': ' || {{ format_count('trend.new_exceptions') }}
                    || ' new exceptions on ' || cast(trend.as_of_date as {{ dbt.type_string() }})
                    || ' against a baseline of ' || cast(thresholds.baseline_mean as {{ dbt.type_string() }})
                    || ' a day over ' || cast(thresholds.baseline_days as {{ dbt.type_string() }})
                    || ' days (alert from ' || cast(thresholds.alert_threshold as {{ dbt.type_string() }}) || ')'
                    || coalesce(
                        '; the records changed between '
                        || left(cast(trend.new_changed_from as {{ dbt.type_string() }}), 16) || ' and '
                        || left(cast(trend.new_changed_to as {{ dbt.type_string() }}), 16) || ' UTC',
                        ''
                    )
        end as {{ dbt.type_string() }}) as alert_summary
    from trend
    inner join thresholds
        on
            trend.as_of_date = thresholds.as_of_date
            and trend.rule_name = thresholds.rule_name
    left join catalog
        on trend.rule_name = catalog.rule_name

)

select * from final
