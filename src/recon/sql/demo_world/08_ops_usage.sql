-- Activity on roughly two days in three over the last 35 days, up to the customer's last usage
-- day; the billed-but-unused get only rows with zero activity inside the usage window.
create or replace table {schema}.ops_usage_daily as
select
    'ten_' || num as tenant_id,
    date '{as_of}' - cast(d.k as integer) as usage_date,
    cast(case when grp = 'billing_without_usage' and d.k < 30 then 0
              else 1 + (cidx + d.k) % 9 end as integer) as active_users,
    cast(case when grp = 'billing_without_usage' and d.k < 30 then 0
              else 10 + (cidx * 7 + d.k) % 300 end as integer) as events
from world, range(0, 36) as d(k)
where has_ops
  and last_usage_days_ago is not null
  and ((d.k >= last_usage_days_ago and (d.k + cidx) % 3 <> 0)
       or d.k = last_usage_days_ago
       or (grp = 'billing_without_usage' and d.k < 30 and d.k % 10 = 1))
