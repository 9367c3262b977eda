{#- The day's bridges close to the unit: the start count plus every explained line equals the
    end count, which is computed independently from the system's own records. Each day is
    tested by the run that builds it (the other days are as their runs left them). -#}
with

bridge as (

    select * from {{ ref('rpt_active_customer_bridge') }}
    where as_of_date = {{ as_of_date() }}

),

totals as (

    select
        as_of_date,
        bridge,
        sum(case when line_type != 'end' then records else 0 end) as explained_total,
        sum(case when line_type = 'end' then records else 0 end) as end_count
    from bridge
    group by as_of_date, bridge

),

failures as (

    select
        'rpt_active_customer_bridge: ' || bridge || ' on ' || cast(as_of_date as {{ dbt.type_string() }})
        || ' does not close: start plus explained lines give ' || cast(explained_total as {{ dbt.type_string() }})
        || ', the end count is ' || cast(end_count as {{ dbt.type_string() }})
        || '. A category of records is not explained: add a line for it.' as failure_message
    from totals
    where explained_total != end_count

)

{{ raise_first_failure('failures') }}
