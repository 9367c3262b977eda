{#- Every billing customer with its canonical id on the as-of date, what its subscriptions
    bill at the end of that day, the revenue its invoices recognise in month M, and the
    newest timestamp of the customer and its subscriptions (for the sync-lag grace period). -#}
with

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}
    where source_system = 'billing'

),

subscriptions as (

    select * from {{ ref('int_billing_subscriptions_as_of') }}

),

revenue as (

    select * from {{ ref('int_billing_revenue_recognized') }}

),

subscriptions_per_customer as (

    select
        customer_id,
        count(*) as subscriptions,
        {{ dbt.bool_or('is_live') }} as has_live_subscription,
        coalesce(sum(case when is_live then quantity end), 0) as live_seats,
        coalesce(sum(case when is_live then monthly_amount_usd end), 0) as live_mrr_usd,
        min(case when is_live then cast(started_at as date) end) as first_live_started_on,
        {{ dbt.listagg("case when is_live then subscription_id end", "', '", "order by subscription_id") }}
            as live_subscription_ids,
        max(
            {{ newest_of(['updated_at', 'started_at', 'canceled_at']) }}
        ) as newest_subscription_ts
    from subscriptions
    group by customer_id

),

latest_subscription as (

    select
        customer_id,
        subscription_id || ' ' || status
        || coalesce(' ' || cast(cast(canceled_at as date) as {{ dbt.type_string() }}), '')
            as latest_subscription
    from (
        select
            *,
            row_number() over (
                partition by customer_id
                order by coalesce(canceled_at, started_at) desc, subscription_id
            ) as recency
        from subscriptions
    ) as ranked
    where recency = 1

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        customers.customer_id,
        entity_map.canonical_id,
        customers.customer_name,
        customers.is_deleted,
        coalesce(subscriptions_per_customer.subscriptions, 0) as subscriptions,
        coalesce(subscriptions_per_customer.has_live_subscription, false) as has_live_subscription,
        coalesce(subscriptions_per_customer.live_seats, 0) as live_seats,
        coalesce(subscriptions_per_customer.live_mrr_usd, 0) as live_mrr_usd,
        subscriptions_per_customer.first_live_started_on,
        subscriptions_per_customer.live_subscription_ids,
        latest_subscription.latest_subscription,
        coalesce(revenue.revenue_recognized_usd, 0) as revenue_recognized_usd,
        {{ newest_of([
            'customers.updated_at', 'customers.created_at',
            'subscriptions_per_customer.newest_subscription_ts'
        ]) }} as newest_source_ts
    from customers
    left join entity_map
        on customers.customer_id = entity_map.source_id
    left join subscriptions_per_customer
        on customers.customer_id = subscriptions_per_customer.customer_id
    left join latest_subscription
        on customers.customer_id = latest_subscription.customer_id
    left join revenue
        on customers.customer_id = revenue.customer_id

)

select * from final
