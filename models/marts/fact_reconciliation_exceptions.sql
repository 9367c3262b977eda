{#- Every exception of every enabled rule on the as-of date, one partition per as_of_date.
    The rule models are listed here once; test assert_rule_catalog_matches_rule_models fails
    when a model in models/rules/ is missing from this list or from the rule catalog. -#}
{%- set rule_models = [
    ref('rule_billing_active_crm_inactive'),
    ref('rule_billing_active_ops_inactive'),
    ref('rule_crm_active_billing_inactive'),
    ref('rule_missing_in_billing'),
    ref('rule_missing_in_crm'),
    ref('rule_ops_active_billing_inactive'),
    ref('rule_plan_mismatch'),
    ref('rule_revenue_mismatch'),
    ref('rule_seat_count_drift'),
    ref('rule_unmapped_source_record'),
] -%}

with

rule_rows as (

    {{ union_rule_models(rule_models) }}

),

catalog as (

    select * from {{ ref('rule_catalog') }}

),

extracts as (

    {{ require_complete_extracts() }}

),

final as (

    select
        {{ require_as_of_date('rule_rows.as_of_date', "'rule table of ' || rule_rows.rule_name") }} as as_of_date,
        {{ dbt.hash(
            "rule_rows.rule_name || '|' || coalesce('customer:' || rule_rows.canonical_id, "
            ~ "rule_rows.source_system || ':' || rule_rows.source_id)"
        ) }} as exception_id,
        rule_rows.rule_name,
        catalog.rule_level,
        rule_rows.canonical_id,
        rule_rows.source_system,
        rule_rows.source_id,
        {{ severity_for('rule_rows.amount_at_risk_usd') }} as severity,
        catalog.owner_team,
        catalog.response_policy,
        catalog.sla_days,
        cast(round(rule_rows.amount_at_risk_usd, 2) as numeric(18, 2)) as amount_at_risk_usd,
        rule_rows.in_grace_period,
        rule_rows.details
    from rule_rows
    inner join catalog
        on rule_rows.rule_name = catalog.rule_name
    cross join extracts
    where catalog.enabled and extracts.extract_check = 'trusted'

)

select * from final
