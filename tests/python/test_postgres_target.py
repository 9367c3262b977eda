"""PostgreSQL is the second, tested target: the same project builds there with the same results.

Starts a throw-away PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl, as the `postgres` user
when the tests run as root), lands the same small world in PostgreSQL and in DuckDB, builds
both, and compares the staging models. Skipped only where PostgreSQL is not installed.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from conftest import BIN_DIR, BUILD_UP_TO, MARTS, DbtProject, assert_succeeded

from recon import local_postgres
from recon.local_postgres import libpq_dsn

# Every model whose rows must be the same on both targets, with the columns that order it.
COMPARED_MODELS = {
    "recon_staging.stg_crm__accounts": "account_id",
    "recon_staging.stg_billing__customers": "customer_id",
    "recon_staging.stg_billing__subscriptions": "subscription_id",
    "recon_staging.stg_billing__invoices": "invoice_id",
    "recon_staging.stg_ops__tenants": "tenant_id",
    "recon_staging.stg_ops__providers": "provider_id",
    "recon_staging.stg_ops__usage_daily": "tenant_id, usage_date",
    "recon_intermediate.int_canonical_map_as_of": "source_system, source_id",
    **MARTS,
}
QUARANTINE = "recon_marts.fact_quarantined_rows"
HISTORY_MARTS = ("recon_marts.fact_exception_lifecycle", "recon_marts.rpt_exception_trend")
QUARANTINE_COLUMNS = "as_of_date, source_table, source_key, quarantine_reason, quarantine_detail"


@pytest.fixture(scope="module")
def postgres_dsn() -> Iterator[dict[str, str]]:
    if not local_postgres.available():
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed on this machine")
    with local_postgres.throwaway_cluster() as settings:
        yield settings


def postgres_rows(settings: dict[str, str], sql: str) -> list[tuple]:
    with psycopg2.connect(libpq_dsn(settings)) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_full_build_on_postgres_matches_duckdb(
    postgres_dsn: dict[str, str], project: DbtProject, tmp_path: Path
) -> None:
    duck = DbtProject(tmp_path / "duck")
    duck.generate(customers=120)
    assert_succeeded(duck.dbt("build"))

    project.env.update(postgres_dsn, RECON_TARGET="postgres")
    project.generate(customers=120, extra=["--postgres-dsn", libpq_dsn(postgres_dsn)])
    assert_succeeded(project.dbt("build"))
    # The incremental marts must accept a second day and a rerun of the first: their column
    # types must match their contracts exactly on this engine too.
    assert_succeeded(duck.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16"))
    second_day = project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16")
    assert_succeeded(second_day)
    # The history marts add the second day to what they hold on both engines alike (the
    # rerun of the first day below recomputes them from every day).
    for model in HISTORY_MARTS:
        assert f"{model.split('.')[1]}: adds 2026-06-16" in second_day.stdout, model
        query = f"select * from {model} order by {MARTS[model]}"
        assert postgres_rows(postgres_dsn, query) == duck.query(query), model
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit"))
    assert_succeeded(duck.dbt("build", "--exclude", "test_type:unit"))

    for model, order in COMPARED_MODELS.items():
        columns = QUARANTINE_COLUMNS if model == QUARANTINE else "*"
        on_postgres = postgres_rows(postgres_dsn, f"select {columns} from {model} order by {order}")
        on_duckdb = duck.query(f"select {columns} from {model} order by {order}")
        assert on_postgres or model.endswith("rpt_fix_queue"), model
        assert on_postgres == on_duckdb, model
    # source_row is each engine's own JSON rendering of the raw row: the same fields on both
    raw_rows = f"select source_row from {QUARANTINE} order by {MARTS[QUARANTINE]}"
    assert [sorted(json.loads(row)) for (row,) in postgres_rows(postgres_dsn, raw_rows)] == [
        sorted(json.loads(row)) for (row,) in duck.query(raw_rows)
    ]

    # the commands that read the marts say the same on both engines (relations from each
    # build's manifest, the connection from the same environment as the profile)
    said = {}
    for name, built in (("postgres", project), ("duckdb", duck)):
        where = [] if name == "postgres" else ["--duckdb-path", str(built.db_path)]
        summary = recon(built, "summary", "--as-of", "2026-06-15", *where)
        digest = recon(
            built, "digest", "--as-of", "2026-06-15", "--out-dir", str(tmp_path / name), *where
        )
        assert "digest for 2026-06-15:" in digest, digest
        said[name] = (summary, (tmp_path / name / "digest_2026-06-15.json").read_text())
    assert "CRM accounts, active" in said["postgres"][0]
    assert said["postgres"] == said["duckdb"]

    # the match suggestions: dbt runs no Python model on PostgreSQL, the command writes the
    # same rows with the same code (recon.matching) into the marts schema
    written = recon(project, "match", "suggest", "--postgres")
    assert 'written to "recon_marts"."rpt_match_suggestions"' in written, written
    suggestions = "select * from recon_marts.rpt_match_suggestions order by suggestion_id"
    on_postgres = postgres_rows(postgres_dsn, suggestions)
    assert on_postgres, "the world has no unmapped record with a candidate"
    assert on_postgres == duck.query(suggestions)
    # the report finds that table where the manifest puts the model it lists as disabled
    report = tmp_path / "report.html"
    recon(project, "report", "--as-of", "2026-06-15", "--out", str(report))
    section = re.search(
        r'<section id="match-suggestions">.*?</section>', report.read_text(), re.DOTALL
    )
    assert section and "<tbody><tr>" in section.group(0), section and section.group(0)[:2000]


def recon(project: DbtProject, *args: str) -> str:
    """Run a recon command against the project's last build; its standard output."""
    result = subprocess.run(
        [str(BIN_DIR / "recon"), *args],
        cwd=project.root,
        env=project.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_bad_rows_are_quarantined_the_same_way_on_postgres(
    postgres_dsn: dict[str, str], project: DbtProject
) -> None:
    project.env.update(postgres_dsn, RECON_TARGET="postgres")
    project.generate(customers=40, extra=["--postgres-dsn", libpq_dsn(postgres_dsn)])
    with psycopg2.connect(libpq_dsn(postgres_dsn)) as con, con.cursor() as cur:
        cur.execute(
            "update raw.ops_tenants set status = 'Paused' "
            "where tenant_id = (select min(tenant_id) from raw.ops_tenants);"
            "alter table raw.billing_invoices alter column amount_due type text;"
            "update raw.billing_invoices set amount_due = '12,50' "
            "where invoice_id = (select min(invoice_id) from raw.billing_invoices);"
            # timestamps landed as text: one that reads (with an offset), one that does not,
            # and a day-first date PostgreSQL's own parser would read by its DateStyle
            "alter table raw.billing_subscriptions alter column started_at type text;"
            "update raw.billing_subscriptions set started_at = '2026-02-30 10:00:00' "
            "where subscription_id = (select min(subscription_id) from raw.billing_subscriptions);"
            # PostgreSQL's own parser reads a leap second and 24:00; the project does not
            "update raw.billing_subscriptions set started_at = '2026-06-01 23:59:60' "
            "where subscription_id = (select min(subscription_id) from raw.billing_subscriptions "
            "where subscription_id > (select min(subscription_id) from raw.billing_subscriptions));"
            "update raw.billing_subscriptions set started_at = '2026-06-01T10:00:00+02:00' "
            "where subscription_id = (select max(subscription_id) from raw.billing_subscriptions "
            "where subscription_id ~ '[0-9]');"
            "alter table raw.ops_tenants alter column go_live_date type text;"
            "update raw.ops_tenants set go_live_date = '01/02/2026' "
            "where tenant_id = (select max(tenant_id) from raw.ops_tenants);"
            "select min(tenant_id), (select min(invoice_id) from raw.billing_invoices), "
            "(select min(subscription_id) from raw.billing_subscriptions), "
            "(select min(subscription_id) from raw.billing_subscriptions where subscription_id > "
            "(select min(subscription_id) from raw.billing_subscriptions)), "
            "(select max(subscription_id) from raw.billing_subscriptions "
            "where subscription_id ~ '[0-9]'), max(tenant_id) "
            "from raw.ops_tenants"
        )
        tenant, invoice, bad_start, leap_second, good_start, bad_live = cur.fetchone()

    assert_succeeded(project.dbt(*BUILD_UP_TO, "+stg_quarantined_rows"))

    rows = postgres_rows(
        postgres_dsn,
        "select source_table, source_key, quarantine_reason, quarantine_detail, source_row "
        "from recon_staging.stg_quarantined_rows where source_key in "
        f"('{tenant}', '{invoice}', '{bad_start}', '{leap_second}', '{bad_live}') "
        "order by source_table, source_key",
    )
    assert [row[:4] for row in rows] == [
        (
            "billing_invoices",
            invoice,
            "not_a_number",
            "amount_due '12,50' does not read as a number (digits, optional sign and decimal "
            "point)",
        ),
        (
            "billing_subscriptions",
            bad_start,
            "not_a_date",
            "started_at '2026-02-30 10:00:00' does not read as a date or timestamp (YYYY-MM-DD, "
            "optionally a time and an offset)",
        ),
        (
            "billing_subscriptions",
            leap_second,
            "not_a_date",
            "started_at '2026-06-01 23:59:60' does not read as a date or timestamp (YYYY-MM-DD, "
            "optionally a time and an offset)",
        ),
        (
            "ops_tenants",
            tenant,
            "unknown_status",
            "status 'Paused' is not one of: active, suspended, deactivated",
        ),
        (
            "ops_tenants",
            bad_live,
            "not_a_date",
            "go_live_date '01/02/2026' does not read as a date or timestamp (YYYY-MM-DD, "
            "optionally a time and an offset)",
        ),
    ]
    assert json.loads(rows[0][4])["amount_due"] == "12,50"
    assert postgres_rows(
        postgres_dsn,
        "select cast(started_at as text) from recon_staging.base_billing__subscriptions "
        f"where subscription_id = lower(trim('{good_start}'))",
    ) == [("2026-06-01 08:00:00",)]

    # on PostgreSQL the Great Expectations checkpoint runs from the command line, before the
    # build: the same rows are warnings there, and nothing blocks
    contracts = subprocess.run(
        [str(BIN_DIR / "recon"), "contracts", "--postgres"],
        cwd=project.root,
        env=project.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert contracts.returncode == 0, contracts.stdout + contracts.stderr
    assert "0 blocking failures" in contracts.stdout
    assert "warning  ops_tenants.status: 1 of" in contracts.stdout
    assert "warning  billing_invoices.amount_due: 1 of" in contracts.stdout
    assert "e.g. '12,50'" in contracts.stdout
