{#- The bridge and the rules tell the same story: on the day built, each bridge line that
    belongs to a customer rule counts as many customers as that rule filed exceptions, in the
    same grace state (rules switched off in the catalog excepted). Each day is tested by the
    run that builds it. -#}
with

bridge as (

    select * from {{ ref('rpt_active_customer_bridge') }}
    where as_of_date = {{ as_of_date() }}

),

exceptions as (

    select * from {{ ref('fact_reconciliation_exceptions') }}
    where as_of_date = {{ as_of_date() }}

),

enabled_rules as (

    select rule_name from {{ ref('rule_catalog') }}
    where enabled

),

rule_lines as (

    select
        as_of_date,
        rule_name,
        in_grace_period,
        sum(customers) as customers
    from bridge
    where rule_name is not null and rule_name != 'UNMAPPED_SOURCE_RECORD'
    group by as_of_date, rule_name, in_grace_period

),

filed as (

    select
        as_of_date,
        rule_name,
        in_grace_period,
        count(*) as exceptions
    from exceptions
    group by as_of_date, rule_name, in_grace_period

),

failures as (

    select
        'rpt_active_customer_bridge: on ' || cast(rule_lines.as_of_date as {{ dbt.type_string() }})
        || ' the ' || rule_lines.rule_name || ' line' || case when rule_lines.in_grace_period then ' (in grace)' else '' end
        || ' counts ' || cast(rule_lines.customers as {{ dbt.type_string() }}) || ' customers, but the rule filed '
        || cast(coalesce(filed.exceptions, 0) as {{ dbt.type_string() }})
        || ' exceptions. The bridge category and the rule disagree: align their conditions.' as failure_message
    from rule_lines
    left join filed
        on
            rule_lines.as_of_date = filed.as_of_date
            and rule_lines.rule_name = filed.rule_name
            and rule_lines.in_grace_period = filed.in_grace_period
    where
        rule_lines.customers != coalesce(filed.exceptions, 0)
        and rule_lines.rule_name in (select enabled_rules.rule_name from enabled_rules)

)

{{ raise_first_failure('failures') }}
