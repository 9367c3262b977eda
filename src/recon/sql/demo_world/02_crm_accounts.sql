create or replace table {schema}.crm_accounts as
with accounts as (
    select w.*, a.k
    from world as w, range(3) as a(k)
    where has_crm and (a.k = 0 or (a.k = 1 and duplicate_crm) or (a.k = 2 and deleted_crm_twin))
),
shaped as (
    select
        *,
        'acc_' || num || case k when 0 then '' when 1 then '_b' else '_old' end as clean_id,
        case
            when duplicate_crm and k = 0 then billed_seats - billed_seats // 2
            when duplicate_crm then billed_seats // 2
            else billed_seats
        end as account_seats
    from accounts
)
select
    {crm_account_key} as account_id,
    company || ' ' || legal_form as account_name,
    -- The web domain as sales types it: mostly bare, sometimes with www. or a scheme.
    case
        when cidx % 9 = 0 then null
        when cidx % 11 = 1 then 'www.' || domain
        when cidx % 13 = 2 then 'https://' || domain || '/'
        else domain
    end as domain,
    cast(case
        when cidx % 40 = 3 then ' ' || upper(left(crm_status, 1)) || substr(crm_status, 2) || ' '
        when cidx % 40 = 11 then upper(crm_status)
        when crm_status = 'closed_lost' and cidx % 2 = 0 then 'Closed Lost'
        else crm_status
    end as varchar) as status,
    cast(crm_plan as varchar) as plan,
    start_date - 10 as contract_signed_date,
    start_date as contract_start_date,
    case
        when grp = 'lag_crm_churned_today' then date '{as_of}'
        when crm_status = 'churned' then churn_date
    end as contract_end_date,
    cast(case when grp = 'lag_seats_changed_today' then seats else account_seats end as integer)
        as contracted_seats,
    cast(
        case when grp = 'lag_seats_changed_today' then seats else account_seats end * price_month
        as decimal(18, 2)
    ) as contract_mrr,
    cast(currency as varchar) as currency,
    k = 2 as is_deleted,
    case
        when grp in ('lag_crm_churned_today', 'lag_plan_changed_today') and k = 0 then lag_ts
        when crm_status = 'churned' then cast(churn_date as timestamp) + interval 10 hour
        else crm_ts
    end as updated_at
from shaped
