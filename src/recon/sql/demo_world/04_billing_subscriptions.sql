create or replace table {schema}.billing_subscriptions as
with subs as (
    select
        w.*,
        a.k,
        case
            when duplicate_billing and a.k = 0 then billed_seats - billed_seats // 2
            when duplicate_billing then billed_seats // 2
            else billed_seats
        end as quantity
    from world as w, range(case when duplicate_billing then 2 else 1 end) as a(k)
    where has_billing
)
select
    'sub_' || num || case k when 1 then '_b' else '' end as subscription_id,
    'cus_' || num || case k when 1 then '_b' else '' end as customer_id,
    cast(billing_plan as varchar) as plan,
    cast(case
        when cidx % 40 = 17 then upper(subscription_status)
        when subscription_status = 'past_due' and cidx % 2 = 0 then 'Past-Due'
        when subscription_status = 'canceled' and cidx % 3 = 0 then 'Cancelled'
        else subscription_status
    end as varchar) as status,
    cast(quantity as integer) as quantity,
    cast(case when billing_interval = 'year' then price_month * 12 else price_month end
        as decimal(18, 2)) as unit_amount,
    cast(case when billing_interval = 'year' and cidx % 4 = 0 then ' Year' else billing_interval end
        as varchar) as billing_interval,
    cast(currency as varchar) as currency,
    cast(start_date as timestamp) + interval 10 hour as started_at,
    case
        when grp = 'lag_billing_canceled_today' then lag_ts
        when subscription_status = 'canceled' then cast(churn_date as timestamp) + interval 12 hour
    end as canceled_at,
    case
        when grp in ('lag_billing_canceled_today', 'lag_seats_changed_today') then lag_ts
        when subscription_status = 'canceled' then cast(churn_date as timestamp) + interval 12 hour
        else billing_ts
    end as updated_at
from subs
