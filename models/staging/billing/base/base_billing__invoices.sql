{#- Every row of raw billing_invoices, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_billing__invoices keeps the usable rows, stg_quarantined_rows
    the others. A negative amount_due is quarantined: credit notes are not part of the
    landing contract, and netting one silently would move recognised revenue. -#}
{{ after_data_contracts() }}

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
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        {{ parse_number('amount_due') }} as amount_due,
        upper(trim(currency)) as currency,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ to_utc_timestamp('issued_at') }} as issued_at,
        {{ quarantine_columns(
            quarantine_if_missing_key('invoice_id')
            + quarantine_if_missing_key('customer_id')
            + quarantine_if_not_in_vocabulary('status', 'billing_invoices.status')
            + quarantine_if_missing('period_start')
            + quarantine_if_missing('period_end')
            + quarantine_if_missing('amount_due')
            + quarantine_if_not_a_number('amount_due')
            + quarantine_if_unknown_currency('currency')
            + [[
                'cast(period_end as date) < cast(period_start as date)',
                'period_end_before_start',
                "'period ' || " ~ sql_quote_value('period_start') ~ " || ' to ' || "
                ~ sql_quote_value('period_end') ~ " || ' ends before it starts'",
            ]]
            + quarantine_if_in_future('issued_at')
        ) }}
    from source

)

select * from checked
