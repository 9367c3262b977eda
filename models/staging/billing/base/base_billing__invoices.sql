{#- Every row of raw billing_invoices, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_billing__invoices keeps the usable rows, stg_quarantined_rows
    the others. A negative amount_due is quarantined: credit notes are not part of the
    landing contract, and netting one silently would move recognised revenue. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('billing', 'billing_invoices')) %}

with

source as (

    select * from {{ source('billing', 'billing_invoices') }}

),

checked as (

    select
        invoice_id as invoice_id_raw,
        {{ normalize_key('invoice_id') }} as invoice_id,
        {{ normalize_key('customer_id') }} as customer_id,
        {{ normalize_key('subscription_id') }} as subscription_id,
        {{ parse_date('period_start', raw_types) }} as period_start,
        {{ parse_date('period_end', raw_types) }} as period_end,
        {{ parse_number('amount_due', column_types=raw_types) }} as amount_due,
        {{ normalize_currency('currency') }} as currency,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ parse_timestamp('issued_at', raw_types) }} as issued_at,
        {{ quarantine_columns(quarantine_checks('billing_invoices', raw_types)) }}
    from source

)

select * from checked
