{#- Every billing subscription with its customer's canonical id on the as-of date, whether it
    is live at the end of that day, and its monthly amount in USD. -#}
with

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}
    where source_system = 'billing'

),

rates as (

    select * from {{ ref('int_fx_rates_as_of') }}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        subscriptions.subscription_id,
        subscriptions.customer_id,
        entity_map.canonical_id,
        subscriptions.status,
        subscriptions.status in ('active', 'past_due')
        and subscriptions.started_at < {{ observation_cutoff() }}
        and (
            subscriptions.canceled_at is null
            or subscriptions.canceled_at >= {{ observation_cutoff() }}
        ) as is_live,
        subscriptions.plan,
        subscriptions.quantity,
        subscriptions.unit_amount,
        subscriptions.billing_interval,
        subscriptions.currency,
        {{ decimal_divide(
            convert_to_usd(
                'subscriptions.quantity * subscriptions.unit_amount', 'subscriptions.currency',
                'rates.rate_to_usd', "'billing subscription ' || subscriptions.subscription_id"
            ),
            "case when subscriptions.billing_interval = 'year' then 12 else 1 end"
        ) }} as monthly_amount_usd,
        subscriptions.started_at,
        subscriptions.canceled_at,
        subscriptions.updated_at
    from subscriptions
    left join entity_map
        on subscriptions.customer_id = entity_map.source_id
    left join rates
        on subscriptions.currency = rates.currency

)

select * from final
