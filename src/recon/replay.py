"""Replay the demo world day by day, with the daily build after each day.

Lands the demo world of `recon demo-data` for the start date, then, for each replayed
day, (1) evolves the raw tables by that day's events, the ways drift really happens: new
signups (some with a billing webhook that is late, never lands, or fails on a missing field),
manual cancellations in billing, a sync run that completes halfway, seat additions that
billing catches up with later, late fixes of the world's initial story, and the monthly billing
run; (2) runs the daily `dbt build` for that day in this Python process, through dbt's
programmatic API; (3) writes that day's morning digest into --workdir/digest (and posts it
to $RECON_WEBHOOK_URL when set), as after a daily run; (4) shows a progress bar with the open
exceptions of the day.

Everything lives in --workdir: a copy of the dbt project (`project/`, whose map and resolution
seeds the replay edits, keeping each seed's own columns; the repository's own seeds are never
touched) and the DuckDB file `replay.duckdb` (raw tables, every model, and the replay's own
tables in its schema `replay`: replay_log, world, settings). A day's evolution and its log row
are committed in one transaction, so an interrupted replay resumes where it stopped when the
same command is run again: built days are skipped, a day evolved but not built is only built.
--restart wipes the workdir and starts over.

No schema name of dbt's is typed here. The raw tables are in the schema of the project's var
`raw_schema`; the marts are read by the relations the copy's dbt manifest names
(`project/target/manifest.json`, written by the daily build), through recon.warehouse. The SQL
is recon/sql/replay/*.sql: the statements on the raw tables and the replay's own tables, with
`$name` parameters, and the queries of the marts, which name them `{{ ref('...') }}`.

The events of day i are drawn from a NumPy generator seeded with (--seed, i); fixes are
scheduled on later days. The same --seed, --customers and --start always give the same days,
whatever --days is and however often the replay was interrupted. Where a fix closes an
exception, the replay enters a resolution in the copy's `exception_resolutions` seed
(`fixed_in_source`, resolved by `replay`), with the exception_id of the story's exception
read from fact_exception_lifecycle (the id is the marts' to compute, not the replay's).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from dbt.cli.main import dbtRunner, dbtRunnerResult
from tqdm import tqdm

from recon.demo_data import (
    DEFAULT_CUSTOMERS,
    EARLIEST_AS_OF,
    PLANS,
    WorldSize,
    build_world,
    company_identity,
    draw_customer_plan,
    group_sizes,
    write_map_seed,
)
from recon.digest import write_digest
from recon.project import find_project_dir, read_dbt_vars
from recon.warehouse import Warehouse, WarehouseError, sql_text

PROJECT_DIR = find_project_dir()

DEFAULT_SEED = 42
DEFAULT_WORKDIR = PROJECT_DIR / "data" / "replay"
# Where the daily build reads the raw tables: the project's var raw_schema (the copy's is the
# same, the copy being made of this project).
RAW_SCHEMA = read_dbt_vars(PROJECT_DIR)["raw_schema"]
DB_FILE = "replay.duckdb"
# The replay's own tables (replay_log, world, settings), in a schema of its own that dbt does
# not know. The DuckDB file's catalog is also called `replay`, so they are always named with
# the catalog: replay.replay.replay_log.
REPLAY_SCHEMA = f"{Path(DB_FILE).stem}.replay"
# Where dbt writes the manifest of the project copy (its parse and every build): the marts'
# relations are read from it.
MANIFEST = Path("target") / "manifest.json"
# What the replay copies of the project: everything dbt reads, without the pytest suite.
PROJECT_PARTS = (
    "dbt_project.yml",
    "models",
    "macros",
    "seeds",
    "snapshots",
    "tests",
    "analyses",
)
WORKDIR_ENTRIES = {"project", DB_FILE, f"{DB_FILE}.wal"}

# Event rates (per replayed day, whatever the world's size) and delays, in days.
SIGNUPS_PER_DAY = 3
SIGNUP_KINDS = ("on_time", "late_webhook", "webhook_never_lands", "required_field_missing")
SIGNUP_KIND_WEIGHTS = (0.55, 0.2, 0.125, 0.125)
LATE_WEBHOOK_DAYS = (1, 2)
NEVER_LANDS_FIX_DAYS = (5, 8)
REQUIRED_FIELD_FIX_DAYS = (3, 6)
CANCELLATION_CHANCE = 0.5
CANCELLATION_FIX_DAYS = (2, 5)
REINSTATE_CHANCE = 0.5
SYNC_RUN_DAY = 10
SYNC_RUN_CUSTOMERS = 6
SYNC_RUN_REACHED = 3
SYNC_RUN_FIX_DAYS = 4
SEAT_ADDITIONS_PER_DAY = 2
SEATS_ADDED = 5
SEAT_BILLING_LAG_DAYS = (0, 3)
LATE_FIX_CHANCE = 1 / 3
# Customers the events pick from are consistent, single-tenant, monthly and small enough that
# five added seats exceed SEAT_COUNT_DRIFT's tolerance (10 % of at most 40 seats is 4).
STEADY_MAX_SEATS = 40
# World groups whose product is meant to stay unused: they get no usage rows.
NO_USAGE_GROUPS = ("billing_without_usage", "lag_billing_canceled_today")
# Provider numbers of replay seat additions start here, after every generated provider.
ADDED_PROVIDER_BASE = 1000
REPLAY_NOTE = "replay: "
# What a planned resolution names its exception by; the seed row gets the exception's id instead.
EXCEPTION_NAMING = ("rule_name", "canonical_id")


class ReplayError(Exception):
    """A replay that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Customer:
    """What the events need to know of one canonical customer."""

    cidx: int
    seats: int
    plan: str
    price_month: int
    currency: str
    billing_interval: str
    start_date: dt.date
    # Its name, legal form, web domain and billing e-mail (recon.demo_data.company_identity)
    company: str
    legal_form: str
    domain: str
    billing_email: str

    @property
    def num(self) -> str:
        """The number in every key of the customer (acc_<num>, cus_<num>, ...)."""
        return f"{self.cidx + 1:07d}"

    @property
    def canonical_id(self) -> str:
        """The customer's id in the key map."""
        return f"cust_{self.num}"

    @property
    def unit_amount(self) -> int:
        """Billed price per seat and interval: a yearly price is twelve months."""
        return self.price_month * (12 if self.billing_interval == "year" else 1)


@dataclass(frozen=True)
class Change:
    """One SQL statement of a day's evolution, with its named parameters."""

    sql: str
    params: dict[str, object]


@dataclass(frozen=True)
class Story:
    """An exception an event promises: the day it appears, is first open, and is gone."""

    kind: str
    rule_name: str
    canonical_id: str
    appears: int
    open_from: int | None
    gone: int


@dataclass
class ReplayPlan:
    """Every change, key map row and resolution the replay makes, by day index."""

    start: dt.date
    changes: dict[int, list[Change]] = field(default_factory=lambda: defaultdict(list))
    map_rows: dict[int, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    resolutions: dict[int, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    stories: list[Story] = field(default_factory=list)

    def on(self, day: int) -> dt.date:
        """Return the date of day index `day`."""
        return self.start + dt.timedelta(days=day)

    def at(self, day: int, hour: int, minute: int = 0) -> dt.datetime:
        """Return a UTC timestamp on day index `day`."""
        return dt.datetime.combine(self.on(day), dt.time(hour, minute))

    def change(self, day: int, sql: str, **params: object) -> None:
        """Run `sql` when day `day` is evolved."""
        self.changes[day].append(Change(sql, params))

    def insert(self, day: int, table: str, **values: object) -> None:
        """Insert one row into a raw table, by column name."""
        select = ", ".join(f"${name} as {name}" for name in values)
        self.change(day, replay_sql("insert_row", table=table, values=select), **values)

    def update(self, day: int, table: str, key_column: str, key: str, **values: object) -> None:
        """Set columns of the raw rows whose key, trimmed and case-folded, is `key`."""
        assignments = ", ".join(f"{name} = ${name}" for name in values)
        self.change(
            day,
            replay_sql("update_rows", table=table, assignments=assignments, key_column=key_column),
            replay_key=key,
            **values,
        )

    def map(self, day: int, canonical_id: str, source_system: str, source_id: str) -> None:
        """Add a key map row that holds from day `day` on."""
        self.map_rows[day].append(
            {
                "canonical_id": canonical_id,
                "source_system": source_system,
                "source_id": source_id,
                "effective_from": self.on(day).isoformat(),
                "effective_to": "",
                "notes": f"{REPLAY_NOTE}{source_system} record added on {self.on(day)}",
            }
        )

    def resolve(self, day: int, at: dt.datetime, story: Story, root_cause: str, note: str) -> None:
        """Enter the resolution of a story's exception, fixed in the source at `at`.

        The row names the exception by rule and customer; `write_seeds` puts its id in.
        """
        self.resolutions[day].append(
            {
                "rule_name": story.rule_name,
                "canonical_id": story.canonical_id,
                "resolution_status": "fixed_in_source",
                "root_cause": root_cause,
                "resolution_note": f"{REPLAY_NOTE}{note}",
                "resolved_by": "replay",
                "resolved_at": at.isoformat(sep=" "),
            }
        )

    def tell(self, story: Story) -> Story:
        """Record a story and return it."""
        self.stories.append(story)
        return story


class World:
    """The generator's per-customer plan, and which customers the replay has used."""

    def __init__(self, table: pa.Table, start: dt.date, seed: int) -> None:
        """Read the plan drawn by `draw_customer_plan(..., seed)` for the world of `start`."""
        self.start = start
        self.seed = seed
        self.columns = plan_columns(table)
        self.next_cidx = table.num_rows
        self.used: set[int] = set()
        grp = self.columns["grp"]
        self.steady = (
            (grp == "consistent")
            & ~self.columns["duplicate_crm"]
            & ~self.columns["duplicate_billing"]
            & ~self.columns["past_due"]
            & (self.columns["tenants"] == 1)
            & (self.columns["billing_interval"] == "month")
            & (self.columns["seats"] <= STEADY_MAX_SEATS)
        )

    def group(self, name: str) -> np.ndarray:
        """Mask of the customers of one of the generator's story groups."""
        return self.columns["grp"] == name

    def customer(self, cidx: int) -> Customer:
        """Return an existing customer."""
        started = self.start - dt.timedelta(days=int(self.columns["start_days_ago"][cidx]))
        return customer_from(self.columns, cidx, cidx, started)

    def pick(self, rng: np.random.Generator, pool: np.ndarray) -> Customer | None:
        """Draw an unused customer of `pool`; each customer takes part in one event at most."""
        candidates = [int(i) for i in np.flatnonzero(pool) if int(i) not in self.used]
        if not candidates:
            return None
        chosen = int(rng.choice(candidates))
        self.used.add(chosen)
        return self.customer(chosen)

    def new_customers(self, rng: np.random.Generator, count: int, on: dt.date) -> list[Customer]:
        """Draw new customers like the generator's, numbered after the existing ones."""
        if count == 0:
            return []
        drawn = draw_customer_plan(WorldSize({"consistent": count}), int(rng.integers(2**62)))
        columns = plan_columns(drawn)
        # named as the generator names customer cidx of this world (one naming rule)
        cidx = np.arange(self.next_cidx, self.next_cidx + count)
        columns.update(company_identity(self.seed, cidx, columns["currency"]))
        customers = [customer_from(columns, i, self.next_cidx + i, on) for i in range(count)]
        self.next_cidx += count
        return customers


def plan_columns(table: pa.Table) -> dict[str, np.ndarray]:
    """Return the columns of a plan drawn by `draw_customer_plan` as NumPy arrays."""
    return {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}


def customer_from(
    columns: dict[str, np.ndarray], row: int, cidx: int, start_date: dt.date
) -> Customer:
    """Read row `row` of a drawn plan as customer `cidx`, whose contract starts on `start_date`."""
    return Customer(
        cidx=cidx,
        seats=int(columns["seats"][row]),
        plan=str(columns["plan"][row]),
        price_month=int(columns["price_month"][row]),
        currency=str(columns["currency"][row]),
        billing_interval=str(columns["billing_interval"][row]),
        start_date=start_date,
        company=str(columns["company"][row]),
        legal_form=str(columns["legal_form"][row]),
        domain=str(columns["domain"][row]),
        billing_email=str(columns["billing_email"][row]),
    )


def days_between(rng: np.random.Generator, bounds: tuple[int, int]) -> int:
    """Draw a whole number of days in [low, high]."""
    return int(rng.integers(bounds[0], bounds[1] + 1))


def replay_sql(name: str, **fill: str) -> str:
    """Return recon/sql/replay/<name>.sql with the replay's schemas (and `fill`) filled in.

    For the statements on the raw tables and the replay's own tables, run on the replay's
    connection with `$name` parameters; the queries of the marts are read by `marts`.
    """
    return sql_text("replay", name).format(
        raw_schema=RAW_SCHEMA,
        replay_schema=REPLAY_SCHEMA,
        no_usage_groups=", ".join(map(repr, NO_USAGE_GROUPS)),
        **fill,
    )


# Raw-table changes shared by several events.
OFFBOARD_TENANTS_SQL = replay_sql("offboard_tenants")
OFFBOARD_PROVIDERS_SQL = replay_sql("offboard_providers")
ADD_PROVIDERS_SQL = replay_sql("add_providers")
ADD_SEATS_SQL = replay_sql("add_seats")


def add_crm_account(
    plan: ReplayPlan, day: int, at: dt.datetime, customer: Customer, with_domain: bool = True
) -> None:
    """Create the customer's active CRM account, as sales enters it, and its map row."""
    plan.insert(
        day,
        "crm_accounts",
        account_id=f"acc_{customer.num}",
        account_name=f"{customer.company} {customer.legal_form}",
        domain=customer.domain if with_domain else None,
        status="active",
        plan=customer.plan,
        contract_signed_date=customer.start_date - dt.timedelta(days=10),
        contract_start_date=customer.start_date,
        contracted_seats=customer.seats,
        contract_mrr=customer.seats * customer.price_month,
        currency=customer.currency,
        is_deleted=False,
        updated_at=at,
    )
    plan.map(day, customer.canonical_id, "crm", f"acc_{customer.num}")


def add_billing_customer(plan: ReplayPlan, day: int, at: dt.datetime, customer: Customer) -> None:
    """Create the customer's billing customer and its live subscription at `at`."""
    plan.insert(
        day,
        "billing_customers",
        customer_id=f"cus_{customer.num}",
        name=customer.company,
        email=customer.billing_email,
        crm_account_ref=f"ACC_{customer.num}",
        is_deleted=False,
        created_at=at,
        updated_at=at,
    )
    plan.insert(
        day,
        "billing_subscriptions",
        subscription_id=f"sub_{customer.num}",
        customer_id=f"cus_{customer.num}",
        plan=customer.plan,
        status="active",
        quantity=customer.seats,
        unit_amount=customer.unit_amount,
        billing_interval=customer.billing_interval,
        currency=customer.currency,
        started_at=at,
        updated_at=at,
    )


def add_tenant(plan: ReplayPlan, day: int, at: dt.datetime, customer: Customer) -> None:
    """Create the customer's product tenant, live at `at` with one provider per seat."""
    plan.insert(
        day,
        "ops_tenants",
        tenant_id=f"ten_{customer.num}",
        tenant_name=customer.company,
        status="active",
        plan=customer.plan,
        go_live_date=plan.on(day),
        updated_at=at,
    )
    plan.change(day, ADD_PROVIDERS_SQL, num=customer.num, at=at, first=0, count=customer.seats)


def offboard(plan: ReplayPlan, day: int, at: dt.datetime, customer: Customer) -> None:
    """Deactivate the customer's tenants and providers: the product stops being used."""
    plan.change(day, OFFBOARD_TENANTS_SQL, num=customer.num, at=at)
    plan.change(day, OFFBOARD_PROVIDERS_SQL, num=customer.num, at=at)


def new_signups(plan: ReplayPlan, world: World, rng: np.random.Generator, day: int) -> None:
    """About three new customers a day: active in the CRM today, new canonical ids.

    Their key map rows (CRM account, billing customer, tenant) hold from today; the tenant goes
    live tomorrow with one provider per seat, and is used every day from then on.
    - on time (most): billing customer and live subscription created today minutes after the
      CRM account. BILLING_ACTIVE_OPS_INACTIVE in grace today (no product yet), consistent
      tomorrow.
    - late webhook: billing created 1-2 days later. MISSING_IN_BILLING in grace (the tenant
      going live keeps it in grace on day 2), gone when billing is created. No resolution.
    - webhook never lands: billing created by a late fix 5-8 days later. MISSING_IN_BILLING in
      grace for two days, open until the fix day, gone on it; resolution integration_delay.
      OPS_ACTIVE_BILLING_INACTIVE is open beside it while the product is used unbilled.
    - required field missing: the CRM account has no domain, so billing's create (which needs
      the billing e-mail) fails until a person fills it in 3-6 days later and billing is
      created. MISSING_IN_BILLING as above, gone on the fix day; resolution system_bug.
    """
    count = int(rng.poisson(SIGNUPS_PER_DAY))
    kinds = rng.choice(SIGNUP_KINDS, size=count, p=SIGNUP_KIND_WEIGHTS)
    hours = rng.integers(8, 18, size=count)
    for customer, kind_drawn, hour in zip(
        world.new_customers(rng, count, plan.on(day)), kinds, hours, strict=True
    ):
        kind = str(kind_drawn)
        signed_at = plan.at(day, int(hour), int(rng.integers(0, 60)))
        add_crm_account(plan, day, signed_at, customer, kind != "required_field_missing")
        plan.map(day, customer.canonical_id, "billing", f"cus_{customer.num}")
        plan.map(day, customer.canonical_id, "ops", f"ten_{customer.num}")
        add_tenant(plan, day + 1, plan.at(day + 1, 9), customer)
        cid = customer.canonical_id
        if kind == "on_time":
            add_billing_customer(plan, day, signed_at + dt.timedelta(minutes=20), customer)
            plan.tell(Story(kind, "BILLING_ACTIVE_OPS_INACTIVE", cid, day, None, day + 1))
        elif kind == "late_webhook":
            lag = days_between(rng, LATE_WEBHOOK_DAYS)
            add_billing_customer(plan, day + lag, plan.at(day + lag, 7), customer)
            plan.tell(Story(kind, "MISSING_IN_BILLING", cid, day, None, day + lag))
        elif kind == "webhook_never_lands":
            fix = day + days_between(rng, NEVER_LANDS_FIX_DAYS)
            fixed_at = plan.at(fix, 14)
            add_billing_customer(plan, fix, fixed_at, customer)
            story = plan.tell(Story(kind, "MISSING_IN_BILLING", cid, day, day + 2, fix))
            plan.resolve(
                fix,
                fixed_at,
                story,
                "integration_delay",
                "billing webhook never landed; customer and subscription created by hand",
            )
        else:
            fix = day + days_between(rng, REQUIRED_FIELD_FIX_DAYS)
            fixed_at = plan.at(fix, 11)
            plan.update(
                fix,
                "crm_accounts",
                "account_id",
                f"acc_{customer.num}",
                domain=customer.domain,
                updated_at=fixed_at,
            )
            add_billing_customer(plan, fix, fixed_at + dt.timedelta(minutes=5), customer)
            story = plan.tell(Story(kind, "MISSING_IN_BILLING", cid, day, day + 2, fix))
            plan.resolve(
                fix,
                fixed_at,
                story,
                "system_bug",
                "billing create failed on the empty domain (no billing e-mail); filled in, retried",
            )


def manual_cancellation(plan: ReplayPlan, world: World, rng: np.random.Generator, day: int) -> None:
    """About one day in two, a consistent customer's subscription is canceled in billing.

    Canceled at 15:00 by hand, with no change in the CRM: CRM_ACTIVE_BILLING_INACTIVE (and
    OPS_ACTIVE_BILLING_INACTIVE, the product still being used) in grace today, open from
    tomorrow. 2-5 days later either billing reinstates the subscription (both gone that day;
    resolution manual_override) or the CRM marks the account churned and the tenant is
    deactivated (CRM_ACTIVE_BILLING_INACTIVE gone that day; resolution contract_amendment;
    OPS_ACTIVE_BILLING_INACTIVE stays until the last use leaves the usage window). A monthly
    billing run while it is canceled skips it, so REVENUE_MISMATCH can follow a month later.
    """
    if rng.random() >= CANCELLATION_CHANCE:
        return
    customer = world.pick(rng, world.steady)
    if customer is None:
        return
    canceled_at = plan.at(day, 15)
    plan.update(
        day,
        "billing_subscriptions",
        "subscription_id",
        f"sub_{customer.num}",
        status="canceled",
        canceled_at=canceled_at,
        updated_at=canceled_at,
    )
    fix = day + days_between(rng, CANCELLATION_FIX_DAYS)
    fixed_at = plan.at(fix, 10)
    story = plan.tell(
        Story(
            "manual_cancellation",
            "CRM_ACTIVE_BILLING_INACTIVE",
            customer.canonical_id,
            day,
            day + 1,
            fix,
        )
    )
    if rng.random() < REINSTATE_CHANCE:
        plan.update(
            fix,
            "billing_subscriptions",
            "subscription_id",
            f"sub_{customer.num}",
            status="active",
            canceled_at=None,
            updated_at=fixed_at,
        )
        plan.resolve(
            fix,
            fixed_at,
            story,
            "manual_override",
            "canceled by hand in billing by mistake; subscription reinstated",
        )
    else:
        plan.update(
            fix,
            "crm_accounts",
            "account_id",
            f"acc_{customer.num}",
            status="churned",
            contract_end_date=plan.on(fix),
            updated_at=fixed_at,
        )
        offboard(plan, fix, fixed_at, customer)
        plan.resolve(
            fix,
            fixed_at,
            story,
            "contract_amendment",
            "the customer had given notice; CRM account marked churned, tenant deactivated",
        )


def halfway_sync_run(plan: ReplayPlan, world: World, rng: np.random.Generator, day: int) -> None:
    """Once, on day SYNC_RUN_DAY: a plan sync run that completes halfway.

    Six customers' CRM plans are upgraded today (the product follows the CRM at once); the
    sync reaches billing for three of them today (in grace today, consistent after). The other
    three get PLAN_MISMATCH, in grace today and open from tomorrow, until the run is repaired
    four days later (gone that day; resolution system_bug). Prices do not change.
    """
    if day != SYNC_RUN_DAY:
        return
    upgradable = world.steady & (world.columns["plan"] != PLANS[-1])
    synced_at = plan.at(day, 10, 30)
    fix = day + SYNC_RUN_FIX_DAYS
    fixed_at = plan.at(fix, 9)
    for position in range(SYNC_RUN_CUSTOMERS):
        customer = world.pick(rng, upgradable)
        if customer is None:
            return
        upgraded = PLANS[PLANS.index(customer.plan) + 1]
        for table, key_column, prefix in (
            ("crm_accounts", "account_id", "acc_"),
            ("ops_tenants", "tenant_id", "ten_"),
        ):
            plan.update(
                day, table, key_column, prefix + customer.num, plan=upgraded, updated_at=synced_at
            )
        reached = position < SYNC_RUN_REACHED
        billing_day, billed_at = (day, synced_at) if reached else (fix, fixed_at)
        plan.update(
            billing_day,
            "billing_subscriptions",
            "subscription_id",
            f"sub_{customer.num}",
            plan=upgraded,
            updated_at=billed_at,
        )
        if not reached:
            story = plan.tell(
                Story("halfway_sync_run", "PLAN_MISMATCH", customer.canonical_id, day, day + 1, fix)
            )
            plan.resolve(
                fix,
                fixed_at,
                story,
                "system_bug",
                "plan sync run stopped halfway; rerun for the customers it missed",
            )


def seat_additions(plan: ReplayPlan, world: World, rng: np.random.Generator, day: int) -> None:
    """About two customers a day activate five more providers in the product.

    Billing raises the subscription's quantity 0-3 days later. While it lags,
    SEAT_COUNT_DRIFT is open from the first day (providers do not count for the sync-lag
    grace); it is gone the day billing catches up. No resolution: nobody had to act. The CRM
    contract is not amended, so once invoices bill the new seats (the second monthly run
    after the change) REVENUE_MISMATCH shows the seats the contract does not cover.
    """
    for _ in range(int(rng.poisson(SEAT_ADDITIONS_PER_DAY))):
        customer = world.pick(rng, world.steady)
        if customer is None:
            return
        added_at = plan.at(day, int(rng.integers(8, 18)))
        plan.change(
            day,
            ADD_PROVIDERS_SQL,
            num=customer.num,
            at=added_at,
            first=ADDED_PROVIDER_BASE,
            count=SEATS_ADDED,
        )
        lag = days_between(rng, SEAT_BILLING_LAG_DAYS)
        billed_at = added_at + dt.timedelta(days=lag, hours=2)
        plan.change(
            day + lag,
            ADD_SEATS_SQL,
            seats=SEATS_ADDED,
            at=billed_at,
            subscription_id=f"sub_{customer.num}",
        )
        if lag:
            plan.tell(
                Story(
                    "seat_addition", "SEAT_COUNT_DRIFT", customer.canonical_id, day, day, day + lag
                )
            )


def late_fixes(plan: ReplayPlan, world: World, rng: np.random.Generator, day: int) -> None:
    """Every few days, someone fixes one of the world's initial exceptions (never on day 0).

    - a customer billed but never in the CRM gets its CRM account and key map row:
      MISSING_IN_CRM, open since before the replay, is gone that day; resolution
      migration_artifact.
    - a customer canceled in the CRM but still billed gets its subscription canceled in
      billing and its tenant deactivated: BILLING_ACTIVE_CRM_INACTIVE is gone that day;
      resolution manual_override. OPS_ACTIVE_BILLING_INACTIVE then shows until the last use
      leaves the usage window.
    """
    if day == 0:
        return
    if rng.random() < LATE_FIX_CHANCE:
        customer = world.pick(rng, world.group("billed_never_in_crm"))
        if customer is not None:
            fixed_at = plan.at(day, 12)
            add_crm_account(plan, day, fixed_at, customer)
            story = plan.tell(Story("late_fix", "MISSING_IN_CRM", customer.canonical_id, 0, 0, day))
            plan.resolve(
                day,
                fixed_at,
                story,
                "migration_artifact",
                "account lost in the CRM migration; recreated and mapped",
            )
    if rng.random() < LATE_FIX_CHANCE:
        customer = world.pick(rng, world.group("crm_churned_still_billed"))
        if customer is not None:
            fixed_at = plan.at(day, 16)
            plan.update(
                day,
                "billing_subscriptions",
                "subscription_id",
                f"sub_{customer.num}",
                status="canceled",
                canceled_at=fixed_at,
                updated_at=fixed_at,
            )
            offboard(plan, day, fixed_at, customer)
            story = plan.tell(
                Story("late_fix", "BILLING_ACTIVE_CRM_INACTIVE", customer.canonical_id, 0, 0, day)
            )
            plan.resolve(
                day,
                fixed_at,
                story,
                "manual_override",
                "churned customer still billed; subscription canceled by hand",
            )


EVENTS = (new_signups, manual_cancellation, halfway_sync_run, seat_additions, late_fixes)


def plan_replay(seed: int, customers: int, start: dt.date, days: int) -> ReplayPlan:
    """Draw every day's events; day i's draws depend only on (seed, i) and earlier days."""
    world = World(draw_customer_plan(group_sizes(customers), seed), start, seed)
    plan = ReplayPlan(start)
    for day in range(days):
        rng = np.random.default_rng([seed, day])
        for event in EVENTS:
            event(plan, world, rng, day)
    return plan


# The monthly billing run and the day's usage (what each does: the SQL files' headers).
BILLING_RUN_SQL = replay_sql("billing_run")
USAGE_SQL = replay_sql("usage")


@contextmanager
def connect(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the replay's DuckDB file, and close it on exit (dbt opens its own)."""
    con = duckdb.connect(str(db_path))
    try:
        yield con
    finally:
        con.close()


def marts(con: duckdb.DuckDBPyConnection, db_path: Path) -> Warehouse:
    """Return the marts of the replay's builds on `con`, by the project copy's manifest.

    Its queries are the recon/sql/replay/*.sql that read `{{ ref('...') }}`, with `:name`
    parameters.
    """
    return Warehouse(db_path.parent / "project" / MANIFEST, connection=con)


def evolve_day(db_path: Path, plan: ReplayPlan, day: int) -> None:
    """Apply day `day`'s events and its log row in one transaction."""
    on = plan.on(day)
    with connect(db_path) as con:
        con.begin()
        try:
            if day == 0 or on.day == 1:
                month_start = on.replace(day=1)
                con.execute(
                    BILLING_RUN_SQL,
                    {
                        "month_start": month_start,
                        "issued_at": dt.datetime.combine(month_start, dt.time(6)),
                    },
                )
            for change in plan.changes.get(day, []):
                con.execute(change.sql, change.params)
            con.execute(USAGE_SQL, {"day": on})
            con.execute(replay_sql("log_evolved"), {"day": on, "now": utc_now()})
            con.commit()
        except Exception:
            con.rollback()
            raise


def utc_now() -> dt.datetime:
    """Return the wall clock in UTC, without time zone (as the log stores it)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the columns of a seed CSV (its header) and its rows."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or ()), rows


def write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    """Replace a seed CSV in one rename, so a crash never leaves half a file.

    A column a row does not give is written empty.

    Raises:
        ReplayError: a row gives a column that `columns` (the seed's header) does not name.

    """
    unknown = sorted({column for row in rows for column in row if column} - set(columns))
    if unknown:
        raise ReplayError(
            f"{path.name} has no column {', '.join(unknown)}, which the replay writes. Give the "
            "project's seed the column and run with --restart."
        )
    partial = path.with_suffix(".csv.partial")
    with partial.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(path)


def write_seeds(seeds_dir: Path, plan: ReplayPlan, day: int, db_path: Path) -> None:
    """Make the copy's map and resolution seeds what they are at the end of day `day`.

    The replay's rows (notes / resolution_note starting with 'replay: ') are replaced by those
    of days up to `day`; every other row is kept. Rewriting is idempotent, so the seeds are
    right even after a crash between a day's evolution and its build. The columns are the
    seed's own, from its header: one the replay does not write is left empty in its rows. A
    resolution gets the exception_id of its exception from fact_exception_lifecycle in
    `db_path` (the days built so far): a fix comes after its exception was detected.
    """
    map_path = seeds_dir / "canonical_entity_map.csv"
    columns, rows = read_csv(map_path)
    kept = [row for row in rows if not (row.get("notes") or "").startswith(REPLAY_NOTE)]
    added = [row for d in range(day + 1) for row in plan.map_rows.get(d, [])]
    rows = sorted(
        kept + added,
        key=lambda r: (r["source_system"], r["source_id"].strip().lower(), r["effective_from"]),
    )
    write_csv(map_path, columns, rows)

    resolutions_path = seeds_dir / "exception_resolutions.csv"
    columns, rows = read_csv(resolutions_path)
    kept = [row for row in rows if not (row.get("resolution_note") or "").startswith(REPLAY_NOTE)]
    planned = [row for d in range(day + 1) for row in plan.resolutions.get(d, [])]
    write_csv(resolutions_path, columns, kept + with_exception_ids(planned, db_path))


def with_exception_ids(resolutions: list[dict[str, str]], db_path: Path) -> list[dict[str, str]]:
    """Return the planned resolutions as seed rows, each with its exception's id.

    The id is read from fact_exception_lifecycle by rule and customer, which the rows name.
    """
    if not resolutions:
        return []
    with connect(db_path) as con:
        ids = {
            (rule_name, canonical_id): exception_id
            for exception_id, rule_name, canonical_id in marts(con, db_path).rows(
                sql_text("replay", "exception_ids")
            )
        }
    rows = []
    for planned in resolutions:
        found = ids.get((planned["rule_name"], planned["canonical_id"]))
        if found is None:
            raise ReplayError(
                f"the fix of {planned['rule_name']} for {planned['canonical_id']} "
                f"({planned['resolution_note']}) has no exception in "
                "fact_exception_lifecycle: the replay plans a fix only after its exception was "
                "detected. Run with --restart."
            )
        seed_row = {k: v for k, v in planned.items() if k not in EXCEPTION_NAMING}
        rows.append({"exception_id": found, **seed_row})
    return rows


class DailyBuild:
    """`dbt build` of the replay's project copy, one as-of date at a time, in this process."""

    def __init__(self, project: Path) -> None:
        """Parse the project once; every day's build starts from a copy of the manifest.

        Passing --vars makes dbt parse the whole project again on every invocation (a vars
        change defeats partial parsing), a third of a small day's build. Each build gets a
        fresh copy, because a build leaves compiled state (such as injected ephemeral CTEs)
        in the manifest it was given. Seeds are read from their files at build time, so the
        replay's daily seed edits are seen.

        The Great Expectations checkpoint is off (var data_contracts, set at parse time): it
        judges timestamps against the wall clock and records the as-of date from the parse,
        so replayed days would be judged and stamped as today.
        """
        self.location = ["--project-dir", str(project), "--profiles-dir", str(project)]
        parsed = dbtRunner().invoke(
            ["parse", *self.location, "--vars", "{data_contracts: false}", "--quiet"]
        )
        if not parsed.success:
            raise ReplayError(
                f"dbt could not parse the replay's project copy {project}: "
                f"{parsed.exception}. Fix the project and run again."
            )
        self.manifest = parsed.result
        # dbt 1.11's Manifest.deepcopy cannot copy disabled nodes (it calls from_dict on their
        # list): drop them, nothing in a build needs them (here: the contracts model).
        self.manifest.disabled = {}

    def invoke(self, command: str, *args: str) -> dbtRunnerResult:
        """Run one dbt `command` with `args` on the project, from a copy of the parsed manifest."""
        return dbtRunner(manifest=self.manifest.deepcopy()).invoke(
            [command, *self.location, *args, "--quiet"]
        )

    def run(self, on: dt.date) -> str | None:
        """Build day `on` (unit tests excluded: they do not depend on data); None or why not."""
        result = self.invoke(
            "build",
            "--vars",
            f"{{as_of_date: '{on.isoformat()}', data_contracts: false}}",
            "--exclude",
            "test_type:unit",
        )
        if result.success:
            return None
        if result.exception is not None:
            return str(result.exception)
        failures = [
            message if node.node.name in message else f"{node.node.name}: {message}"
            for node in getattr(result.result, "results", [])
            if str(node.status) in ("error", "fail", "runtime error")
            for message in [str(node.message).strip().rstrip(".")]
        ]
        return "; ".join(failures[:3]) or "dbt reported a failure without a message"


def copy_project(project: Path) -> None:
    """Copy what dbt reads into `project`, with profiles.example.yml as profiles.yml."""
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(
                source, project / part, ignore=shutil.ignore_patterns("python", "__pycache__")
            )
        else:
            shutil.copy(source, project / part)
    shutil.copy(PROJECT_DIR / "profiles.example.yml", project / "profiles.yml")


def land(workdir: Path, seed: int, customers: int, start: dt.date) -> None:
    """First start: copy the project, land the day-0 world and create the replay's tables."""
    project = workdir / "project"
    if project.exists():
        shutil.rmtree(project)
    copy_project(project)
    with connect(workdir / DB_FILE) as con:
        build_world(con, RAW_SCHEMA, start, draw_customer_plan(group_sizes(customers), seed))
        write_map_seed(con, project / "seeds" / "canonical_entity_map.csv")
        con.begin()
        con.execute(
            replay_sql("replay_tables"), {"seed": seed, "customers": customers, "start": start}
        )
        con.commit()


def read_settings(db_path: Path) -> tuple[int, int, dt.date] | None:
    """Return the (seed, customers, start) of a workdir, or None before landing."""
    if not db_path.exists():
        return None
    with connect(db_path) as con:
        landed = con.execute(
            replay_sql("settings_landed"), {"replay_schema": REPLAY_SCHEMA}
        ).fetchone()[0]
        if not landed:
            return None
        seed, customers, start = con.execute(replay_sql("settings")).fetchone()
    return int(seed), int(customers), start


def day_status(db_path: Path) -> dict[dt.date, bool]:
    """Every evolved day, and whether it is built."""
    with connect(db_path) as con:
        rows = con.execute(replay_sql("day_status")).fetchall()
    return dict(rows)


def mark_built(db_path: Path, on: dt.date) -> int:
    """Log day `on` as built; return its open exceptions (not in grace)."""
    with connect(db_path) as con:
        con.execute(replay_sql("log_built"), {"now": utc_now(), "day": on})
        return sum(count for _, count in open_per_rule(marts(con, db_path), on))


def open_per_rule(warehouse: Warehouse, on: dt.date) -> list[tuple[str, int]]:
    """Return the open exceptions of built day `on` (not in grace) per rule, in rule order."""
    return warehouse.rows(sql_text("replay", "open_per_rule"), {"day": on})


def summarize(db_path: Path, last_day: dt.date) -> list[str]:
    """Open exceptions on the last day per rule, and how many were resolved over the replay."""
    with connect(db_path) as con:
        warehouse = marts(con, db_path)
        per_rule = open_per_rule(warehouse, last_day)
        if warehouse.has("fact_exception_lifecycle"):
            resolved, with_entry = warehouse.rows(sql_text("replay", "resolved"))[0]
            resolved_line = (
                f"resolved over the replay: {resolved:,} exceptions "
                f"({with_entry:,} with a resolution entered), from fact_exception_lifecycle"
            )
        else:
            resolved = warehouse.rows(
                sql_text("replay", "resolved_without_lifecycle"), {"day": last_day}
            )[0][0]
            resolved_line = (
                f"resolved over the replay: {resolved:,} exceptions (seen on an earlier day, "
                "gone on the last)"
            )
    lines = [f"open exceptions on {last_day} (not in grace), per rule:"]
    lines += [f"  {rule:<30}{count:>7,}" for rule, count in per_rule]
    lines.append(f"  {'total':<30}{sum(count for _, count in per_rule):>7,}")
    lines.append(resolved_line)
    return lines


def write_day_digest(db_path: Path, out_dir: Path, on: dt.date) -> str | None:
    """Write the morning digest of a replayed day into out_dir, as after a daily run.

    Uses a read-write connection: dbt-duckdb keeps the file open in this process, and DuckDB
    refuses a second, read-only one. Posts to $RECON_WEBHOOK_URL when it is set; returns the
    warning of a failed post.
    """
    with connect(db_path) as con:
        _, warning = write_digest(
            marts(con, db_path),
            as_of=on,
            out_dir=out_dir,
            webhook_url=os.environ.get("RECON_WEBHOOK_URL") or None,
            timeout=10,
        )
    return warning


def wipe(workdir: Path) -> None:
    """Remove a replay workdir, refusing anything that does not look like one."""
    if not workdir.exists():
        return
    strangers = sorted(
        entry.name for entry in workdir.iterdir() if entry.name not in WORKDIR_ENTRIES
    )
    if strangers:
        raise ReplayError(
            f"--restart would delete {workdir}, which holds more than a replay "
            f"({', '.join(strangers[:5])}). Remove it yourself or choose another --workdir."
        )
    shutil.rmtree(workdir)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        prog="recon replay",
        epilog="Example: recon replay --days 30 (resume: run the same command "
        "again; start over: add --restart)",
    )
    parser.add_argument("--days", type=int, required=True, help="days to replay, at least 1")
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        help="first replayed day, YYYY-MM-DD (default: today in UTC minus days-1; when "
        "resuming, the workdir's)",
    )
    parser.add_argument(
        "--customers",
        type=int,
        help=f"customers of the day-0 world (default {DEFAULT_CUSTOMERS}; when resuming, the "
        "workdir's)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help=f"random seed (default {DEFAULT_SEED}; when resuming, the workdir's)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="folder of the project copy and replay.duckdb (default data/replay)",
    )
    parser.add_argument("--restart", action="store_true", help="wipe the workdir and start over")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error(f"--days must be at least 1, got {args.days}")
    if args.start is not None and args.start < EARLIEST_AS_OF:
        parser.error(
            f"--start must be {EARLIEST_AS_OF.isoformat()} or later (the demo key map's "
            f"history starts in 2024), got {args.start.isoformat()}"
        )
    return args


def resolve_settings(
    args: argparse.Namespace, stored: tuple[int, int, dt.date] | None
) -> tuple[int, int, dt.date]:
    """Seed, customers and start: the workdir's when resuming, else the arguments'."""
    if stored is None:
        today = dt.datetime.now(dt.timezone.utc).date()
        return (
            DEFAULT_SEED if args.seed is None else args.seed,
            DEFAULT_CUSTOMERS if args.customers is None else args.customers,
            today - dt.timedelta(days=args.days - 1) if args.start is None else args.start,
        )
    for name, given, kept in zip(
        ("seed", "customers", "start"), (args.seed, args.customers, args.start), stored, strict=True
    ):
        if given is not None and given != kept:
            raise ReplayError(
                f"{args.workdir} holds a replay started with --{name} {kept}, not {given}. "
                "Run with the same arguments to resume, or add --restart to start over."
            )
    return stored


def main(argv: Sequence[str] | None = None) -> int:
    """Replay the days and print the summary; 1 with a message when a day fails."""
    args = parse_args(argv)
    started = time.perf_counter()
    workdir = args.workdir.resolve()
    db_path = workdir / DB_FILE
    project = workdir / "project"
    try:
        if args.restart:
            wipe(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        stored = read_settings(db_path)
        seed, customers, start = resolve_settings(args, stored)
        if stored is not None and not (project / "dbt_project.yml").exists():
            raise ReplayError(
                f"{workdir} has a replay database but no project copy in {project}. "
                "Add --restart to start over."
            )
        if stored is None:
            print(
                f"replay: landing the day-0 world ({customers:,} customers, seed {seed}, "
                f"{start}) in {db_path}"
            )
            land(workdir, seed, customers, start)
        os.environ["RECON_DUCKDB_PATH"] = str(db_path)
        os.environ["RECON_TARGET"] = "duckdb"
        os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
        plan = plan_replay(seed, customers, start, args.days)
        status = day_status(db_path)
        done = sum(1 for day in range(args.days) if status.get(plan.on(day)))
        build: DailyBuild | None = None
        with tqdm(total=args.days, initial=done, desc="replay", unit="day") as bar:
            for day in range(args.days):
                on = plan.on(day)
                if status.get(on):
                    continue
                if on not in status:
                    evolve_day(db_path, plan, day)
                write_seeds(project / "seeds", plan, day, db_path)
                build = build or DailyBuild(project)
                failure = build.run(on)
                if failure is not None:
                    raise ReplayError(
                        f"the daily build of {on} (day {day + 1} of {args.days}) failed: "
                        f"{failure}. The day is evolved but not built; dbt's log is in "
                        f"{project / 'logs'}. Fix the cause and run the same command to resume."
                    )
                bar.set_postfix(day=on.isoformat(), open=mark_built(db_path, on))
                warning = write_day_digest(db_path, workdir / "digest", on)
                if warning:
                    bar.write(warning)
                bar.update()
    except (ReplayError, WarehouseError) as error:
        print(f"replay: {error}", file=sys.stderr)
        return 1
    last_day = plan.on(args.days - 1)
    built_now = args.days - done
    print(
        f"replay: {args.days} days built ({start} to {last_day}; {built_now} in this run) "
        f"in {time.perf_counter() - started:.1f}s, workdir {workdir}"
    )
    for line in summarize(db_path, last_day):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
