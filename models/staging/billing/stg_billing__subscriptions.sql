with

usable as (

    select * from {{ ref('base_billing__subscriptions') }}
    where quarantine_reason is null

),

collapsed as (

    select distinct
        subscription_id,
        min(subscription_id_raw) over (partition by subscription_id) as subscription_id_raw,
        customer_id,
        plan,
        min(status_raw) over (partition by subscription_id, status) as status_raw,
        status,
        quantity,
        unit_amount,
        min(billing_interval_raw) over (partition by subscription_id, billing_interval) as billing_interval_raw,
        billing_interval,
        currency,
        started_at,
        canceled_at,
        updated_at
    from usable

),

versioned as (

    select
        *,
        count(*) over (partition by subscription_id) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version('subscription_id', source_table='billing_subscriptions') }} as subscription_id,
        subscription_id_raw,
        customer_id,
        plan,
        status,
        status_raw,
        quantity,
        unit_amount,
        billing_interval,
        currency,
        started_at,
        canceled_at,
        updated_at
    from versioned

)

select * from final
