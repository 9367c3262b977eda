with

source as (

    select * from {{ source('billing', 'billing_invoices') }}

),

normalized as (

    select
        invoice_id as invoice_id_raw,
        {{ normalize_key('invoice_id') }} as invoice_id,
        {{ normalize_key('customer_id') }} as customer_id,
        {{ normalize_key('subscription_id') }} as subscription_id,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(amount_due as numeric(18, 2)) as amount_due,
        upper(trim(currency)) as currency,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ to_utc_timestamp('issued_at') }} as issued_at
    from source

),

collapsed as (

    select distinct
        invoice_id,
        min(invoice_id_raw) over (partition by invoice_id) as invoice_id_raw,
        customer_id,
        subscription_id,
        period_start,
        period_end,
        amount_due,
        currency,
        min(status_raw) over (partition by invoice_id, status) as status_raw,
        status,
        issued_at
    from normalized

),

versioned as (

    select
        *,
        count(*) over (partition by invoice_id) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version('invoice_id', source_table='billing_invoices') }} as invoice_id,
        invoice_id_raw,
        customer_id,
        subscription_id,
        period_start,
        period_end,
        amount_due,
        currency,
        {{ require_accepted_value(
            'status', 'status_raw', ['draft', 'open', 'paid', 'void', 'uncollectible'], key='invoice_id'
        ) }} as status,
        status_raw,
        issued_at
    from versioned

)

select * from final
