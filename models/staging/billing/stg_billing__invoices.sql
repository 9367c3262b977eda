with

usable as (

    select * from {{ ref('base_billing__invoices') }}
    where quarantine_reason is null

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
    from usable

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
        status,
        status_raw,
        issued_at
    from versioned

)

select * from final
