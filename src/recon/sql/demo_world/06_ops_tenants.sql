create or replace table {schema}.ops_tenants as
select
    {tenant_key} as tenant_id,
    company || case k when 1 then ' (second site)' else '' end as tenant_name,
    cast(case when cidx % 40 = 23 then upper(tenant_status) else tenant_status end as varchar)
        as status,
    cast(plan as varchar) as plan,
    start_date + 14 as go_live_date,
    case when tenant_status = 'deactivated' then cast(churn_date as timestamp) + interval 14 hour
    end as deactivated_at,
    case when tenant_status = 'deactivated' then cast(churn_date as timestamp) + interval 14 hour
         else ops_ts end as updated_at
from world, range(tenants) as t(k)
where has_ops
