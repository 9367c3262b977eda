{#- Every row of raw billing_subscriptions, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_billing__subscriptions keeps the usable rows,
    stg_quarantined_rows the others. started_at may lie in the future (a scheduled start). -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('billing', 'billing_subscriptions')) %}

with

source as (

    select * from {{ source('billing', 'billing_subscriptions') }}

),

checked as (

    select
        subscription_id as subscription_id_raw,
        {{ normalize_key('subscription_id') }} as subscription_id,
        {{ normalize_key('customer_id') }} as customer_id,
        {{ normalize_text('plan') }} as plan,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ parse_number('quantity', integer=true, column_types=raw_types) }} as quantity,
        {{ parse_number('unit_amount', column_types=raw_types) }} as unit_amount,
        billing_interval as billing_interval_raw,
        {{ normalize_status('billing_interval') }} as billing_interval,
        {{ normalize_currency('currency') }} as currency,
        {{ parse_timestamp('started_at', raw_types) }} as started_at,
        {{ parse_timestamp('canceled_at', raw_types) }} as canceled_at,
        {{ parse_timestamp('updated_at', raw_types) }} as updated_at,
        {{ quarantine_columns(quarantine_checks('billing_subscriptions', raw_types)) }}
    from source

)

select * from checked
