{#- The facts' side of `history_extension`: the built day before the run's, how many days
    were built before it, the latest built day, and the detections before the day (all, and
    the open ones: not in grace, counted as the marts count them) and on it, in one scan of
    each fact table. -#}
{% macro history_extension_facts_sql(day) -%}
    with

    built as (

        select
            max(case when as_of_date < {{ day }} then as_of_date end) as previous_day,
            count(distinct case when as_of_date < {{ day }} then as_of_date end) as days_before,
            max(as_of_date) as latest_day
        from {{ ref('fact_customer_reconciliation') }}

    ),

    detected as (

        select
            coalesce(sum(case when as_of_date < {{ day }} then 1 else 0 end), 0) as detections_before,
            coalesce(sum(case
                when as_of_date = {{ day }} or in_grace_period then 0 else 1
            end), 0) as open_before,
            coalesce(sum(case when as_of_date = {{ day }} then 1 else 0 end), 0) as detections_of_day
        from {{ ref('fact_reconciliation_exceptions') }}
        where as_of_date <= {{ day }}

    )

    select * from built cross join detected
{%- endmacro %}
