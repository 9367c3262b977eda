-- A usage row for every active tenant, unless its customer's product is meant to stay unused.
insert into {raw_schema}.ops_usage_daily by name
select
    lower(trim(tenants.tenant_id)) as tenant_id,
    $day as usage_date,
    cast(1 + hash(lower(trim(tenants.tenant_id)), $day) % 9 as integer) as active_users,
    cast(10 + hash($day, lower(trim(tenants.tenant_id))) % 300 as integer) as events
from {raw_schema}.ops_tenants as tenants
where lower(trim(tenants.status)) = 'active'
  and split_part(lower(trim(tenants.tenant_id)), '_', 2) not in (
      select num from {replay_schema}.world where grp in ({no_usage_groups})
  )
  and not exists (
      select 1
      from {raw_schema}.ops_usage_daily as usage
      where lower(trim(usage.tenant_id)) = lower(trim(tenants.tenant_id))
        and usage.usage_date = $day
  )
