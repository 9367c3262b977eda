{#- Each canonical customer's state in the CRM, billing and the product on the as-of date D,
    money in USD, with readable summaries and the sync-lag grace flag. Rules read this. -#}
with

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}

),

crm_accounts as (

    select
        *,
        not is_deleted and row_number() over (
            partition by canonical_id
            order by is_deleted asc, updated_at desc, account_id asc
        ) = 1 as is_latest_account
    from {{ ref('int_crm_accounts_as_of') }}
    where canonical_id is not null

),

billing_customers as (

    select * from {{ ref('int_billing_customers_as_of') }}
    where canonical_id is not null

),

live_subscriptions as (

    select * from {{ ref('int_billing_subscriptions_as_of') }}
    where canonical_id is not null and is_live

),

tenants as (

    select * from {{ ref('int_ops_tenants_as_of') }}
    where canonical_id is not null

),

customers as (

    select distinct canonical_id
    from entity_map

),

crm_state as (

    select
        canonical_id,
        {{ dbt.bool_or('not is_deleted') }} as crm_present,
        {{ dbt.bool_or('is_active_account') }} as crm_active,
        coalesce(sum(case when is_active_account then contract_mrr_usd end), 0) as revenue_expected,
        sum(case when is_active_account then contracted_seats end) as contracted_seats,
        min(case when is_active_account then contract_start_date end) as crm_active_since,
        max(case when not is_deleted and not is_active_account then contract_end_date end) as crm_ended_on,
        max(case when is_latest_account then status end) as crm_latest_status,
        {{ dbt.listagg("case when not is_deleted then account_id end", "', '", "order by account_id") }}
            as crm_account_ids,
        max(updated_at) as crm_newest_ts
    from crm_accounts
    group by canonical_id

),

billing_state as (

    select
        canonical_id,
        {{ dbt.bool_or('not is_deleted') }} as billing_present,
        {{ dbt.bool_or('not is_deleted and has_live_subscription') }} as billing_active,
        coalesce(sum(case when not is_deleted then live_seats end), 0) as billed_seats,
        coalesce(sum(case when not is_deleted then live_mrr_usd end), 0) as billed_mrr,
        coalesce(sum(case when not is_deleted then revenue_recognized_usd end), 0) as revenue_recognized,
        min(case when not is_deleted then first_live_started_on end) as first_live_started_on,
        {{ dbt.listagg("case when not is_deleted then live_subscription_ids end", "', '", "order by live_subscription_ids") }}
            as live_subscription_ids,
        {{ dbt.listagg("case when not is_deleted then latest_subscription end", "', '", "order by latest_subscription") }}
            as latest_subscriptions,
        {{ dbt.listagg("case when not is_deleted then customer_id end", "', '", "order by customer_id") }}
            as billing_customer_ids,
        max(newest_source_ts) as billing_newest_ts
    from billing_customers
    group by canonical_id

),

ops_state as (

    select
        canonical_id,
        count(*) > 0 as ops_present,
        {{ dbt.bool_or('has_recent_activity') }} as ops_active,
        sum(active_providers) as active_providers,
        max(last_active_on) as last_active_on,
        {{ dbt.listagg("tenant_id", "', '", "order by tenant_id") }} as tenant_ids,
        max(updated_at) as ops_newest_ts
    from tenants
    group by canonical_id

),

plans as (

    select
        canonical_id,
        'crm' as source_system,
        plan
    from crm_accounts
    where is_active_account and plan is not null
    union all
    select
        live_subscriptions.canonical_id,
        'billing' as source_system,
        live_subscriptions.plan
    from live_subscriptions
    inner join billing_customers
        on live_subscriptions.customer_id = billing_customers.customer_id
    where not billing_customers.is_deleted and live_subscriptions.plan is not null
    union all
    select
        canonical_id,
        'ops' as source_system,
        plan
    from tenants
    where status = 'active' and plan is not null

),

plan_state as (

    select
        canonical_id,
        count(distinct plan) as distinct_plans,
    {%- for system in ['crm', 'billing', 'ops'] %}
        {{ dbt.listagg(
            "distinct case when source_system = '" ~ system ~ "' then plan end", "', '",
            "order by case when source_system = '" ~ system ~ "' then plan end"
        ) }} as {{ system }}_plan{{ ',' if not loop.last }}
    {%- endfor %}
    from plans
    group by canonical_id

),

joined as (

    select
        {{ as_of_date() }} as as_of_date,
        customers.canonical_id,
        coalesce(crm_state.crm_present, false) as crm_present,
        coalesce(crm_state.crm_active, false) as crm_active,
        coalesce(crm_state.revenue_expected, 0) as revenue_expected,
        crm_state.contracted_seats,
        crm_state.crm_active_since,
        crm_state.crm_ended_on,
        crm_state.crm_latest_status,
        crm_state.crm_account_ids,
        coalesce(billing_state.billing_present, false) as billing_present,
        coalesce(billing_state.billing_active, false) as billing_active,
        coalesce(billing_state.billed_seats, 0) as billed_seats,
        coalesce(billing_state.billed_mrr, 0) as billed_mrr,
        coalesce(billing_state.revenue_recognized, 0) as revenue_recognized,
        billing_state.first_live_started_on,
        billing_state.live_subscription_ids,
        billing_state.latest_subscriptions,
        billing_state.billing_customer_ids,
        coalesce(ops_state.ops_present, false) as ops_present,
        coalesce(ops_state.ops_active, false) as ops_active,
        coalesce(ops_state.active_providers, 0) as active_providers,
        ops_state.last_active_on,
        ops_state.tenant_ids,
        coalesce(plan_state.distinct_plans, 0) as distinct_plans,
        plan_state.crm_plan,
        plan_state.billing_plan,
        plan_state.ops_plan,
        {{ newest_of(['crm_state.crm_newest_ts', 'billing_state.billing_newest_ts', 'ops_state.ops_newest_ts']) }}
            as newest_source_ts
    from customers
    left join crm_state
        on customers.canonical_id = crm_state.canonical_id
    left join billing_state
        on customers.canonical_id = billing_state.canonical_id
    left join ops_state
        on customers.canonical_id = ops_state.canonical_id
    left join plan_state
        on customers.canonical_id = plan_state.canonical_id

),

final as (

    select
        *,
        {{ in_grace_period('newest_source_ts') }} as in_grace_period,
        case
            when crm_active then 'active'
            when crm_present then crm_latest_status
            else 'missing'
        end as crm_status,
        case
            when billing_active then 'active'
            when billing_present then 'inactive'
            else 'missing'
        end as billing_status,
        case
            when ops_active then 'active'
            when ops_present then 'inactive'
            else 'missing'
        end as ops_status,
        case
            when crm_active
                then
                    'CRM: active since ' || coalesce(cast(crm_active_since as {{ dbt.type_string() }}), 'an unknown date')
                    || ' (' || crm_account_ids || '), ' || coalesce(cast(contracted_seats as {{ dbt.type_string() }}), 'unknown')
                    || ' seats, ' || {{ format_amount('revenue_expected') }} || ' USD/mo'
            when crm_present
                then
                    'CRM: ' || crm_latest_status
                    || coalesce(' since ' || cast(crm_ended_on as {{ dbt.type_string() }}), '')
                    || ' (' || crm_account_ids || ')'
            else 'CRM: no account'
        end as crm_summary,
        case
            when billing_active
                then
                    'billing: subscription ' || live_subscription_ids || ' live, '
                    || cast(billed_seats as {{ dbt.type_string() }}) || ' seats, '
                    || {{ format_amount('billed_mrr') }} || ' USD/mo'
            when billing_present
                then
                    'billing: no live subscription ('
                    || coalesce('subscription ' || latest_subscriptions, 'customer ' || billing_customer_ids || ' has none')
                    || ')'
            else 'billing: no customer'
        end as billing_summary,
        case
            when ops_present
                then
                    'product: tenant ' || tenant_ids || ', '
                    || cast(active_providers as {{ dbt.type_string() }}) || ' active providers, '
                    || coalesce(
                        'last activity ' || cast(last_active_on as {{ dbt.type_string() }}),
                        'no activity in the last {{ var("usage_window_days") }} days'
                    )
            else 'product: no tenant'
        end as ops_summary
    from joined

)

select * from final
