"""Generate a deterministic demo world for the reconciliation layer.

Lands the seven raw tables of the landing contract (crm_accounts, billing_customers,
billing_subscriptions, billing_invoices, ops_tenants, ops_providers, ops_usage_daily) in a
DuckDB file (or a PostgreSQL schema) and writes the key map seed
`seeds/canonical_entity_map.csv` (or, with --map-table, lands the map as a DuckDB table, as a
company with a large map keeps it: dbt var canonical_map_table).

The same --seed, --customers and --as-of always give the same world. At the default size
(1,600 customers) the world tells the story the README describes: on the as-of date the CRM
has 1,180 active accounts and billing 1,224 customers with a live subscription; 31 customers
are canceled in the CRM but still billed, 13 are billed but never reached the CRM, and 17 more
differences are sync lag younger than 24 hours. Smaller numbers of every other kind of drift
(seat drift, revenue mismatch in EUR and on a yearly plan, plan mismatch, usage without
billing, billing without usage, unmapped records) and messy input (padded and upper-cased
keys, status words in any case, exact duplicate rows, and six unusable rows of the kinds the
reconciliation quarantines) are mixed in. Other sizes scale every
group in proportion, except the two customers with two active CRM accounts and the two with
two billed billing customers, who stay two. The as-of date must be 2024-01-01 or later: the
key map's history (a 2024-01-01 billing migration) is fixed, so the map is the same whatever
the as-of date.

Everything is generated in bulk: a per-customer plan is drawn with NumPy, handed to DuckDB
as an Arrow table, and each raw table is one SQL statement over it. Nothing is written row by
row, so a million customers take seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CUSTOMERS = 1600
DEFAULT_DUCKDB_PATH = "data/reconciliation.duckdb"
RAW_TABLES = (
    "crm_accounts",
    "billing_customers",
    "billing_subscriptions",
    "billing_invoices",
    "ops_tenants",
    "ops_providers",
    "ops_usage_daily",
)

# Groups of customers and their size in the default world of 1,600 customers. Every group
# but `consistent` scales with --customers; `consistent` takes the rest.
STORY_GROUPS: dict[str, int] = {
    "crm_churned_still_billed": 31,  # BILLING_ACTIVE_CRM_INACTIVE
    "billed_never_in_crm": 13,  # MISSING_IN_CRM
    "lag_crm_churned_today": 5,  # BILLING_ACTIVE_CRM_INACTIVE, in grace
    "lag_billing_canceled_today": 5,  # CRM_ACTIVE_BILLING_INACTIVE, in grace
    "lag_seats_changed_today": 4,  # SEAT_COUNT_DRIFT, in grace
    "lag_plan_changed_today": 3,  # PLAN_MISMATCH, in grace
    "seat_drift": 8,  # SEAT_COUNT_DRIFT
    "revenue_mismatch": 6,  # REVENUE_MISMATCH (one in EUR, one yearly)
    "plan_mismatch": 4,  # PLAN_MISMATCH
    "usage_without_billing": 5,  # OPS_ACTIVE_BILLING_INACTIVE
    "billing_without_usage": 4,  # BILLING_ACTIVE_OPS_INACTIVE
    "unmapped": 2,  # UNMAPPED_SOURCE_RECORD x3 (CRM account, billing customer, tenant)
    "prospect": 154,
    "churned_everywhere": 174,
    "closed_lost": 40,
}
GROUP_CODES = {name: code for code, name in enumerate(["consistent", *STORY_GROUPS])}
# Consistent customers with two active CRM accounts / two billed billing customers: each adds
# one to its system's count without being a mismatch (the duplicates line of the bridge).
DUPLICATE_CRM_ACCOUNTS = 2
DUPLICATE_BILLING_CUSTOMERS = 2

PLANS = ("starter", "growth", "enterprise")
PRICE_PER_SEAT_MONTH = {"starter": 40, "growth": 75, "enterprise": 120}
CURRENCIES = ("USD", "EUR", "GBP")
CURRENCY_WEIGHTS = (0.86, 0.09, 0.05)


@dataclass(frozen=True)
class WorldSize:
    """How many customers each group gets."""

    groups: dict[str, int]

    @property
    def customers(self) -> int:
        """All customers, every group included."""
        return sum(self.groups.values())


def group_sizes(customers: int) -> WorldSize:
    """Scale the default story to `customers`; `consistent` takes what the others leave."""
    if customers < 1:
        raise ValueError(f"--customers must be at least 1, got {customers}")
    scale = customers / DEFAULT_CUSTOMERS
    groups = {name: int(round(size * scale)) for name, size in STORY_GROUPS.items()}
    while sum(groups.values()) > customers:
        largest = max(groups, key=lambda name: groups[name])
        groups[largest] -= 1
    return WorldSize({"consistent": customers - sum(groups.values()), **groups})


def draw_customer_plan(size: WorldSize, seed: int) -> pa.Table:
    """Draw every customer's attributes: the world before it is written out as tables."""
    rng = np.random.default_rng(seed)
    n = size.customers
    order = rng.permutation(n)
    group = np.zeros(n, dtype=np.int8)
    start = 0
    for name, count in size.groups.items():
        group[order[start : start + count]] = GROUP_CODES[name]
        start += count

    def members(name: str) -> np.ndarray:
        return np.flatnonzero(group == GROUP_CODES[name])

    seats = rng.integers(3, 41, n)
    # A few large accounts, so that money at risk reaches every severity.
    seats = np.where(rng.random(n) < 0.04, rng.integers(100, 601, n), seats)
    start_days_ago = rng.integers(95, 1500, n).astype(np.int32)
    plan_index = np.digitize(seats, [12, 25])
    currency = np.asarray(CURRENCIES)[rng.choice(3, n, p=CURRENCY_WEIGHTS)]
    interval = np.where(rng.random(n) < 0.1, "year", "month")
    revenue_mismatch = members("revenue_mismatch")
    if revenue_mismatch.size >= 2:
        # The story needs a mismatch in EUR and one on a yearly plan.
        currency[revenue_mismatch[0]] = "EUR"
        interval[revenue_mismatch[0]] = "month"
        currency[revenue_mismatch[1]] = "USD"
        interval[revenue_mismatch[1]] = "year"

    consistent = members("consistent")
    duplicate_crm = np.zeros(n, dtype=bool)
    duplicate_crm[consistent[:DUPLICATE_CRM_ACCOUNTS]] = True
    duplicate_billing = np.zeros(n, dtype=bool)
    duplicate_billing[
        consistent[DUPLICATE_CRM_ACCOUNTS : DUPLICATE_CRM_ACCOUNTS + DUPLICATE_BILLING_CUSTOMERS]
    ] = True

    columns = {
        "cidx": np.arange(n, dtype=np.int64),
        "grp": np.asarray(list(GROUP_CODES))[group],
        "seats": seats.astype(np.int32),
        "plan": np.asarray(PLANS)[plan_index],
        # Price per seat per month; a yearly subscription is priced at twelve times that.
        "price_month": np.asarray([PRICE_PER_SEAT_MONTH[p] for p in PLANS])[plan_index],
        "currency": currency,
        "billing_interval": interval,
        "start_days_ago": start_days_ago,
        "crm_updated_days_ago": rng.integers(2, 60, n).astype(np.int32),
        "billing_updated_days_ago": rng.integers(2, 90, n).astype(np.int32),
        "ops_updated_days_ago": rng.integers(2, 60, n).astype(np.int32),
        # Churn happened after the start: between 40 days ago and 20 days after the start.
        "churned_days_ago": (
            40 + rng.random(n) * (np.minimum(400, start_days_ago - 20) - 40)
        ).astype(np.int32),
        "lag_hours": rng.integers(1, 20, n).astype(np.int32),
        "drift": (np.ceil(seats * 0.25) + 2).astype(np.int32),
        "drift_up": rng.random(n) < 0.5,
        "invoice_factor": np.where(rng.random(n) < 0.5, 0.8, 1.15),
        "tenants": np.where(rng.random(n) < 0.04, 2, 1).astype(np.int32),
        "inactive_providers": rng.integers(0, 3, n).astype(np.int32),
        "past_due": rng.random(n) < 0.03,
        "trialing_prospect": rng.random(n) < 0.33,
        "deleted_crm_twin": rng.random(n) < 0.01,
        "remapped_billing": rng.random(n) < 0.01,
        "duplicate_crm": duplicate_crm,
        "duplicate_billing": duplicate_billing,
    }
    return pa.table(columns)


# Each raw table is one statement over the per-customer plan (`plan`, with derived columns in
# `world`). Groups decide what each system says; `k` and `cidx` arithmetic adds the mess.
WORLD_SQL = """
create or replace temp table world as
select
    p.*,
    'cust_' || lpad(cast(cidx + 1 as varchar), 7, '0') as canonical_id,
    lpad(cast(cidx + 1 as varchar), 7, '0') as num,
    grp not in ('billed_never_in_crm') as has_crm,
    grp not in ('prospect', 'closed_lost') or (grp = 'prospect' and trialing_prospect)
        as has_billing,
    grp not in ('prospect', 'closed_lost') as has_ops,
    grp <> 'unmapped' as mapped,
    case
        when grp = 'prospect' then 'prospect'
        when grp = 'closed_lost' then 'closed_lost'
        when grp in ('crm_churned_still_billed', 'lag_crm_churned_today',
                     'usage_without_billing', 'churned_everywhere') then 'churned'
        else 'active'
    end as crm_status,
    case
        when grp = 'prospect' then 'trialing'
        when grp in ('lag_billing_canceled_today', 'usage_without_billing',
                     'churned_everywhere') then 'canceled'
        when past_due then 'past_due'
        else 'active'
    end as subscription_status,
    case when grp = 'churned_everywhere' then 'deactivated' else 'active' end as tenant_status,
    -- Seats as each system sees them.
    case when grp = 'lag_seats_changed_today' then seats + drift else seats end as billed_seats,
    case
        when grp = 'seat_drift' and drift_up then seats + drift
        when grp = 'seat_drift' then greatest(seats - drift, 0)
        else seats
    end as active_seat_holders,
    case
        when grp = 'lag_plan_changed_today' and plan = 'enterprise' then 'growth'
        when grp = 'lag_plan_changed_today' then 'enterprise'
        else plan
    end as crm_plan,
    case
        when grp = 'plan_mismatch' and plan = 'starter' then 'growth'
        when grp = 'plan_mismatch' then 'starter'
        else plan
    end as billing_plan,
    date '{as_of}' - cast(start_days_ago as integer) as start_date,
    date '{as_of}' - cast(churned_days_ago as integer) as churn_date,
    timestamp '{as_of}' + cast(lag_hours as integer) * interval 1 hour as lag_ts,
    timestamp '{as_of}' - cast(crm_updated_days_ago as integer) * interval 1 day
        + interval 9 hour as crm_ts,
    timestamp '{as_of}' - cast(billing_updated_days_ago as integer) * interval 1 day
        + interval 11 hour as billing_ts,
    timestamp '{as_of}' - cast(ops_updated_days_ago as integer) * interval 1 day
        + interval 13 hour as ops_ts,
    -- Last day with product activity, in days before the as-of date (null: none at all).
    case
        when grp in ('prospect', 'closed_lost', 'churned_everywhere') then null
        when grp = 'billing_without_usage' then 30 + cast(cidx % 3 as integer) * 15
        when grp = 'lag_billing_canceled_today' then 40
        else 0
    end as last_usage_days_ago
from plan as p
"""

CRM_ACCOUNTS_SQL = """
create or replace table {schema}.crm_accounts as
with accounts as (
    select w.*, a.k
    from world as w, range(3) as a(k)
    where has_crm and (a.k = 0 or (a.k = 1 and duplicate_crm) or (a.k = 2 and deleted_crm_twin))
),
shaped as (
    select
        *,
        'acc_' || num || case k when 0 then '' when 1 then '_b' else '_old' end as clean_id,
        case
            when duplicate_crm and k = 0 then billed_seats - billed_seats // 2
            when duplicate_crm then billed_seats // 2
            else billed_seats
        end as account_seats
    from accounts
)
select
    {crm_account_key} as account_id,
    'Customer ' || num || ' Ltd' as account_name,
    case when cidx % 9 = 0 then null else 'customer' || num || '.example.com' end as domain,
    cast(case
        when cidx % 40 = 3 then ' ' || upper(left(crm_status, 1)) || substr(crm_status, 2) || ' '
        when cidx % 40 = 11 then upper(crm_status)
        when crm_status = 'closed_lost' and cidx % 2 = 0 then 'Closed Lost'
        else crm_status
    end as varchar) as status,
    cast(crm_plan as varchar) as plan,
    start_date - 10 as contract_signed_date,
    start_date as contract_start_date,
    case
        when grp = 'lag_crm_churned_today' then date '{as_of}'
        when crm_status = 'churned' then churn_date
    end as contract_end_date,
    cast(case when grp = 'lag_seats_changed_today' then seats else account_seats end as integer)
        as contracted_seats,
    cast(
        case when grp = 'lag_seats_changed_today' then seats else account_seats end * price_month
        as decimal(18, 2)
    ) as contract_mrr,
    cast(currency as varchar) as currency,
    k = 2 as is_deleted,
    case
        when grp in ('lag_crm_churned_today', 'lag_plan_changed_today') and k = 0 then lag_ts
        when crm_status = 'churned' then cast(churn_date as timestamp) + interval 10 hour
        else crm_ts
    end as updated_at
from shaped
"""

BILLING_CUSTOMERS_SQL = """
create or replace table {schema}.billing_customers as
select
    {billing_customer_key} as customer_id,
    'Customer ' || num || case k when 1 then ' (subsidiary)' else '' end as name,
    'billing@customer' || num || '.example.com' as email,
    case when has_crm and cidx % 5 <> 0 then 'ACC_' || num end as crm_account_ref,
    grp = 'churned_everywhere' and cidx % 7 = 0 as is_deleted,
    cast(start_date as timestamp) + interval 8 hour as created_at,
    case when grp = 'lag_billing_canceled_today' then lag_ts else billing_ts end as updated_at
from world, range(case when duplicate_billing then 2 else 1 end) as a(k)
where has_billing
"""

BILLING_SUBSCRIPTIONS_SQL = """
create or replace table {schema}.billing_subscriptions as
with subs as (
    select
        w.*,
        a.k,
        case
            when duplicate_billing and a.k = 0 then billed_seats - billed_seats // 2
            when duplicate_billing then billed_seats // 2
            else billed_seats
        end as quantity
    from world as w, range(case when duplicate_billing then 2 else 1 end) as a(k)
    where has_billing
)
select
    'sub_' || num || case k when 1 then '_b' else '' end as subscription_id,
    'cus_' || num || case k when 1 then '_b' else '' end as customer_id,
    cast(billing_plan as varchar) as plan,
    cast(case
        when cidx % 40 = 17 then upper(subscription_status)
        when subscription_status = 'past_due' and cidx % 2 = 0 then 'Past-Due'
        when subscription_status = 'canceled' and cidx % 3 = 0 then 'Cancelled'
        else subscription_status
    end as varchar) as status,
    cast(quantity as integer) as quantity,
    cast(case when billing_interval = 'year' then price_month * 12 else price_month end
        as decimal(18, 2)) as unit_amount,
    cast(case when billing_interval = 'year' and cidx % 4 = 0 then ' Year' else billing_interval end
        as varchar) as billing_interval,
    cast(currency as varchar) as currency,
    cast(start_date as timestamp) + interval 10 hour as started_at,
    case
        when grp = 'lag_billing_canceled_today' then lag_ts
        when subscription_status = 'canceled' then cast(churn_date as timestamp) + interval 12 hour
    end as canceled_at,
    case
        when grp in ('lag_billing_canceled_today', 'lag_seats_changed_today') then lag_ts
        when subscription_status = 'canceled' then cast(churn_date as timestamp) + interval 12 hour
        else billing_ts
    end as updated_at
from subs
"""

# Monthly subscriptions: one invoice per calendar month of the last four (the month before the
# as-of month is the one REVENUE_MISMATCH reads), paid, and the current month open. Yearly
# subscriptions: one invoice for the twelve months that contain the month before the as-of
# month. A few void and draft invoices that the rules must ignore.
BILLING_INVOICES_SQL = """
create or replace table {schema}.billing_invoices as
with subs as (
    select
        s.subscription_id,
        s.customer_id,
        -- Seats changed today are not invoiced yet: past invoices bill the old quantity.
        case when w.grp = 'lag_seats_changed_today' then w.seats else s.quantity end
            * s.unit_amount as amount,
        s.currency,
        s.billing_interval,
        cast(s.started_at as date) as start_date,
        cast(s.canceled_at as date) as cancel_date,
        w.grp,
        w.cidx,
        w.invoice_factor
    from {schema}.billing_subscriptions as s
    inner join world as w on split_part(s.subscription_id, '_', 2) = w.num
    where lower(trim(s.status)) <> 'trialing'
),
months as (
    select
        subs.*,
        cast(date_trunc('month', date '{as_of}') - m.k * interval 1 month as date) as month_start,
        m.k as months_back
    from subs, range(0, 4) as m(k)
    where trim(lower(billing_interval)) = 'month'
),
monthly as (
    select
        *,
        cast(month_start + interval 1 month - interval 1 day as date) as month_end
    from months
    where month_start >= date_trunc('month', start_date)
      and (cancel_date is null or month_start <= cancel_date)
),
yearly as (
    select
        subs.*,
        cast(
            date_trunc('month', date '{as_of}') - interval 1 month
            - ((datediff('month', date_trunc('month', start_date),
                         date_trunc('month', date '{as_of}') - interval 1 month) % 12)
               * interval 1 month)
            as date
        ) as period_start
    from subs
    where trim(lower(billing_interval)) = 'year'
      and date_trunc('month', start_date) <= date_trunc('month', date '{as_of}') - interval 1 month
      and cancel_date is null
),
invoices as (
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') as invoice_id,
        customer_id,
        subscription_id,
        month_start as period_start,
        month_end as period_end,
        case
            when grp = 'revenue_mismatch' and months_back = 1 then round(amount * invoice_factor, 2)
            else amount
        end as amount_due,
        currency,
        case when months_back = 0 then 'open' else 'paid' end as status,
        cast(month_start as timestamp) + interval 6 hour as issued_at
    from monthly
    union all
    select
        'inv_' || subscription_id || '_' || strftime(period_start, '%Y%m') || '_y',
        customer_id,
        subscription_id,
        period_start,
        cast(period_start + interval 12 month - interval 1 day as date),
        case when grp = 'revenue_mismatch' then round(amount * invoice_factor, 2) else amount end,
        currency,
        'paid',
        cast(period_start as timestamp) + interval 6 hour
    from yearly
    union all
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') || '_void',
        customer_id,
        subscription_id,
        month_start,
        month_end,
        amount * 2,
        currency,
        case when cidx % 40 = 4 then 'void' else 'VOID' end,
        cast(month_start as timestamp) + interval 7 hour
    from monthly
    where months_back = 1 and cidx % 20 = 4
    union all
    select
        'inv_' || subscription_id || '_' || strftime(month_start, '%Y%m') || '_draft',
        customer_id,
        subscription_id,
        month_start,
        month_end,
        amount / 2,
        currency,
        'Draft',
        cast(month_start as timestamp) + interval 8 hour
    from monthly
    where months_back = 1 and cidx % 25 = 6
)
select
    cast(invoice_id as varchar) as invoice_id,
    cast(customer_id as varchar) as customer_id,
    cast(subscription_id as varchar) as subscription_id,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(amount_due as decimal(18, 2)) as amount_due,
    cast(currency as varchar) as currency,
    cast(status as varchar) as status,
    cast(issued_at as timestamp) as issued_at
from invoices
"""

OPS_TENANTS_SQL = """
create or replace table {schema}.ops_tenants as
select
    {tenant_key} as tenant_id,
    'Customer ' || num || case k when 1 then ' (second site)' else '' end as tenant_name,
    cast(case when cidx % 40 = 23 then upper(tenant_status) else tenant_status end as varchar)
        as status,
    cast(plan as varchar) as plan,
    start_date + 14 as go_live_date,
    case when tenant_status = 'deactivated' then cast(churn_date as timestamp) + interval 14 hour
    end as deactivated_at,
    case when tenant_status = 'deactivated' then cast(churn_date as timestamp) + interval 14 hour
         else ops_ts end as updated_at
from world, range(tenants) as t(k)
where has_ops
"""

# Active seat holders are split over a customer's tenants; a few deactivated ones are added.
OPS_PROVIDERS_SQL = """
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
"""

# Activity on roughly two days in three over the last 35 days, up to the customer's last usage
# day; the billed-but-unused get only rows with zero activity inside the usage window.
OPS_USAGE_SQL = """
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
"""

# Exact duplicate rows, as a landing tool re-sending part of an extract would produce.
DUPLICATE_ROWS_SQL = """
insert into {schema}.crm_accounts
    select * from {schema}.crm_accounts where hash(account_id) % 97 = 3;
insert into {schema}.ops_usage_daily
    select * from {schema}.ops_usage_daily where hash(tenant_id, usage_date) % 211 = 5;
insert into {schema}.billing_invoices
    select * from {schema}.billing_invoices where hash(invoice_id) % 131 = 7;
"""

# Unusable rows, one of each kind the reconciliation quarantines: a CRM account without a key,
# a subscription in a status billing does not document, a credit note (negative invoice), an
# invoice in a currency without a rate, a negative usage count, and a tenant changed in the
# year 2999 (a broken clock). Each is an extra row copied from a real one, so quarantining it
# changes no count the README tells.
BAD_ROWS_SQL = """
insert into {schema}.crm_accounts
    select * replace ('   ' as account_id)
    from {schema}.crm_accounts order by account_id limit 1;
insert into {schema}.billing_subscriptions
    select * replace ('sub_paused_demo' as subscription_id, 'paused' as status)
    from {schema}.billing_subscriptions order by subscription_id limit 1;
insert into {schema}.billing_invoices
    select * replace ('inv_credit_demo' as invoice_id, -25.00 as amount_due)
    from {schema}.billing_invoices order by invoice_id limit 1;
insert into {schema}.billing_invoices
    select * replace ('inv_jpy_demo' as invoice_id, 'JPY' as currency)
    from {schema}.billing_invoices order by invoice_id limit 1;
insert into {schema}.ops_usage_daily
    select * replace (date '{as_of}' - 400 as usage_date, -1 as events)
    from {schema}.ops_usage_daily order by tenant_id, usage_date limit 1;
insert into {schema}.ops_tenants
    select * replace ('ten_clock_skew' as tenant_id, timestamp '2999-01-01' as updated_at)
    from {schema}.ops_tenants order by tenant_id limit 1;
"""

# The key map. Every mapped record of a customer maps to its canonical id from 2019-01-01 on;
# a few billing customers were first mapped to a legacy id and remapped on 2024-01-01; a few
# ids are written in another case or with spaces, as people write them.
MAP_SQL = """
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
"""


def messy_key(clean_sql: str, every: int, upper_at: int, padded_at: int | None = None) -> str:
    """Write a key as people type it: upper-cased, and optionally padded, on some customers."""
    padded = (
        f"when cidx % {every} = {padded_at} then '  ' || {clean_sql} || ' '"
        if padded_at is not None
        else ""
    )
    return (
        f"cast(case when cidx % {every} = {upper_at} then upper({clean_sql}) {padded} "
        f"else {clean_sql} end as varchar)"
    )


def build_world(
    con: duckdb.DuckDBPyConnection, schema: str, as_of: dt.date, plan: pa.Table
) -> None:
    """Create the raw tables and the key map in `con`, inside one transaction."""
    con.register("plan", plan)
    second = "case k when 1 then '_b' else '' end"
    fill = {
        "schema": schema,
        "as_of": as_of.isoformat(),
        "crm_account_key": messy_key("clean_id", 50, upper_at=7, padded_at=13),
        "billing_customer_key": messy_key(f"'cus_' || num || {second}", 47, upper_at=5),
        "tenant_key": messy_key(f"'ten_' || num || {second}", 53, upper_at=9),
    }
    con.execute("begin transaction")
    con.execute(f"create schema if not exists {schema}")
    for statement in (
        WORLD_SQL,
        CRM_ACCOUNTS_SQL,
        BILLING_CUSTOMERS_SQL,
        BILLING_SUBSCRIPTIONS_SQL,
        BILLING_INVOICES_SQL,
        OPS_TENANTS_SQL,
        OPS_PROVIDERS_SQL,
        OPS_USAGE_SQL,
        DUPLICATE_ROWS_SQL,
        BAD_ROWS_SQL,
        MAP_SQL,
    ):
        con.execute(statement.format(**fill))
    con.execute("commit")


def write_map_seed(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the key map as the seed CSV, sorted so the file is the same on every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"""
        copy (
            select canonical_id, source_system, source_id,
                   strftime(effective_from, '%Y-%m-%d') as effective_from,
                   strftime(effective_to, '%Y-%m-%d') as effective_to,
                   notes
            from entity_map
            order by source_system, lower(trim(source_id)), effective_from
        ) to '{path}' (header, delimiter ',')
        """
    )
    return con.execute("select count(*) from entity_map").fetchone()[0]


def write_map_table(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Land the key map as a warehouse table `<schema>.<table>` (dbt var canonical_map_table)."""
    schema = table.split(".")[0]
    con.execute(f"create schema if not exists {schema}")
    con.execute(
        f"""
        create or replace table {table} as
        select canonical_id, source_system, source_id, effective_from, effective_to, notes
        from entity_map
        order by source_system, lower(trim(source_id)), effective_from
        """
    )
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def land_in_postgres(con: duckdb.DuckDBPyConnection, dsn: str, schema: str) -> None:
    """Copy the raw tables from DuckDB into a PostgreSQL schema with COPY, one table at a time."""
    import psycopg2

    pg_types = {
        "VARCHAR": "text",
        "INTEGER": "integer",
        "BIGINT": "bigint",
        "BOOLEAN": "boolean",
        "DATE": "date",
        "TIMESTAMP": "timestamp",
        "DECIMAL(18,2)": "numeric(18,2)",
    }
    with psycopg2.connect(dsn) as pg, pg.cursor() as cur, tempfile.TemporaryDirectory() as tmp:
        cur.execute(f"create schema if not exists {schema}")
        for table in RAW_TABLES:
            described = con.execute(f"describe {schema}.{table}").fetchall()
            columns = ", ".join(f"{name} {pg_types[kind]}" for name, kind, *_ in described)
            csv_path = Path(tmp) / f"{table}.csv"
            con.execute(f"copy {schema}.{table} to '{csv_path}' (header, delimiter ',')")
            cur.execute(f"drop table if exists {schema}.{table}")
            cur.execute(f"create table {schema}.{table} ({columns})")
            with csv_path.open() as handle:
                cur.copy_expert(
                    f"copy {schema}.{table} from stdin with (format csv, header)", handle
                )


def add_common_arguments(parser: argparse.ArgumentParser, as_of_help: str) -> None:
    """Add --as-of, --duckdb-path and --raw-schema, shared by the demo scripts."""
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.datetime.now(dt.timezone.utc).date(),
        help=f"{as_of_help}, YYYY-MM-DD (default: today in UTC)",
    )
    parser.add_argument(
        "--duckdb-path",
        default=os.environ.get("RECON_DUCKDB_PATH", DEFAULT_DUCKDB_PATH),
        help=f"DuckDB file of the world (default: $RECON_DUCKDB_PATH or {DEFAULT_DUCKDB_PATH})",
    )
    parser.add_argument("--raw-schema", default="raw", help="raw tables schema (default raw)")


EARLIEST_AS_OF = dt.date(2024, 1, 1)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: python scripts/generate_demo_data.py --seed 42 --customers 1600 "
        "--as-of 2026-06-15",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--customers",
        type=int,
        default=DEFAULT_CUSTOMERS,
        help=f"canonical customers to generate (default {DEFAULT_CUSTOMERS}: the README story)",
    )
    add_common_arguments(parser, "the as-of date the story is true on")
    parser.add_argument(
        "--postgres-dsn",
        help="land the raw tables in this PostgreSQL database instead of DuckDB "
        "(libpq connection string, e.g. 'host=127.0.0.1 port=5432 user=recon dbname=recon')",
    )
    parser.add_argument(
        "--map-seed",
        type=Path,
        default=PROJECT_DIR / "seeds" / "canonical_entity_map.csv",
        help="where to write the key map seed (default seeds/canonical_entity_map.csv)",
    )
    parser.add_argument(
        "--map-table",
        help="land the key map as this DuckDB table, <schema>.<table>, instead of the seed "
        "(for a large map; build with --vars '{canonical_map_table: <schema>.<table>}')",
    )
    args = parser.parse_args(argv)
    if args.map_table and not re.fullmatch(
        r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*", args.map_table
    ):
        parser.error(f"--map-table must be <schema>.<table>, got {args.map_table!r}")
    if args.map_table and args.postgres_dsn:
        parser.error("--map-table lands the map in DuckDB; with --postgres-dsn use the seed")
    if args.as_of < EARLIEST_AS_OF:
        parser.error(
            f"--as-of must be {EARLIEST_AS_OF.isoformat()} or later (the demo key map's "
            f"history starts in 2024), got {args.as_of.isoformat()}"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the world and report what was written."""
    args = parse_args(argv)
    started = time.perf_counter()
    size = group_sizes(args.customers)
    plan = draw_customer_plan(size, args.seed)
    if args.postgres_dsn:
        con = duckdb.connect()
    else:
        Path(args.duckdb_path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(args.duckdb_path)
    build_world(con, args.raw_schema, args.as_of, plan)
    if args.map_table:
        map_rows = write_map_table(con, args.map_table)
    else:
        map_rows = write_map_seed(con, args.map_seed)
    if args.postgres_dsn:
        land_in_postgres(con, args.postgres_dsn, args.raw_schema)
    counts = {
        table: con.execute(f"select count(*) from {args.raw_schema}.{table}").fetchone()[0]
        for table in RAW_TABLES
    }
    con.close()
    elapsed = time.perf_counter() - started
    where = "PostgreSQL" if args.postgres_dsn else args.duckdb_path
    print(
        f"demo world: {size.customers:,} customers, seed {args.seed}, as of "
        f"{args.as_of.isoformat()}, landed in {where} schema {args.raw_schema} "
        f"in {elapsed:.1f}s"
    )
    for table, rows in counts.items():
        print(f"  {args.raw_schema}.{table:<24}{rows:>12,} rows")
    map_name = args.map_table or args.map_seed.name
    print(f"  {map_name:<28}{map_rows:>12,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
