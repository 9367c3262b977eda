{#- The facts' side of `history_extension`: the built day before the run's, how many days
    were built before it, the latest built day, and the detections before the day (all, and
    the open ones: not in grace) and on it. -#}
{% macro history_extension_facts_sql(day) -%}
    select
        max(case when as_of_date < {{ day }} then as_of_date end) as previous_day,
        count(distinct case when as_of_date < {{ day }} then as_of_date end) as days_before,
        max(as_of_date) as latest_day,
        (
            select count(*) from {{ ref('fact_reconciliation_exceptions') }}
            where as_of_date < {{ day }}
        ) as detections_before,
        (
            select coalesce(sum(case when in_grace_period then 0 else 1 end), 0)
            from {{ ref('fact_reconciliation_exceptions') }}
            where as_of_date < {{ day }}
        ) as open_before,
        (
            select count(*) from {{ ref('fact_reconciliation_exceptions') }}
            where as_of_date = {{ day }}
        ) as detections_of_day
    from {{ ref('fact_customer_reconciliation') }}
{%- endmacro %}
