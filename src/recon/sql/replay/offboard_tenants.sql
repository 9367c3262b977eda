-- Raw-table changes shared by several events.
update {raw_schema}.ops_tenants
set status = 'deactivated', deactivated_at = $at, updated_at = $at
where split_part(lower(trim(tenant_id)), '_', 2) = $num and lower(trim(status)) = 'active'
