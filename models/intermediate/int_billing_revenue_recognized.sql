{#- Revenue each billing customer's invoices recognise in month M (the calendar month before
    the as-of month), in USD. An invoice that is neither `void` nor `draft` and whose period
    covers k calendar months (period_start to period_end, both inclusive) recognises
    amount_due / k in each month it covers. -#}
with

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

rates as (

    select * from {{ ref('int_fx_rates_as_of') }}

),

covering_month as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        invoices.amount_due,
        invoices.currency,
        rates.rate_to_usd,
        {{ dbt.datediff('invoices.period_start', 'invoices.period_end', 'month') }} + 1  -- noqa: LT05
            as months_covered
    from invoices
    left join rates
        on invoices.currency = rates.currency
    where
        invoices.status not in ('void', 'draft')
        and invoices.period_start <= {{ revenue_month_end() }}
        and invoices.period_end >= {{ revenue_month_start() }}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        customer_id,
        count(*) as invoices_in_month,
        sum(
            {{ decimal_divide(
                convert_to_usd('amount_due', 'currency', 'rate_to_usd', "'billing invoice ' || invoice_id"),
                'months_covered'
            ) }}
        ) as revenue_recognized_usd
    from covering_month
    group by customer_id

)

select * from final
