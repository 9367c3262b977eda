-- The monthly billing run, also run on the first replayed day to catch up: every live
-- subscription gets an invoice for the month unless one already covers it (a monthly one for
-- the month, a yearly one for twelve months from it), so that month M always has invoices.
insert into {raw_schema}.billing_invoices by name
with live as (
    select
        *,
        lower(trim(billing_interval)) as interval_word
    from {raw_schema}.billing_subscriptions
    where lower(regexp_replace(trim(status), '[\s-]+', '_', 'g')) in ('active', 'past_due')
      and started_at < $issued_at
      and (canceled_at is null or canceled_at >= $issued_at)
),
due as (
    select *
    from live
    where interval_word in ('month', 'year')
      and not exists (
          select 1
          from {raw_schema}.billing_invoices as invoices
          where lower(trim(invoices.subscription_id)) = lower(trim(live.subscription_id))
            and lower(trim(invoices.status)) not in ('void', 'draft')
            and invoices.period_start <= $month_start
            and invoices.period_end >= $month_start
      )
)
select
    'inv_' || subscription_id || '_' || strftime($month_start, '%Y%m')
        || case when interval_word = 'year' then '_y' else '' end as invoice_id,
    customer_id,
    subscription_id,
    $month_start as period_start,
    cast(
        $month_start + case when interval_word = 'year' then 12 else 1 end * interval 1 month
        - interval 1 day as date
    ) as period_end,
    cast(quantity * unit_amount as decimal(18, 2)) as amount_due,
    currency,
    'open' as status,
    $issued_at as issued_at
from due
