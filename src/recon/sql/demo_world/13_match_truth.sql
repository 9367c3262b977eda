-- What the generator knows and the build never reads (schema demo_truth): the customer each
-- unmapped live record truly belongs to, null for the brand-new customers of group
-- `unmapped`, whom no canonical id exists for. `recon match evaluate` scores the match
-- suggestions against it.
create schema if not exists demo_truth;

create or replace table demo_truth.match_truth as
select
    source_system,
    lower(source_id) as source_id,
    cast(true_canonical_id as varchar) as true_canonical_id,
    cast(kind as varchar) as story_kind
from (
    select
        case
            when match_kind like 'billing%' then 'billing'
            when match_kind like 'tenant%' then 'ops'
            else 'crm'
        end as source_system,
        case
            when match_kind like 'billing%' then 'cus_'
            when match_kind like 'tenant%' then 'ten_'
            else 'acc_'
        end || new_key as source_id,
        canonical_id as true_canonical_id,
        match_kind as kind
    from match_story
    union all
    select 'crm', 'acc_' || num, null, 'new_customer' from world where grp = 'unmapped'
    union all
    select 'billing', 'cus_' || num, null, 'new_customer' from world where grp = 'unmapped'
    union all
    select 'ops', 'ten_' || num, null, 'new_customer' from world where grp = 'unmapped'
) as truth
