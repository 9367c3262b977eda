-- =============================================================================================
-- reference_rules.sql: the ten reconciliation rules for one as-of day, by hand, in one DuckDB
-- SELECT. No dbt model or macro is read: this is the "hand-written query" the performance
-- benchmark compares with `dbt build`. On the same data it must return exactly the rows of
--
--     select rule_name, canonical_id, source_system, source_id, amount_at_risk_usd, in_grace_period
--     from recon_marts.fact_reconciliation_exceptions where as_of_date = <D>
--
-- PARAMETERS (they appear only in the first CTE, `params`)
--   $as_of   DATE       the as-of day D.
--   $now     TIMESTAMP  "now" in UTC: when the run starts (dbt's run_started_at). A source
--                       timestamp more than 24 h after it quarantines its row.
--   Either bind them as DuckDB prepared-statement named parameters,
--       con.execute(sql, {"as_of": datetime.date(2026, 6, 15), "now": datetime.datetime.utcnow()})
--   or replace the two placeholders by literals before running the text, e.g.
--       $as_of -> DATE '2026-06-15'     $now -> TIMESTAMP '2026-12-01 10:00:00'
--
-- TABLES READ (fixed names, no other parameter)
--   raw.crm_accounts, raw.billing_customers, raw.billing_subscriptions, raw.billing_invoices,
--   raw.ops_tenants, raw.ops_providers, raw.ops_usage_daily   (the landing contract)
--   reference.canonical_entity_map   load of seeds/canonical_entity_map.csv (or a view over the
--                                    map's warehouse table, var canonical_map_table)
--   reference.fx_rates               load of seeds/fx_rates.csv
--   The two reference tables may be loaded with any column types (e.g. read_csv_auto): the
--   script casts them as the seeds' column_types do (dates, decimal(18, 8) rates, text).
--
-- DEFAULTS BUILT IN (dbt_project.yml vars; change them in `params`)
--   usage_window_days 30, seat tolerance max(1, 10 % of billed seats), revenue tolerance
--   max(1.00 USD, 1 % of expected MRR), sync_lag_tolerance_hours 24, future_tolerance_hours 24.
--
-- OUTPUT: rule_name, canonical_id, source_system, source_id, amount_at_risk_usd (2 decimals),
--   in_grace_period. Customer rules: source_system and source_id null. UNMAPPED_SOURCE_RECORD:
--   canonical_id null, source_id the normalised key.
--
-- HOW THE PROJECT IS FOLLOWED where the spec leaves room (models/rules/*.yml, "Reading of the
-- spec"), and what is left out, is said in benchmarks/README.md. In short:
--   * keys: Unicode NFC, surrounding ASCII white space (space \t \n \v \f \r) trimmed,
--     lower-cased, blank = null; status words the same plus inner white space / hyphens -> '_'
--     and 'cancelled' -> 'canceled'; plans trimmed and lower-cased; currencies trimmed and
--     upper-cased; map canonical_ids trimmed only.
--   * a raw row the project quarantines is left out (missing key or required value, status
--     outside the vocabulary, amount that is not a number or is negative, currency without
--     any fx row, invoice period ending before it starts, timestamp > $now + 24 h); exact
--     duplicates (after normalisation) collapse to one row.
--   * amounts follow the project's decimal arithmetic step by step (divisions as exact
--     decimals rounded to 6 places, the rule amount cast to decimal(28, 6), then rounded to
--     cents), so the cents agree exactly.
--   * raw date/timestamp columns are expected typed, as the landing contract lands them
--     (a text-landed value is read by DuckDB's try_cast; an offset in it is not converted).
--   * not reproduced: the rule catalog's `enabled` switch (all ten rules on), the day guards
--     (completeness and quarantine ratio) and the build errors for a key with two different
--     rows; a currency whose first rate starts after D raises an error, as the build does.
-- =============================================================================================

with

-- ---------------------------------------------------------------------------------------------
-- Parameters and the dates derived from them
-- ---------------------------------------------------------------------------------------------
params as (

    select
        as_of_date,
        -- the observation cutoff: end of D, D + 1 day 00:00 UTC
        cast(as_of_date + interval 1 day as timestamp) as cutoff,
        -- grace: newest involved timestamp strictly after cutoff - 24 h
        cast(as_of_date + interval 1 day as timestamp) - interval 24 hour as grace_after,
        -- quarantine: a source timestamp strictly after now + 24 h is implausible
        now_utc + interval 24 hour as latest_plausible_ts,
        -- usage window (D - 30, D]: this day is excluded
        cast(as_of_date - interval 30 day as date) as usage_window_after,
        -- month M, the calendar month before D's month
        cast(date_trunc('month', as_of_date) - interval 1 month as date) as month_start,
        cast(date_trunc('month', as_of_date) - interval 1 day as date) as month_end,
        1 as seat_tolerance_abs,
        10 as seat_tolerance_pct,
        1.0 as revenue_tolerance_abs,
        1 as revenue_tolerance_pct
    from (select cast($as_of as date) as as_of_date, cast($now as timestamp) as now_utc) as given

),

-- ---------------------------------------------------------------------------------------------
-- Reference data: fx rates and the key map as of D
-- ---------------------------------------------------------------------------------------------
fx_rates as (

    select
        upper(nullif(trim(cast(currency as varchar), e' \t\n\v\f\r'), '')) as currency,
        cast(rate_to_usd as decimal(18, 8)) as rate_to_usd,
        cast(valid_from as date) as valid_from
    from reference.fx_rates

),

-- currencies with any rate at all: money in another currency quarantines its row
known_currencies as (

    select distinct currency from fx_rates where currency is not null

),

-- the rate valid on D: latest valid_from <= D
fx_rate_on_day as (

    select currency, rate_to_usd
    from fx_rates, params
    where fx_rates.valid_from <= params.as_of_date
    qualify row_number() over (partition by currency order by valid_from desc) = 1

),

-- mappings that hold on D: effective_from <= D < effective_to (open when null)
key_map as (

    select
        nullif(trim(cast(canonical_id as varchar), e' \t\n\v\f\r'), '') as canonical_id,
        lower(nullif(trim(cast(source_system as varchar), e' \t\n\v\f\r'), '')) as source_system,
        lower(nullif(trim(nfc_normalize(cast(source_id as varchar)), e' \t\n\v\f\r'), '')) as source_id
    from reference.canonical_entity_map, params
    where
        cast(effective_from as date) <= params.as_of_date
        and (effective_to is null or params.as_of_date < cast(effective_to as date))

),

-- ---------------------------------------------------------------------------------------------
-- Raw extracts. For each table: *_read normalises keys and words and types every value as the
-- project reads it; the next CTE keeps the usable rows (the project's quarantine rules) and
-- collapses exact duplicates.
-- ---------------------------------------------------------------------------------------------
crm_accounts_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(account_id as varchar)), e' \t\n\v\f\r'), '')) as account_id,
        replace(lower(regexp_replace(nullif(trim(cast(status as varchar), e' \t\n\v\f\r'), ''),
            '[ \t\n\v\f\r-]+', '_', 'g')), 'cancelled', 'canceled') as status,
        lower(nullif(trim(cast(plan as varchar), e' \t\n\v\f\r'), '')) as plan,
        contracted_seats as contracted_seats_raw,
        cast(case when regexp_full_match(trim(cast(contracted_seats as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,9}(\.0+)?')
            then cast(trim(cast(contracted_seats as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as integer) as contracted_seats,
        contract_mrr as contract_mrr_raw,
        case when regexp_full_match(trim(cast(contract_mrr as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,16}(\.[0-9]+)?')
            then cast(trim(cast(contract_mrr as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as contract_mrr,
        upper(nullif(trim(cast(currency as varchar), e' \t\n\v\f\r'), '')) as currency,
        cast(is_deleted as boolean) as is_deleted,
        try_cast(updated_at as timestamp) as updated_at,
        (contract_signed_date is not null and try_cast(contract_signed_date as date) is null)
        or (contract_start_date is not null and try_cast(contract_start_date as date) is null)
        or (contract_end_date is not null and try_cast(contract_end_date as date) is null)
        or (updated_at is not null and try_cast(updated_at as timestamp) is null) as has_unreadable_date
    from raw.crm_accounts

),

crm_accounts as (

    select distinct account_id, status, plan, contract_mrr, currency, is_deleted, updated_at
    from crm_accounts_read, params
    where not coalesce(
        account_id is null
        or status is null or status not in ('prospect', 'active', 'churned', 'closed_lost')
        or is_deleted is null
        or has_unreadable_date
        or (contracted_seats_raw is not null and contracted_seats is null)
        or contracted_seats < 0
        or (contract_mrr_raw is not null and contract_mrr is null)
        or contract_mrr < 0
        or (contract_mrr_raw is not null
            and (currency is null or currency not in (select currency from known_currencies)))
        or updated_at > params.latest_plausible_ts,
        false
    )

),

billing_customers_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(customer_id as varchar)), e' \t\n\v\f\r'), '')) as customer_id,
        cast(is_deleted as boolean) as is_deleted,
        try_cast(created_at as timestamp) as created_at,
        try_cast(updated_at as timestamp) as updated_at,
        (created_at is not null and try_cast(created_at as timestamp) is null)
        or (updated_at is not null and try_cast(updated_at as timestamp) is null) as has_unreadable_date
    from raw.billing_customers

),

billing_customers as (

    select distinct customer_id, is_deleted, created_at, updated_at
    from billing_customers_read, params
    where not coalesce(
        customer_id is null
        or is_deleted is null
        or has_unreadable_date
        or created_at > params.latest_plausible_ts
        or updated_at > params.latest_plausible_ts,
        false
    )

),

billing_subscriptions_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(subscription_id as varchar)), e' \t\n\v\f\r'), '')) as subscription_id,
        lower(nullif(trim(nfc_normalize(cast(customer_id as varchar)), e' \t\n\v\f\r'), '')) as customer_id,
        lower(nullif(trim(cast(plan as varchar), e' \t\n\v\f\r'), '')) as plan,
        replace(lower(regexp_replace(nullif(trim(cast(status as varchar), e' \t\n\v\f\r'), ''),
            '[ \t\n\v\f\r-]+', '_', 'g')), 'cancelled', 'canceled') as status,
        replace(lower(regexp_replace(nullif(trim(cast(billing_interval as varchar), e' \t\n\v\f\r'), ''),
            '[ \t\n\v\f\r-]+', '_', 'g')), 'cancelled', 'canceled') as billing_interval,
        quantity as quantity_raw,
        cast(case when regexp_full_match(trim(cast(quantity as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,9}(\.0+)?')
            then cast(trim(cast(quantity as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as integer) as quantity,
        unit_amount as unit_amount_raw,
        case when regexp_full_match(trim(cast(unit_amount as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,16}(\.[0-9]+)?')
            then cast(trim(cast(unit_amount as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as unit_amount,
        upper(nullif(trim(cast(currency as varchar), e' \t\n\v\f\r'), '')) as currency,
        started_at as started_at_raw,
        try_cast(started_at as timestamp) as started_at,
        try_cast(canceled_at as timestamp) as canceled_at,
        try_cast(updated_at as timestamp) as updated_at,
        (started_at is not null and try_cast(started_at as timestamp) is null)
        or (canceled_at is not null and try_cast(canceled_at as timestamp) is null)
        or (updated_at is not null and try_cast(updated_at as timestamp) is null) as has_unreadable_date
    from raw.billing_subscriptions

),

billing_subscriptions as (

    select distinct
        subscription_id, customer_id, plan, status, billing_interval, quantity, unit_amount,
        currency, started_at, canceled_at, updated_at
    from billing_subscriptions_read, params
    where not coalesce(
        subscription_id is null
        or customer_id is null
        or status is null or status not in ('trialing', 'active', 'past_due', 'canceled', 'unpaid')
        or billing_interval is null or billing_interval not in ('month', 'year')
        or quantity_raw is null
        or unit_amount_raw is null
        or started_at_raw is null
        or has_unreadable_date
        or quantity is null or quantity < 0
        or unit_amount is null or unit_amount < 0
        or currency is null or currency not in (select currency from known_currencies)
        or updated_at > params.latest_plausible_ts,
        false
    )

),

billing_invoices_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(invoice_id as varchar)), e' \t\n\v\f\r'), '')) as invoice_id,
        lower(nullif(trim(nfc_normalize(cast(customer_id as varchar)), e' \t\n\v\f\r'), '')) as customer_id,
        replace(lower(regexp_replace(nullif(trim(cast(status as varchar), e' \t\n\v\f\r'), ''),
            '[ \t\n\v\f\r-]+', '_', 'g')), 'cancelled', 'canceled') as status,
        period_start as period_start_raw,
        try_cast(period_start as date) as period_start,
        period_end as period_end_raw,
        try_cast(period_end as date) as period_end,
        amount_due as amount_due_raw,
        case when regexp_full_match(trim(cast(amount_due as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,16}(\.[0-9]+)?')
            then cast(trim(cast(amount_due as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as amount_due,
        upper(nullif(trim(cast(currency as varchar), e' \t\n\v\f\r'), '')) as currency,
        try_cast(issued_at as timestamp) as issued_at,
        (period_start is not null and try_cast(period_start as date) is null)
        or (period_end is not null and try_cast(period_end as date) is null)
        or (issued_at is not null and try_cast(issued_at as timestamp) is null) as has_unreadable_date
    from raw.billing_invoices

),

billing_invoices as (

    select distinct invoice_id, customer_id, status, period_start, period_end, amount_due, currency, issued_at
    from billing_invoices_read, params
    where not coalesce(
        invoice_id is null
        or customer_id is null
        or status is null or status not in ('draft', 'open', 'paid', 'void', 'uncollectible')
        or period_start_raw is null
        or period_end_raw is null
        or amount_due_raw is null
        or amount_due is null or amount_due < 0
        or currency is null or currency not in (select currency from known_currencies)
        or period_end < period_start
        or has_unreadable_date
        or issued_at > params.latest_plausible_ts,
        false
    )

),

ops_tenants_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(tenant_id as varchar)), e' \t\n\v\f\r'), '')) as tenant_id,
        replace(lower(regexp_replace(nullif(trim(cast(status as varchar), e' \t\n\v\f\r'), ''),
            '[ \t\n\v\f\r-]+', '_', 'g')), 'cancelled', 'canceled') as status,
        lower(nullif(trim(cast(plan as varchar), e' \t\n\v\f\r'), '')) as plan,
        try_cast(updated_at as timestamp) as updated_at,
        (go_live_date is not null and try_cast(go_live_date as date) is null)
        or (deactivated_at is not null and try_cast(deactivated_at as timestamp) is null)
        or (updated_at is not null and try_cast(updated_at as timestamp) is null) as has_unreadable_date
    from raw.ops_tenants

),

ops_tenants as (

    select distinct tenant_id, status, plan, updated_at
    from ops_tenants_read, params
    where not coalesce(
        tenant_id is null
        or status is null or status not in ('active', 'suspended', 'deactivated')
        or has_unreadable_date
        or updated_at > params.latest_plausible_ts,
        false
    )

),

ops_providers_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(provider_id as varchar)), e' \t\n\v\f\r'), '')) as provider_id,
        lower(nullif(trim(nfc_normalize(cast(tenant_id as varchar)), e' \t\n\v\f\r'), '')) as tenant_id,
        cast(is_active as boolean) as is_active,
        try_cast(activated_at as timestamp) as activated_at,
        try_cast(deactivated_at as timestamp) as deactivated_at,
        (activated_at is not null and try_cast(activated_at as timestamp) is null)
        or (deactivated_at is not null and try_cast(deactivated_at as timestamp) is null) as has_unreadable_date
    from raw.ops_providers

),

-- (providers have no future-timestamp check in the project)
ops_providers as (

    select distinct provider_id, tenant_id, activated_at, deactivated_at
    from ops_providers_read
    where not coalesce(
        provider_id is null
        or tenant_id is null
        or is_active is null
        or has_unreadable_date,
        false
    )

),

ops_usage_daily_read as (

    select
        lower(nullif(trim(nfc_normalize(cast(tenant_id as varchar)), e' \t\n\v\f\r'), '')) as tenant_id,
        usage_date as usage_date_raw,
        try_cast(usage_date as date) as usage_date,
        active_users as active_users_raw,
        cast(case when regexp_full_match(trim(cast(active_users as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,9}(\.0+)?')
            then cast(trim(cast(active_users as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as integer) as active_users,
        events as events_raw,
        cast(case when regexp_full_match(trim(cast(events as varchar), e' \t\n\v\f\r'), '[+-]?[0-9]{1,9}(\.0+)?')
            then cast(trim(cast(events as varchar), e' \t\n\v\f\r') as decimal(18, 2)) end as integer) as events
    from raw.ops_usage_daily

),

ops_usage_daily as (

    select distinct tenant_id, usage_date, active_users, events
    from ops_usage_daily_read, params
    where not coalesce(
        tenant_id is null
        or usage_date_raw is null or usage_date is null
        or active_users_raw is null or active_users is null or active_users < 0
        or events_raw is null or events is null or events < 0
        or cast(usage_date as timestamp) > params.latest_plausible_ts,
        false
    )

),

-- ---------------------------------------------------------------------------------------------
-- Source records on D: canonical id (null when no mapping of their own system holds), money in
-- USD at the rate valid on D (a missing rate is an error, never a zero), liveness.
-- ---------------------------------------------------------------------------------------------
crm_accounts_on_day as (

    select
        accounts.account_id,
        key_map.canonical_id,
        accounts.is_deleted,
        not accounts.is_deleted and accounts.status = 'active' as is_active_account,
        accounts.plan,
        case
            when accounts.contract_mrr is null then null
            when rates.rate_to_usd is not null then accounts.contract_mrr * rates.rate_to_usd
            else cast(error('no fx rate valid on the as-of date for currency ' || accounts.currency
                || ' of CRM account ' || accounts.account_id) as decimal(28, 6))
        end as contract_mrr_usd,
        accounts.updated_at
    from crm_accounts as accounts
    left join key_map
        on key_map.source_system = 'crm' and accounts.account_id = key_map.source_id
    left join fx_rate_on_day as rates
        on accounts.currency = rates.currency

),

-- live: active or past_due, started before the cutoff, not canceled before it;
-- monthly amount: quantity x unit_amount, a yearly price / 12
billing_subscriptions_on_day as (

    select
        subs.subscription_id,
        subs.customer_id,
        subs.plan,
        subs.quantity,
        subs.status in ('active', 'past_due')
        and subs.started_at < params.cutoff
        and (subs.canceled_at is null or subs.canceled_at >= params.cutoff) as is_live,
        cast(cast((
            case
                when subs.quantity * subs.unit_amount is null then null
                when rates.rate_to_usd is not null then subs.quantity * subs.unit_amount * rates.rate_to_usd
                else cast(error('no fx rate valid on the as-of date for currency ' || subs.currency
                    || ' of billing subscription ' || subs.subscription_id) as decimal(28, 6))
            end
        ) as decimal(38, 10)) / nullif(case when subs.billing_interval = 'year' then 12 else 1 end, 0)
            as decimal(28, 6)) as monthly_amount_usd,
        subs.started_at,
        subs.canceled_at,
        subs.updated_at
    from billing_subscriptions as subs
    cross join params
    left join fx_rate_on_day as rates
        on subs.currency = rates.currency

),

-- revenue each billing customer's invoices recognise in M: an invoice that is not void or draft
-- and covers k calendar months gives amount_due / k to each month it touches
billing_revenue_in_month as (

    select
        invoices.customer_id,
        sum(cast(cast((
            case
                when invoices.amount_due is null then null
                when rates.rate_to_usd is not null then invoices.amount_due * rates.rate_to_usd
                else cast(error('no fx rate valid on the as-of date for currency ' || invoices.currency
                    || ' of billing invoice ' || invoices.invoice_id) as decimal(28, 6))
            end
        ) as decimal(38, 10)) / nullif(date_diff('month', invoices.period_start, invoices.period_end) + 1, 0)
            as decimal(28, 6))) as revenue_recognized_usd
    from billing_invoices as invoices
    cross join params
    left join fx_rate_on_day as rates
        on invoices.currency = rates.currency
    where
        invoices.status not in ('void', 'draft')
        and invoices.period_start <= params.month_end
        and invoices.period_end >= params.month_start
    group by invoices.customer_id

),

billing_subscriptions_per_customer as (

    select
        customer_id,
        bool_or(is_live) as has_live_subscription,
        coalesce(sum(case when is_live then quantity end), 0) as live_seats,
        coalesce(sum(case when is_live then monthly_amount_usd end), 0) as live_mrr_usd,
        min(case when is_live then cast(started_at as date) end) as first_live_started_on,
        max(greatest(updated_at, started_at, canceled_at)) as newest_subscription_ts
    from billing_subscriptions_on_day
    group by customer_id

),

billing_customers_on_day as (

    select
        billing_rows.customer_id,
        key_map.canonical_id,
        billing_rows.is_deleted,
        coalesce(subs.has_live_subscription, false) as has_live_subscription,
        coalesce(subs.live_seats, 0) as live_seats,
        coalesce(subs.live_mrr_usd, 0) as live_mrr_usd,
        subs.first_live_started_on,
        coalesce(revenue.revenue_recognized_usd, 0) as revenue_recognized_usd,
        -- own timestamps plus all its subscriptions' (grace)
        greatest(billing_rows.updated_at, billing_rows.created_at, subs.newest_subscription_ts) as newest_source_ts
    from billing_customers as billing_rows
    left join key_map
        on key_map.source_system = 'billing' and billing_rows.customer_id = key_map.source_id
    left join billing_subscriptions_per_customer as subs
        on billing_rows.customer_id = subs.customer_id
    left join billing_revenue_in_month as revenue
        on billing_rows.customer_id = revenue.customer_id

),

-- providers active at the end of D: activated before the cutoff, not deactivated before it
ops_active_providers as (

    select providers.tenant_id, count(*) as active_providers
    from ops_providers as providers, params
    where
        providers.activated_at < params.cutoff
        and (providers.deactivated_at is null or providers.deactivated_at >= params.cutoff)
    group by providers.tenant_id

),

-- tenants with a usage row with users or events in (D - 30, D]
ops_recent_activity as (

    select distinct usage_rows.tenant_id
    from ops_usage_daily as usage_rows, params
    where
        (usage_rows.active_users > 0 or usage_rows.events > 0)
        and usage_rows.usage_date > params.usage_window_after
        and usage_rows.usage_date <= params.as_of_date

),

ops_tenants_on_day as (

    select
        tenants.tenant_id,
        key_map.canonical_id,
        tenants.status,
        tenants.plan,
        coalesce(providers.active_providers, 0) as active_providers,
        activity.tenant_id is not null as has_recent_activity,
        tenants.updated_at
    from ops_tenants as tenants
    left join key_map
        on key_map.source_system = 'ops' and tenants.tenant_id = key_map.source_id
    left join ops_active_providers as providers
        on tenants.tenant_id = providers.tenant_id
    left join ops_recent_activity as activity
        on tenants.tenant_id = activity.tenant_id

),

-- ---------------------------------------------------------------------------------------------
-- Canonical customer state on D, per system (only mapped records count)
-- ---------------------------------------------------------------------------------------------
customers as (

    select distinct canonical_id from key_map

),

crm_state as (

    select
        canonical_id,
        bool_or(not is_deleted) as crm_present,
        bool_or(is_active_account) as crm_active,
        coalesce(sum(case when is_active_account then contract_mrr_usd end), 0) as revenue_expected,
        max(updated_at) as newest_ts                       -- soft-deleted accounts included
    from crm_accounts_on_day
    where canonical_id is not null
    group by canonical_id

),

-- subscriptions, seats, MRR and invoices count through non-deleted billing customers only
billing_state as (

    select
        canonical_id,
        bool_or(not is_deleted) as billing_present,
        bool_or(not is_deleted and has_live_subscription) as billing_active,
        coalesce(sum(case when not is_deleted then live_seats end), 0) as billed_seats,
        coalesce(sum(case when not is_deleted then live_mrr_usd end), 0) as billed_mrr,
        coalesce(sum(case when not is_deleted then revenue_recognized_usd end), 0) as revenue_recognized,
        min(case when not is_deleted then first_live_started_on end) as first_live_started_on,
        max(newest_source_ts) as newest_ts                 -- soft-deleted customers included
    from billing_customers_on_day
    where canonical_id is not null
    group by canonical_id

),

-- usage and providers of every mapped tenant count, whatever its status
ops_state as (

    select
        canonical_id,
        true as ops_present,
        bool_or(has_recent_activity) as ops_active,
        sum(active_providers) as active_providers,
        max(updated_at) as newest_ts
    from ops_tenants_on_day
    where canonical_id is not null
    group by canonical_id

),

-- plans (already trimmed and lower-cased, nulls dropped) of active CRM accounts, live
-- subscriptions of non-deleted billing customers and tenants with status active
plans as (

    select canonical_id, plan
    from crm_accounts_on_day
    where canonical_id is not null and is_active_account and plan is not null
    union all
    select owners.canonical_id, subs.plan
    from billing_subscriptions_on_day as subs
    inner join billing_customers_on_day as owners
        on subs.customer_id = owners.customer_id
    where owners.canonical_id is not null and not owners.is_deleted and subs.is_live and subs.plan is not null
    union all
    select canonical_id, plan
    from ops_tenants_on_day
    where canonical_id is not null and status = 'active' and plan is not null

),

plan_state as (

    select canonical_id, count(distinct plan) as distinct_plans
    from plans
    group by canonical_id

),

customer_state as (

    select
        customers.canonical_id,
        coalesce(crm_state.crm_present, false) as crm_present,
        coalesce(crm_state.crm_active, false) as crm_active,
        coalesce(crm_state.revenue_expected, 0) as revenue_expected,
        coalesce(billing_state.billing_present, false) as billing_present,
        coalesce(billing_state.billing_active, false) as billing_active,
        coalesce(billing_state.billed_seats, 0) as billed_seats,
        coalesce(billing_state.billed_mrr, 0) as billed_mrr,
        coalesce(billing_state.revenue_recognized, 0) as revenue_recognized,
        billing_state.first_live_started_on,
        coalesce(ops_state.ops_present, false) as ops_present,
        coalesce(ops_state.ops_active, false) as ops_active,
        coalesce(ops_state.active_providers, 0) as active_providers,
        coalesce(plan_state.distinct_plans, 0) as distinct_plans,
        -- grace is customer-wide: the newest timestamp of all its mapped records
        coalesce(
            greatest(crm_state.newest_ts, billing_state.newest_ts, ops_state.newest_ts) > params.grace_after,
            false
        ) as in_grace_period
    from customers
    cross join params
    left join crm_state on customers.canonical_id = crm_state.canonical_id
    left join billing_state on customers.canonical_id = billing_state.canonical_id
    left join ops_state on customers.canonical_id = ops_state.canonical_id
    left join plan_state on customers.canonical_id = plan_state.canonical_id

),

-- ---------------------------------------------------------------------------------------------
-- The rules: one CTE each, same shape (amount before rounding)
-- ---------------------------------------------------------------------------------------------

-- active in the CRM, has a billing customer, no live subscription: CRM MRR at risk
rule_crm_active_billing_inactive as (

    select 'CRM_ACTIVE_BILLING_INACTIVE' as rule_name, canonical_id, null as source_system,
        null as source_id, revenue_expected as amount, in_grace_period
    from customer_state
    where crm_active and billing_present and not billing_active

),

-- active in the CRM, no (non-deleted, mapped) billing customer at all: CRM MRR
rule_missing_in_billing as (

    select 'MISSING_IN_BILLING' as rule_name, canonical_id, null as source_system,
        null as source_id, revenue_expected as amount, in_grace_period
    from customer_state
    where crm_active and not billing_present

),

-- billed, has a CRM account, none active: billed MRR
rule_billing_active_crm_inactive as (

    select 'BILLING_ACTIVE_CRM_INACTIVE' as rule_name, canonical_id, null as source_system,
        null as source_id, billed_mrr as amount, in_grace_period
    from customer_state
    where billing_active and crm_present and not crm_active

),

-- billed, no (non-deleted, mapped) CRM account: billed MRR
rule_missing_in_crm as (

    select 'MISSING_IN_CRM' as rule_name, canonical_id, null as source_system,
        null as source_id, billed_mrr as amount, in_grace_period
    from customer_state
    where billing_active and not crm_present

),

-- product used in the usage window, nothing billed: CRM MRR (0 without an active contract)
rule_ops_active_billing_inactive as (

    select 'OPS_ACTIVE_BILLING_INACTIVE' as rule_name, canonical_id, null as source_system,
        null as source_id, revenue_expected as amount, in_grace_period
    from customer_state
    where ops_active and not billing_active

),

-- billed, no usage in the window (no tenant at all included): billed MRR
rule_billing_active_ops_inactive as (

    select 'BILLING_ACTIVE_OPS_INACTIVE' as rule_name, canonical_id, null as source_system,
        null as source_id, billed_mrr as amount, in_grace_period
    from customer_state
    where billing_active and not ops_active

),

-- billed with a tenant, |billed seats - active providers| > max(1, 10 % of billed seats)
-- (strict): the difference x billed price per seat (0 when no seat is billed)
rule_seat_count_drift as (

    select 'SEAT_COUNT_DRIFT' as rule_name, canonical_id, null as source_system, null as source_id,
        abs(billed_seats - active_providers)
        * cast(cast(billed_mrr as decimal(38, 10)) / nullif(billed_seats, 0) as decimal(28, 6)) as amount,
        in_grace_period
    from customer_state, params
    where
        billing_active and ops_present
        and abs(billed_seats - active_providers) > greatest(
            params.seat_tolerance_abs,
            cast(cast(params.seat_tolerance_pct * billed_seats as decimal(38, 10)) / 100 as decimal(28, 6))
        )

),

-- active in CRM and billing, a live subscription started (as a date) on or before the first day
-- of M, |expected MRR - revenue recognised in M| > max(1.00 USD, 1 % of expected) (strict)
rule_revenue_mismatch as (

    select 'REVENUE_MISMATCH' as rule_name, canonical_id, null as source_system, null as source_id,
        abs(revenue_expected - revenue_recognized) as amount, in_grace_period
    from customer_state, params
    where
        crm_active and billing_active
        and first_live_started_on <= params.month_start
        and abs(revenue_expected - revenue_recognized) > greatest(
            params.revenue_tolerance_abs,
            cast(cast(params.revenue_tolerance_pct * revenue_expected as decimal(38, 10)) / 100 as decimal(28, 6))
        )

),

-- active in CRM and billing, more than one distinct plan across the three systems:
-- |expected MRR - billed MRR|
rule_plan_mismatch as (

    select 'PLAN_MISMATCH' as rule_name, canonical_id, null as source_system, null as source_id,
        abs(revenue_expected - billed_mrr) as amount, in_grace_period
    from customer_state
    where crm_active and billing_active and distinct_plans > 1

),

-- live source records without a mapping of their own system on D: own monthly amount (0 for a
-- tenant or a CRM account without MRR); grace from the record's own timestamps only
rule_unmapped_source_record as (

    select 'UNMAPPED_SOURCE_RECORD' as rule_name, null as canonical_id, 'crm' as source_system,
        account_id as source_id, contract_mrr_usd as amount,
        coalesce(updated_at > params.grace_after, false) as in_grace_period
    from crm_accounts_on_day, params
    where canonical_id is null and is_active_account
    union all
    select 'UNMAPPED_SOURCE_RECORD', null, 'billing', customer_id, live_mrr_usd,
        coalesce(newest_source_ts > params.grace_after, false)
    from billing_customers_on_day, params
    where canonical_id is null and not is_deleted and has_live_subscription
    union all
    select 'UNMAPPED_SOURCE_RECORD', null, 'ops', tenant_id, null,
        coalesce(updated_at > params.grace_after, false)
    from ops_tenants_on_day, params
    where canonical_id is null and status = 'active'

),

exceptions as (

    select * from rule_crm_active_billing_inactive
    union all select * from rule_missing_in_billing
    union all select * from rule_billing_active_crm_inactive
    union all select * from rule_missing_in_crm
    union all select * from rule_ops_active_billing_inactive
    union all select * from rule_billing_active_ops_inactive
    union all select * from rule_seat_count_drift
    union all select * from rule_revenue_mismatch
    union all select * from rule_plan_mismatch
    union all select * from rule_unmapped_source_record

)

select
    cast(rule_name as varchar) as rule_name,
    cast(canonical_id as varchar) as canonical_id,
    cast(source_system as varchar) as source_system,
    cast(source_id as varchar) as source_id,
    -- as the project: the amount as decimal(28, 6) first, then rounded to cents
    cast(round(cast(coalesce(amount, 0) as decimal(28, 6)), 2) as decimal(18, 2)) as amount_at_risk_usd,
    cast(in_grace_period as boolean) as in_grace_period
from exceptions
order by rule_name, canonical_id, source_system, source_id
