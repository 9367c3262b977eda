with

usable as (

    select * from {{ ref('base_billing__invoices') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['invoice_id'],
        columns=['customer_id', 'subscription_id', 'period_start', 'period_end', 'amount_due', 'currency', 'status', 'issued_at'],
        spellings=['invoice_id_raw', 'status_raw'],
    ) }}

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
