"""A run that only saw part of a source is refused, leaves every mart as it was, and is
audited; an override lets one run through with its reason on record."""

from __future__ import annotations

from conftest import MARTS, DbtProject, assert_failed_with, assert_succeeded

MARTS_AND_SNAPSHOT = {
    **MARTS,
    "recon_snapshots.snap_reconciliation_state": "exception_id, dbt_valid_from",
}
AUDIT = "recon_audit.run_audit"
EXTRACTS = "recon_audit.run_audit_extracts"
CONTRACTS_ON = {"data_contracts": True}


def test_a_tenth_of_billing_is_refused_and_the_override_is_audited(project: DbtProject) -> None:
    # the daily job as shipped: with the Great Expectations checkpoint on
    project.generate(customers=400)
    assert_succeeded(
        project.dbt(
            "build", "--exclude", "test_type:unit", as_of="2026-06-15", extra_vars=CONTRACTS_ON
        )
    )
    before = project.marts(MARTS_AND_SNAPSHOT)
    full = project.query("select count(*) from raw.billing_subscriptions")[0][0]
    project.execute("delete from raw.billing_subscriptions where hash(subscription_id) % 10 != 0")
    kept = project.query("select count(*) from raw.billing_subscriptions")[0][0]

    result = project.dbt(
        "build", "--exclude", "test_type:unit", as_of="2026-06-16", extra_vars=CONTRACTS_ON
    )

    percent = round(100 * kept / full)
    assert_failed_with(
        result,
        f"reconciliation not trustworthy: billing_subscriptions has {kept:,} rows, "
        f"last good run {full:,} ({percent}%)",
    )
    assert project.marts(MARTS_AND_SNAPSHOT) == before

    reason = "billing migration archived 90% of subscriptions"
    overridden = project.dbt(
        "build",
        "--exclude",
        "test_type:unit",
        as_of="2026-06-16",
        extra_vars={**CONTRACTS_ON, "completeness_override_reason": reason},
    )
    assert_succeeded(overridden)

    audit = project.query(
        "select cast(runs.as_of_date as varchar), runs.outcome, runs.override_reason, "
        f"counted.rows_read from {AUDIT} as runs left join {EXTRACTS} as counted "
        "on counted.run_id = runs.run_id and counted.source_table = 'billing_subscriptions' "
        "order by runs.finished_at, runs.outcome"
    )
    assert audit == [
        ("2026-06-15", "success", None, full),
        ("2026-06-16", "refused", None, kept),
        ("2026-06-16", "success", reason, kept),
    ]
    refused_nodes = project.query(f"select failed_nodes from {AUDIT} where outcome = 'refused'")[0][
        0
    ]
    assert "fact_reconciliation_exceptions" in refused_nodes


def test_small_drops_pass_the_guard(project: DbtProject) -> None:
    project.generate(customers=200)
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-15"))
    full = project.query("select count(*) from raw.ops_usage_daily")[0][0]
    project.execute(
        "delete from raw.ops_usage_daily where rowid in "
        f"(select rowid from raw.ops_usage_daily limit {full // 10})"
    )

    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16"))
    assert project.query(f"select outcome from {AUDIT} order by finished_at") == [
        ("success",),
        ("success",),
    ]


def test_a_run_audit_of_one_column_per_extract_is_carried_into_the_long_format(
    project: DbtProject,
) -> None:
    # the run audit as an older version wrote it: one <table>_rows column per extract
    project.generate(customers=200)
    tables = [
        row[0]
        for row in project.query(
            "select table_name from duckdb_tables() where schema_name = 'raw' order by table_name"
        )
    ]
    columns = ", ".join(f"{table}_rows integer" for table in tables)
    project.execute(
        "create schema recon_audit;"
        f"create table {AUDIT} (run_id varchar, as_of_date date, command varchar, "
        "started_at timestamp, finished_at timestamp, outcome varchar, failed_nodes varchar, "
        f"override_reason varchar, overridden_by varchar, {columns});"
        f"insert into {AUDIT} (run_id, as_of_date, command, started_at, finished_at, outcome, "
        "crm_accounts_rows, ops_usage_daily_rows) values ('old-run', date '2026-06-14', 'build', "
        "timestamp '2026-06-14 06:00:00', timestamp '2026-06-14 06:05:00', 'success', 123, 4567)"
    )

    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-15"))

    carried = project.query(
        f"select source_table, rows_read from {EXTRACTS} where run_id = 'old-run' "
        "order by source_table"
    )
    assert carried == [("crm_accounts", 123), ("ops_usage_daily", 4567)]
    read_now = dict(
        project.query(
            f"select counted.source_table, counted.rows_read from {EXTRACTS} as counted "
            f"inner join {AUDIT} as runs on runs.run_id = counted.run_id "
            "where runs.as_of_date = date '2026-06-15'"
        )
    )
    assert read_now == {
        table: project.query(f"select count(*) from raw.{table}")[0][0] for table in tables
    }
    # the old columns stay, empty for the new run: nothing of the old audit is lost
    assert project.query(f"select crm_accounts_rows from {AUDIT} order by finished_at") == [
        (123,),
        (None,),
    ]
