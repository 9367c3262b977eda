with

usable as (

    select * from {{ ref('base_billing__subscriptions') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['subscription_id'],
        columns=['customer_id', 'plan', 'status', 'quantity', 'unit_amount', 'billing_interval', 'currency', 'started_at', 'canceled_at', 'updated_at'],
        spellings=['subscription_id_raw', 'status_raw', 'billing_interval_raw'],
    ) }}

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
