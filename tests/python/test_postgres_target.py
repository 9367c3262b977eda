"""PostgreSQL is the second, tested target: the same project builds there with the same results.

Starts a throw-away PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl, as the `postgres` user
when the tests run as root), lands the same small world in PostgreSQL and in DuckDB, builds
both, and compares the staging models. Skipped only where PostgreSQL is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from conftest import MARTS, DbtProject, assert_failed_with, assert_succeeded

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_dsn() -> Iterator[dict[str, str]]:
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed on this machine")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir = Path(tempfile.mkdtemp(prefix="recon-pg-"))
    if as_user:
        shutil.chown(workdir, "postgres")
    data, port = workdir / "data", free_port()
    subprocess.run(
        [
            *as_user,
            "initdb",
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "recon",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(workdir / "server.log"),
            "-w",
            "-o",
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        admin = psycopg2.connect(host="127.0.0.1", port=port, user="recon", dbname="postgres")
        admin.autocommit = True
        admin.cursor().execute("create database recon")
        admin.close()
        yield {
            "RECON_PG_HOST": "127.0.0.1",
            "RECON_PG_PORT": str(port),
            "RECON_PG_USER": "recon",
            "RECON_PG_DBNAME": "recon",
            "RECON_PG_SCHEMA": "recon",
        }
    finally:
        subprocess.run(
            [*as_user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def libpq_dsn(settings: dict[str, str]) -> str:
    return (
        f"host={settings['RECON_PG_HOST']} port={settings['RECON_PG_PORT']} "
        f"user={settings['RECON_PG_USER']} dbname={settings['RECON_PG_DBNAME']}"
    )


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
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16"))
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit"))
    assert_succeeded(duck.dbt("build", "--exclude", "test_type:unit"))

    for model, order in COMPARED_MODELS.items():
        on_postgres = postgres_rows(postgres_dsn, f"select * from {model} order by {order}")
        on_duckdb = duck.query(f"select * from {model} order by {order}")
        assert on_postgres or model.endswith("rpt_fix_queue"), model
        assert on_postgres == on_duckdb, model


def test_bad_status_fails_with_the_same_message_on_postgres(
    postgres_dsn: dict[str, str], project: DbtProject
) -> None:
    project.env.update(postgres_dsn, RECON_TARGET="postgres")
    project.generate(customers=40, extra=["--postgres-dsn", libpq_dsn(postgres_dsn)])
    with psycopg2.connect(libpq_dsn(postgres_dsn)) as con, con.cursor() as cur:
        cur.execute(
            "update raw.ops_tenants set status = 'Paused' "
            "where tenant_id = (select min(tenant_id) from raw.ops_tenants)"
        )

    result = project.dbt("run", "--select", "stg_ops__tenants")

    assert_failed_with(
        result, "stg_ops__tenants: tenant_id", "has status 'Paused' (read as 'paused')"
    )
