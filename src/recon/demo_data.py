"""Generate a deterministic demo world for the reconciliation layer.

Lands the seven raw tables of the CRM, billing and ops systems (crm_accounts,
billing_customers, billing_subscriptions, billing_invoices, ops_tenants, ops_providers,
ops_usage_daily), each with the columns its landing contract (var landing_contract)
declares, in that order (checked: `landed_tables`), in a DuckDB file (or a PostgreSQL
schema), and writes the key map seed `seeds/canonical_entity_map.csv` (or, with --map-table,
lands the map as a DuckDB table, as a company with a large map keeps it: dbt var
canonical_map_table).

The same --seed, --customers and --as-of always give the same world. At the default size
(1,600 customers) the world tells the story the README describes: on the as-of date the CRM
has 1,182 active accounts and billing 1,230 customers with a live subscription; 31 customers
are canceled in the CRM but still billed, 13 are billed but never reached the CRM, and 17 more
differences are sync lag younger than 24 hours. Smaller numbers of every other kind of drift
(seat drift, revenue mismatch in EUR and on a yearly plan, plan mismatch, usage without
billing, billing without usage, unmapped records) and messy input (padded and upper-cased
keys, status words in any case, exact duplicate rows, and six unusable rows of the kinds the
reconciliation quarantines) are mixed in. Company names are made of syllables and words
(`company_identity`), so no number in a name gives its customer away; 12 mapped customers get
one more record nobody mapped (a second billing customer, a new tenant, a division's CRM
account), named as people type names (a typo, a legal form written out, an abbreviation, a
gmail address, a name another customer shares but for a letter), and what the generator
knows, the customer each unmapped record belongs to, goes to demo_truth.match_truth, which
the build never reads (`recon match evaluate` does). Other sizes scale every
group in proportion, except the two customers with two active CRM accounts and the two with
two billed billing customers, who stay two. The as-of date must be 2024-01-01 or later: the
key map's history (a 2024-01-01 billing migration) is fixed, so the map is the same whatever
the as-of date.

Everything is generated in bulk: a per-customer plan is drawn with NumPy, handed to DuckDB
as an Arrow table, and each raw table is one SQL statement over it (recon/sql/demo_world/).
Nothing is written row by row, so a million customers take seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from recon import landing_contract, local_spark
from recon.project import find_project_dir

DEFAULT_CUSTOMERS = 1600
DEFAULT_DUCKDB_PATH = "data/reconciliation.duckdb"
# Where the generator writes what it knows and the build never reads: the customer each
# unmapped record truly belongs to (recon/sql/demo_world/13_match_truth.sql).
TRUTH_SCHEMA = "demo_truth"
TRUTH_TABLE = "match_truth"
# The world's SQL, one statement per file, run in file-name order (recon/sql/demo_world/).
WORLD_SQL = resources.files("recon") / "sql" / "demo_world"

# Groups of customers and their size in the default world of 1,600 customers. Every group
# but `consistent` scales with --customers; `consistent` takes the rest.
STORY_GROUPS: dict[str, int] = {
    # UNMAPPED_SOURCE_RECORD x1 each: a mapped customer's new record nobody mapped yet (a
    # second billing customer, a new tenant, a division's CRM account), named the way people
    # type names (MATCH_STORY_KINDS). First in the order: it takes customers the default world
    # had as consistent, so every other group keeps its customers.
    "unmapped_known_customer": 12,
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

# Company names: "<brand> [<descriptor>] <industry> [International] <legal form>", the brand made
# of syllables, so that no number in a name gives its customer away. A customer's name is a
# function of the seed and its index alone (`company_identity`): the generator and the replay
# name customers the same way. The parts' combinations give 3,200,000 distinct names (and
# domains); beyond that many customers, names repeat.
BRAND_HEADS = (
    "Kal", "Ver", "Nor", "Bel", "Tor", "Mar", "Zen", "Quin", "Sol", "Bri",
    "Cor", "Dal", "Fen", "Gal", "Hal", "Jor", "Lin", "Mer", "Ost", "Pel",
    "Ral", "Sar", "Tal", "Vel", "Wyn", "Ard", "Bex", "Cal", "Dro", "Eli",
    "Fal", "Gry", "Ivo", "Kor", "Lum", "Nex", "Orb", "Pra", "Ryn", "Stra",
)  # fmt: skip
BRAND_LINKS = ("a", "e", "o", "i", "")
BRAND_TAILS = (
    "vora", "dex", "lina", "ton", "ria", "quest", "mont", "wick", "bury", "field",
    "gate", "nova", "lix", "tra", "vant", "sen", "dal", "more", "ridge", "ley",
    "ca", "ro", "nis", "tek", "via",
)  # fmt: skip
DESCRIPTORS = ("", "North", "Blue", "Pacific")
SUFFIXES = ("", "International", "Group", "Partners")
INDUSTRIES = (
    "Logistics", "Analytics", "Foods", "Systems", "Health", "Energy", "Software", "Robotics",
    "Media", "Consulting", "Textiles", "Pharma", "Marine", "Aerospace", "Outdoor", "Studios",
    "Labs", "Dynamics", "Capital", "Networks", "Solutions", "Freight", "Biotech", "Materials",
    "Retail", "Security", "Interiors", "Farms", "Motors", "Instruments", "Optics", "Games",
    "Learning", "Travel", "Legal", "Architects", "Brewing", "Packaging", "Ceramics", "Dental",
)  # fmt: skip
LEGAL_FORMS = {
    "USD": ("Inc", "LLC", "Corp"),
    "GBP": ("Ltd", "plc", "Ltd"),
    "EUR": ("GmbH", "BV", "AG"),
}
TOP_LEVEL_DOMAINS = {"USD": ".com", "GBP": ".co.uk", "EUR": ".eu"}
NAME_PARTS = (BRAND_HEADS, BRAND_LINKS, BRAND_TAILS, DESCRIPTORS, INDUSTRIES, SUFFIXES)
# One small customer in FREE_MAIL_EVERY pays with a free-mail address (the domain many share).
FREE_MAIL_DOMAIN = "gmail.com"
FREE_MAIL_EVERY = 15
# The kinds of record of `unmapped_known_customer`, given in turn (by customer index order):
# what the new record is and how its name and contact differ from the customer's mapped ones.
MATCH_STORY_KINDS = (
    "billing_typo",  # second billing customer: a typo in the name, e-mail at the company domain
    "tenant_legal_form",  # new tenant: the legal form written out ("Limited", "Incorporated")
    "billing_hint_free_mail",  # billing: abbreviated name, gmail, crm_account_ref names its account
    "crm_division",  # a division's CRM account: "(EMEA)" added, the company's web domain
    "tenant_near_twin",  # new tenant: the exact name, while another customer's differs by a letter
    "billing_typo_free_mail",  # billing: a typo in the name and a gmail address, nothing else
)


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


def company_identity(seed: int, cidx: np.ndarray, currency: np.ndarray) -> dict[str, np.ndarray]:
    """Name each customer `cidx` (with its `currency`): company, legal form, domain, e-mail.

    A function of the seed and the customer's index alone, so the generator and the replay's
    new customers are named alike: an affine bijection of the indexes onto the combinations of
    NAME_PARTS (distinct names for up to 3,200,000 customers), seeded by `seed`.
    """
    sizes = [len(part) for part in NAME_PARTS]
    combinations = int(np.prod(sizes))
    rng = np.random.default_rng([seed, 20_261_203])
    step = int(rng.integers(1, combinations))
    while math.gcd(step, combinations) != 1:
        step += 1
    index = (
        np.asarray(cidx, dtype=np.int64) * step + int(rng.integers(combinations))
    ) % combinations
    digits = []
    for size in reversed(sizes):
        digits.append(index % size)
        index //= size
    head, link, tail, descriptor, industry, suffix = (
        np.asarray(part)[digit] for part, digit in zip(NAME_PARTS, reversed(digits), strict=True)
    )
    brand = np.char.add(np.char.add(head, link), tail)
    words = [brand, descriptor, industry, suffix]
    company = words[0]
    for word in words[1:]:
        company = np.where(word == "", company, np.char.add(np.char.add(company, " "), word))
    currency = np.asarray(currency)
    legal_form = np.empty(len(company), dtype=object)
    domain = np.empty(len(company), dtype=object)
    for code, forms in LEGAL_FORMS.items():
        here = currency == code
        legal_form[here] = np.asarray(forms)[np.asarray(cidx)[here] % len(forms)]
        domain[here] = TOP_LEVEL_DOMAINS[code]
    slug = np.char.lower(
        np.char.replace(np.char.replace(company, " ", ""), "International", "intl")
    )
    domain = np.char.add(slug, domain.astype(str))
    free_mail = np.asarray(cidx) % FREE_MAIL_EVERY == 7
    email = np.where(
        free_mail,
        np.char.add(np.char.lower(np.char.add(brand, ".accounts@")), FREE_MAIL_DOMAIN),
        np.char.add("billing@", domain),
    )
    return {
        "company": company.astype(str),
        "legal_form": legal_form.astype(str),
        "domain": domain.astype(str),
        "billing_email": email.astype(str),
    }


def typo(name: str) -> str:
    """Return the name with two letters of its first word swapped, as people mistype it."""
    word, _, rest = name.partition(" ")
    at = max(1, len(word) // 2)
    word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    return f"{word} {rest}".strip()


def near_twin(name: str) -> str:
    """Return a name one letter away: the first inner vowel of the brand changed."""
    swaps = {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o", "y": "i"}
    for at, letter in enumerate(name[1:], start=1):
        if letter in swaps:
            return name[:at] + swaps[letter] + name[at + 1 :]
    return name + "s"


LONG_LEGAL_FORMS = {
    "Inc": "Incorporated",
    "LLC": "L.L.C.",
    "Corp": "Corporation",
    "Ltd": "Limited",
    "plc": "Public Limited Company",
    "GmbH": "G.m.b.H.",
    "BV": "B.V.",
    "AG": "A.G.",
}


def match_story_record(kind: str, company: str, legal_form: str) -> tuple[str, str | None]:
    """Return the name and e-mail of a match-story record of `kind` (MATCH_STORY_KINDS)."""
    brand = company.split(" ")[0].lower()
    free_mail = f"{brand}.finance@{FREE_MAIL_DOMAIN}"
    if kind == "billing_typo":
        return f"{typo(company)} {LONG_LEGAL_FORMS[legal_form]}", None
    if kind == "tenant_legal_form":
        return f"{company} {LONG_LEGAL_FORMS[legal_form]}", None
    if kind == "billing_hint_free_mail":
        short = company.replace("International", "Intl")
        if short == company:
            short = company.upper()
        return f"{short} {legal_form}.", free_mail
    if kind == "crm_division":
        return f"{company} (EMEA) {legal_form}", None
    if kind == "tenant_near_twin":
        return company, None
    return typo(company), free_mail


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

    # Names (drawn apart from the rest, so the other draws are the same with or without them),
    # the match story's records, and its near twins: for each `tenant_near_twin` customer, a
    # consistent customer (from the last) renamed one letter away from it.
    names = company_identity(seed, np.arange(n), currency)
    match_story = members("unmapped_known_customer")
    kinds = np.full(n, "", dtype=object)
    kinds[match_story] = np.resize(np.asarray(MATCH_STORY_KINDS), match_story.size)
    record_name = np.full(n, None, dtype=object)
    record_email = np.full(n, None, dtype=object)
    company = names["company"].astype(object)
    twins = iter(consistent[::-1])
    for customer in match_story:
        kind = str(kinds[customer])
        record_name[customer], record_email[customer] = match_story_record(
            kind, str(company[customer]), str(names["legal_form"][customer])
        )
        if kind == "tenant_near_twin":
            twin = next(twins)
            company[twin] = near_twin(str(company[customer]))
            names["domain"][twin] = near_twin(str(names["domain"][customer]))
            if names["billing_email"][twin].startswith("billing@"):
                names["billing_email"][twin] = "billing@" + names["domain"][twin]

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
        "company": company.astype(str),
        "legal_form": names["legal_form"],
        "domain": names["domain"],
        "billing_email": names["billing_email"],
        "match_kind": kinds.astype(str),
        "record_name": pa.array(record_name, type=pa.string()),
        "record_email": pa.array(record_email, type=pa.string()),
    }
    return pa.table(columns)


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
    for path in sorted(WORLD_SQL.iterdir(), key=lambda item: item.name):
        if path.name.endswith(".sql"):
            con.execute(path.read_text(encoding="utf-8").format(**fill))
    con.execute("commit")


def landed_tables(
    con: duckdb.DuckDBPyConnection, schema: str, contract: dict[str, landing_contract.ContractTable]
) -> list[str]:
    """Return the contract's tables the world landed in `schema`, in the contract's order.

    Raises:
        ValueError: a landed table's columns are not the contract's (names and order), or
            the world landed a table the contract does not declare.

    """
    landed = {
        name: [column for column, *_ in con.execute(f"describe {schema}.{name}").fetchall()]
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [schema]
        ).fetchall()
    }
    unknown = sorted(set(landed) - set(contract))
    if unknown:
        raise ValueError(
            f"the demo world landed {', '.join(unknown)}, which the landing contract (var "
            "landing_contract) does not declare"
        )
    for name, columns in landed.items():
        if tuple(columns) != contract[name].names:
            raise ValueError(
                f"the demo world's {schema}.{name} has the columns {', '.join(columns)}; its "
                f"landing contract (var landing_contract) says {', '.join(contract[name].names)}. "
                "Change the world's SQL (recon/sql/demo_world/) or the contract so they agree."
            )
    return [name for name in contract if name in landed]


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


def land_in_postgres(
    con: duckdb.DuckDBPyConnection, dsn: str, schema: str, tables: Sequence[str]
) -> None:
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
        for table in tables:
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
        prog="recon demo-data",
        epilog="Example: recon demo-data --seed 42 --customers 1600 --as-of 2026-06-15",
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
        "--spark",
        action="store_true",
        help="also land the raw tables in the Spark warehouse of the profile's spark target "
        '($RECON_SPARK_HOME, default data/spark; README "Running on Spark")',
    )
    parser.add_argument(
        "--map-seed",
        type=Path,
        help="where to write the key map seed (default the project's "
        "seeds/canonical_entity_map.csv)",
    )
    parser.add_argument(
        "--map-table",
        help="land the key map as this DuckDB (and with --spark Spark) table, <schema>.<table>, "
        "instead of the seed "
        "(for a large map; build with --vars '{canonical_map_table: <schema>.<table>}')",
    )
    args = parser.parse_args(argv)
    args.map_seed = args.map_seed or find_project_dir() / "seeds" / "canonical_entity_map.csv"
    if args.map_table and not re.fullmatch(
        r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*", args.map_table
    ):
        parser.error(f"--map-table must be <schema>.<table>, got {args.map_table!r}")
    if args.spark and args.postgres_dsn:
        parser.error("--spark and --postgres-dsn: land in one engine at a time")
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
    contract = landing_contract.load(find_project_dir())
    tables = landed_tables(con, args.raw_schema, contract)
    if args.map_table:
        map_rows = write_map_table(con, args.map_table)
    else:
        map_rows = write_map_seed(con, args.map_seed)
    if args.postgres_dsn:
        land_in_postgres(con, args.postgres_dsn, args.raw_schema, tables)
        land_in_postgres(con, args.postgres_dsn, TRUTH_SCHEMA, [TRUTH_TABLE])
    if args.spark:
        spark = local_spark.session()
        local_spark.land_tables(con, args.raw_schema, tables, spark)
        local_spark.land_tables(con, TRUTH_SCHEMA, [TRUTH_TABLE], spark)
        if args.map_table:
            schema, table = args.map_table.split(".")
            local_spark.land_tables(con, schema, [table], spark)
        spark.stop()
    counts = {
        table: con.execute(f"select count(*) from {args.raw_schema}.{table}").fetchone()[0]
        for table in tables
    }
    con.close()
    elapsed = time.perf_counter() - started
    where = "PostgreSQL" if args.postgres_dsn else args.duckdb_path
    if args.spark:
        where += f" and Spark ({local_spark.spark_home()})"
    print(
        f"demo world: {size.customers:,} customers, seed {args.seed}, as of "
        f"{args.as_of.isoformat()}, landed in {where} schema {args.raw_schema} "
        f"in {elapsed:.1f}s"
    )
    for table, rows in counts.items():
        print(f"  {args.raw_schema}.{table:<24}{rows:>12,} rows")
    map_name = args.map_table or args.map_seed.name
    print(f"  {map_name:<28}{map_rows:>12,} rows")
    for table in (name for name in contract if name not in tables):
        print(f"  {args.raw_schema}.{table}: not simulated by the demo world; land it yourself")
    return 0


if __name__ == "__main__":
    sys.exit(main())
