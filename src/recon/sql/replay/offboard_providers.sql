update {raw_schema}.ops_providers
set is_active = false, deactivated_at = $at
where split_part(lower(trim(tenant_id)), '_', 2) = $num and is_active
