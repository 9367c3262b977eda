-- Active seat holders are split over a customer's tenants; a few deactivated ones are added.
create or replace table {schema}.ops_providers as
with tenants as (
    select
        w.*,
        t.k as tenant_no,
        case
            when tenant_status = 'deactivated' then 0
            when tenants = 2 and t.k = 0 then active_seat_holders - active_seat_holders // 2
            when tenants = 2 then active_seat_holders // 2
            else active_seat_holders
        end as active_here,
        case when t.k = 0 then inactive_providers else 0 end
            + case when tenant_status = 'deactivated' then active_seat_holders else 0 end
            as inactive_here
    from world as w, range(tenants) as t(k)
    where has_ops
)
select
    'prv_' || num || '_' || cast(tenant_no as varchar) || '_' || lpad(cast(p.i as varchar), 4, '0')
        as provider_id,
    'ten_' || num || case tenant_no when 1 then '_b' else '' end as tenant_id,
    p.i < active_here as is_active,
    cast(start_date as timestamp) + (p.i % 30) * interval 1 day + interval 9 hour as activated_at,
    case when p.i >= active_here
        then least(cast(churn_date as timestamp), timestamp '{as_of}' - interval 3 day)
    end as deactivated_at
from tenants, range(active_here + inactive_here) as p(i)
