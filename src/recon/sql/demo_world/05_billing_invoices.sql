-- Monthly subscriptions: one invoice per calendar month of the last four (the month before the
-- as-of month is the one REVENUE_MISMATCH reads), paid, and the current month open. Yearly
-- subscriptions: one invoice for the twelve months that contain the month before the as-of
-- month. A few void and draft invoices that the rules must ignore.
create or replace table {schema}.billing_invoices as
with subs as (
    select
        s.subscription_id,
        s.customer_id,
        -- Seats changed today are not invoiced yet: past invoices bill the old quantity.
        case when w.grp = 'lag_seats_changed_today' then w.seats else s.quantity end
            * s.unit_amount as amount,
        s.currency,
        s.billing_interval,
        cast(s.started_at as date) as start_date,
        cast(s.canceled_at as date) as cancel_date,
        w.grp,
        w.cidx,
        w.invoice_factor
    from {schema}.billing_subscriptions as s
    inner join world as w on split_part(s.subscription_id, '_', 2) = w.num
    where lower(trim(s.status)) <> 'trialing'
),
months as (
    select
        subs.*,
        cast(date_trunc('month', date '{as_of}') - m.k * interval 1 month as date) as month_start,
        m.k as months_back
    from subs, range(0, 4) as m(k)
    where trim(lower(billing_interval)) = 'month'
),
monthly as (
    select
        *,
        cast(month_start + interval 1 month - interval 1 day as date) as month_end
    from months
    where month_start >= date_trunc('month', start_date)
      and (cancel_date is null or month_start <= cancel_date)
),
yearly as (
    select
        subs.*,
        cast(
            date_trunc('month', date '{as_of}') - interval 1 month
            - ((datediff('month', date_trunc('month', start_date),
                         date_trunc('month', date '{as_of}') - interval 1 month) % 12)
               * interval 1 month)
            as date
        ) as period_start
    from subs
    where trim(lower(billing_interval)) = 'year'
      and date_trunc('month', start_date) <= date_trunc('month', date '{as_of}') - interval 1 month
      and cancel_date is null
),
invoices as (
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') as invoice_id,
        customer_id,
        subscription_id,
        month_start as period_start,
        month_end as period_end,
        case
            when grp = 'revenue_mismatch' and months_back = 1 then round(amount * invoice_factor, 2)
            else amount
        end as amount_due,
        currency,
        case when months_back = 0 then 'open' else 'paid' end as status,
        cast(month_start as timestamp) + interval 6 hour as issued_at
    from monthly
    union all
    select
        'inv_' || subscription_id || '_' || strftime(period_start, '%Y%m') || '_y',
        customer_id,
        subscription_id,
        period_start,
        cast(period_start + interval 12 month - interval 1 day as date),
        case when grp = 'revenue_mismatch' then round(amount * invoice_factor, 2) else amount end,
        currency,
        'paid',
        cast(period_start as timestamp) + interval 6 hour
    from yearly
    union all
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') || '_void',
        customer_id,
        subscription_id,
        month_start,
        month_end,
        amount * 2,
        currency,
        case when cidx % 40 = 4 then 'void' else 'VOID' end,
        cast(month_start as timestamp) + interval 7 hour
    from monthly
    where months_back = 1 and cidx % 20 = 4
    union all
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') || '_draft',
        customer_id,
        subscription_id,
        month_start,
        month_end,
        amount / 2,
        currency,
        'Draft',
        cast(month_start as timestamp) + interval 8 hour
    from monthly
    where months_back = 1 and cidx % 25 = 6
)
select
    cast(invoice_id as varchar) as invoice_id,
    cast(customer_id as varchar) as customer_id,
    cast(subscription_id as varchar) as subscription_id,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(amount_due as decimal(18, 2)) as amount_due,
    cast(currency as varchar) as currency,
    cast(status as varchar) as status,
    cast(issued_at as timestamp) as issued_at
from invoices
