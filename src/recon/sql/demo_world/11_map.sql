-- The key map. Every mapped record of a customer maps to its canonical id from 2019-01-01 on;
-- a few billing customers were first mapped to a legacy id and remapped on 2024-01-01; a few
-- ids are written in another case or with spaces, as people write them.
create or replace temp table entity_map as
with records as (
    select canonical_id, 'crm' as source_system, trim(lower(account_id)) as source_id, cidx,
           false as remapped
    from {schema}.crm_accounts as a
    inner join world as w on split_part(trim(lower(a.account_id)), '_', 2) = w.num
    where w.mapped
    union
    select canonical_id, 'billing', trim(lower(customer_id)), cidx, remapped_billing
    from {schema}.billing_customers as b
    inner join world as w on split_part(trim(lower(b.customer_id)), '_', 2) = w.num
    where w.mapped
    union
    select canonical_id, 'ops', trim(lower(tenant_id)), cidx, false
    from {schema}.ops_tenants as t
    inner join world as w on split_part(trim(lower(t.tenant_id)), '_', 2) = w.num
    where w.mapped
)
select
    canonical_id,
    source_system,
    case
        when cidx % 61 = 5 then upper(source_id)
        when cidx % 61 = 17 then ' ' || source_id || '  '
        else source_id
    end as source_id,
    case when remapped then date '2024-01-01' else date '2019-01-01' end as effective_from,
    cast(null as date) as effective_to,
    case when remapped then 'moved from the legacy billing account after the 2024 migration'
    end as notes
from records
union all
select
    replace(canonical_id, 'cust_', 'legacy_'),
    source_system,
    source_id,
    date '2021-01-01',
    date '2024-01-01',
    'legacy billing account, merged into ' || canonical_id
from records
where remapped
