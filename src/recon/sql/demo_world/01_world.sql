-- Each raw table is one statement over the per-customer plan (`plan`, with derived columns in
-- `world`). Groups decide what each system says; `k` and `cidx` arithmetic adds the mess.
create or replace temp table world as
select
    p.*,
    'cust_' || lpad(cast(cidx + 1 as varchar), 7, '0') as canonical_id,
    lpad(cast(cidx + 1 as varchar), 7, '0') as num,
    grp not in ('billed_never_in_crm') as has_crm,
    grp not in ('prospect', 'closed_lost') or (grp = 'prospect' and trialing_prospect)
        as has_billing,
    grp not in ('prospect', 'closed_lost') as has_ops,
    grp <> 'unmapped' as mapped,
    case
        when grp = 'prospect' then 'prospect'
        when grp = 'closed_lost' then 'closed_lost'
        when grp in ('crm_churned_still_billed', 'lag_crm_churned_today',
                     'usage_without_billing', 'churned_everywhere') then 'churned'
        else 'active'
    end as crm_status,
    case
        when grp = 'prospect' then 'trialing'
        when grp in ('lag_billing_canceled_today', 'usage_without_billing',
                     'churned_everywhere') then 'canceled'
        when past_due then 'past_due'
        else 'active'
    end as subscription_status,
    case when grp = 'churned_everywhere' then 'deactivated' else 'active' end as tenant_status,
    -- Seats as each system sees them.
    case when grp = 'lag_seats_changed_today' then seats + drift else seats end as billed_seats,
    case
        when grp = 'seat_drift' and drift_up then seats + drift
        when grp = 'seat_drift' then greatest(seats - drift, 0)
        else seats
    end as active_seat_holders,
    case
        when grp = 'lag_plan_changed_today' and plan = 'enterprise' then 'growth'
        when grp = 'lag_plan_changed_today' then 'enterprise'
        else plan
    end as crm_plan,
    case
        when grp = 'plan_mismatch' and plan = 'starter' then 'growth'
        when grp = 'plan_mismatch' then 'starter'
        else plan
    end as billing_plan,
    date '{as_of}' - cast(start_days_ago as integer) as start_date,
    date '{as_of}' - cast(churned_days_ago as integer) as churn_date,
    timestamp '{as_of}' + cast(lag_hours as integer) * interval 1 hour as lag_ts,
    timestamp '{as_of}' - cast(crm_updated_days_ago as integer) * interval 1 day
        + interval 9 hour as crm_ts,
    timestamp '{as_of}' - cast(billing_updated_days_ago as integer) * interval 1 day
        + interval 11 hour as billing_ts,
    timestamp '{as_of}' - cast(ops_updated_days_ago as integer) * interval 1 day
        + interval 13 hour as ops_ts,
    -- Last day with product activity, in days before the as-of date (null: none at all).
    case
        when grp in ('prospect', 'closed_lost', 'churned_everywhere') then null
        when grp = 'billing_without_usage' then 30 + cast(cidx % 3 as integer) * 15
        when grp = 'lag_billing_canceled_today' then 40
        else 0
    end as last_usage_days_ago
from plan as p
