-- The match story (group unmapped_known_customer, after the key map is made, so none of these
-- records is mapped): each customer of the group gets one new record that belongs to it, of
-- the kind `match_kind` says, named and addressed as `record_name` / `record_email`. Its key
-- carries no customer number (md5 of it), as a system that numbers its own records would.
-- Live, so UNMAPPED_SOURCE_RECORD flags it; changed 3 to 40 days before the as-of date (not
-- in grace). The tenants have no usage yet (product counts unchanged).
create or replace temp table match_story as
select
    *,
    substr(md5('match story ' || num), 1, 12) as new_key,
    timestamp '{as_of}' - cast(3 + cidx % 38 as integer) * interval 1 day + interval 10 hour
        as created_ts,
    cast(2 + cidx % 9 as integer) as new_seats
from world
where match_kind <> '';

insert into {schema}.billing_customers by name
select
    'cus_' || new_key as customer_id,
    record_name as name,
    coalesce(record_email, 'ap@' || domain) as email,
    case when match_kind = 'billing_hint_free_mail' then 'ACC_' || num end as crm_account_ref,
    false as is_deleted,
    created_ts as created_at,
    created_ts as updated_at
from match_story
where match_kind like 'billing%';

insert into {schema}.billing_subscriptions by name
select
    'sub_' || new_key as subscription_id,
    'cus_' || new_key as customer_id,
    'starter' as plan,
    'active' as status,
    new_seats as quantity,
    cast(40 as decimal(18, 2)) as unit_amount,
    'month' as billing_interval,
    cast(currency as varchar) as currency,
    created_ts as started_at,
    cast(null as timestamp) as canceled_at,
    created_ts as updated_at
from match_story
where match_kind like 'billing%';

insert into {schema}.ops_tenants by name
select
    'ten_' || new_key as tenant_id,
    record_name as tenant_name,
    'active' as status,
    cast(plan as varchar) as plan,
    cast(created_ts as date) as go_live_date,
    cast(null as timestamp) as deactivated_at,
    created_ts as updated_at
from match_story
where match_kind like 'tenant%';

insert into {schema}.crm_accounts by name
select
    'acc_' || new_key as account_id,
    record_name as account_name,
    'www.' || domain as domain,
    'active' as status,
    'starter' as plan,
    cast(created_ts as date) - 10 as contract_signed_date,
    cast(created_ts as date) as contract_start_date,
    cast(null as date) as contract_end_date,
    new_seats as contracted_seats,
    cast(new_seats * 40 as decimal(18, 2)) as contract_mrr,
    cast(currency as varchar) as currency,
    false as is_deleted,
    created_ts as updated_at
from match_story
where match_kind = 'crm_division';
