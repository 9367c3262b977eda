create or replace table {schema}.billing_customers as
select
    {billing_customer_key} as customer_id,
    company || case k when 1 then ' (subsidiary)' else '' end
    || case when cidx % 3 = 0 then '' else ' ' || legal_form end as name,
    billing_email as email,
    case when has_crm and cidx % 5 <> 0 then 'ACC_' || num end as crm_account_ref,
    grp = 'churned_everywhere' and cidx % 7 = 0 as is_deleted,
    cast(start_date as timestamp) + interval 8 hour as created_at,
    case when grp = 'lag_billing_canceled_today' then lag_ts else billing_ts end as updated_at
from world, range(case when duplicate_billing then 2 else 1 end) as a(k)
where has_billing
