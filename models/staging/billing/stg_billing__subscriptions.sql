with

source as (

    select * from {{ source('billing', 'billing_subscriptions') }}

),

normalized as (

    select
        subscription_id as subscription_id_raw,
        {{ normalize_key('subscription_id') }} as subscription_id,
        {{ normalize_key('customer_id') }} as customer_id,
        {{ normalize_text('plan') }} as plan,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        cast(quantity as integer) as quantity,
        cast(unit_amount as numeric(18, 2)) as unit_amount,
        billing_interval as billing_interval_raw,
        {{ normalize_status('billing_interval') }} as billing_interval,
        upper(trim(currency)) as currency,
        {{ to_utc_timestamp('started_at') }} as started_at,
        {{ to_utc_timestamp('canceled_at') }} as canceled_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at
    from source

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
    from normalized

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
        {{ require_accepted_value(
            'status', 'status_raw', ['trialing', 'active', 'past_due', 'canceled', 'unpaid'], key='subscription_id'
        ) }} as status,
        status_raw,
        quantity,
        unit_amount,
        {{ require_accepted_value(
            'billing_interval', 'billing_interval_raw', ['month', 'year'], key='subscription_id'
        ) }} as billing_interval,
        currency,
        started_at,
        canceled_at,
        updated_at
    from versioned

)

select * from final
