{{ config(materialized='ephemeral') }}
{#- Every exception of every enabled rule on the as-of date, with its stable id, level,
    severity, owner, policy and SLA. The daily marts read this. Ephemeral: compiled into each
    mart that reads it, so no table of it can be left over from another day. The rule models
    are listed here once; test assert_rule_catalog_matches_rule_models fails when a model in
    models/rules/ is missing from this list or from the rule catalog. -#}
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

trust as (

    select * from {{ ref('int_day_guard') }}

),

final as (

    select
        {{ require_as_of_date('rule_rows.as_of_date', "'the rows of rule ' || rule_rows.rule_name") }} as as_of_date,
        cast({{ dbt.hash(
            "rule_rows.rule_name || '|' || coalesce('customer:' || rule_rows.canonical_id, "
            ~ "rule_rows.source_system || ':' || rule_rows.source_id)"
        ) }} as {{ text_type() }}) as exception_id,
        cast(rule_rows.rule_name as {{ text_type() }}) as rule_name,
        cast(catalog.rule_level as {{ text_type() }}) as rule_level,
        cast(rule_rows.canonical_id as {{ text_type() }}) as canonical_id,
        cast(rule_rows.source_system as {{ text_type() }}) as source_system,
        cast(rule_rows.source_id as {{ text_type() }}) as source_id,
        cast({{ severity_for('round(rule_rows.amount_at_risk_usd, 2)') }} as {{ text_type() }}) as severity,
        cast(catalog.owner_team as {{ text_type() }}) as owner_team,
        cast(catalog.response_policy as {{ text_type() }}) as response_policy,
        cast(catalog.sla_days as integer) as sla_days,
        cast(round(rule_rows.amount_at_risk_usd, 2) as numeric(18, 2)) as amount_at_risk_usd,
        cast(rule_rows.in_grace_period as boolean) as in_grace_period,
        cast(rule_rows.newest_source_ts as {{ dbt.type_timestamp() }}) as newest_source_ts,
        cast(rule_rows.details as {{ text_type() }}) as details
    -- The day's check drives the query: its one row is always read, so a refused day fails
    -- even when no rule flags anything (a cross join with an empty side may skip it).
    from trust
    left join rule_rows on true
    left join catalog
        on rule_rows.rule_name = catalog.rule_name
    where trust.day_check = 'trusted' and catalog.enabled

)

select * from final
