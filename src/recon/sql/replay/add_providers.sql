insert into {raw_schema}.ops_providers by name
select
    'prv_' || $num || '_0_' || lpad(cast(p.i as varchar), 4, '0') as provider_id,
    'ten_' || $num as tenant_id,
    true as is_active,
    $at as activated_at
from range($first, $first + $count) as p(i)
