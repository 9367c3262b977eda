"""Bad input, tried one case at a time: each either stops the build with a message that says
what is wrong and where, or is read correctly, or is handled as documented (a killed run, a
late row). See the table in README.md."""

from __future__ import annotations

import json
import signal
import subprocess
import unicodedata
from pathlib import Path

import duckdb
from conftest import BIN_DIR, DbtProject, assert_failed_with, assert_succeeded

BUILD = ("build", "--exclude", "test_type:unit")


def mapped_account(project: DbtProject) -> tuple[str, str]:
    """A CRM account that is mapped and active: (normalised account id, canonical id)."""
    return project.query(
        "select source_id, canonical_id from recon_intermediate.int_canonical_map_as_of "
        "where source_system = 'crm' order by source_id limit 1"
    )[0]


def rename_account(project: DbtProject, old: str, raw_new: str, map_new: str) -> None:
    """Give a CRM account another key in the raw table and in the map seed."""
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(
            "update raw.crm_accounts set account_id = ? where lower(trim(account_id)) = ?",
            [raw_new, old],
        )
    rows = project.read_map()
    for row in rows:
        if row["source_system"] == "crm" and row["source_id"].strip().lower() == old:
            row["source_id"] = map_new
    project.write_map(rows)


def test_renamed_raw_column_stops_the_build_naming_the_missing_column(project: DbtProject) -> None:
    project.generate()
    project.execute("alter table raw.crm_accounts rename column status to account_status")

    result = project.dbt(*BUILD)

    assert_failed_with(
        result,
        "raw.crm_accounts does not match the landing contract: missing column(s) status;",
        "account_status",
    )


def test_ids_that_look_like_sql_or_jinja_are_plain_data(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("build", "--select", "+int_canonical_map_as_of", *BUILD[1:]))
    old, canonical_id = mapped_account(project)
    weird = "acc_'q\";--{{ var('x') }} drop table raw.crm_accounts"
    rename_account(project, old, raw_new=f"  {weird.upper()} ", map_new=weird)

    assert_succeeded(project.dbt(*BUILD))

    assert project.query(
        "select canonical_id from recon_intermediate.int_crm_accounts_as_of "
        "where account_id = ?".replace("?", "'" + weird.lower().replace("'", "''") + "'")
    ) == [(canonical_id,)]
    assert project.query("select count(*) from raw.crm_accounts")[0][0] > 0


def test_unicode_spellings_of_one_id_are_the_same_key(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("build", "--select", "+int_canonical_map_as_of", *BUILD[1:]))
    old, canonical_id = mapped_account(project)
    composed = f"{old}_café"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    rename_account(project, old, raw_new=decomposed, map_new=composed.upper())

    assert_succeeded(project.dbt(*BUILD))

    assert project.query(
        "select canonical_id from recon_intermediate.int_crm_accounts_as_of "
        f"where account_id = '{composed}'"
    ) == [(canonical_id,)]


def test_a_run_while_another_process_writes_fails_clearly_and_corrupts_nothing(
    project: DbtProject,
) -> None:
    project.generate()
    assert_succeeded(project.dbt(*BUILD))
    before = project.query(
        "select * from recon_marts.fact_reconciliation_exceptions order by exception_id"
    )

    writer = duckdb.connect(str(project.db_path))
    try:
        result = project.dbt(*BUILD, as_of="2026-06-16")
    finally:
        writer.close()

    assert_failed_with(result, "Could not set lock on file")
    assert (
        project.query(
            "select * from recon_marts.fact_reconciliation_exceptions order by exception_id"
        )
        == before
    )
    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-16"))


def test_a_run_killed_half_way_leaves_readable_results_and_the_next_run_completes(
    project: DbtProject, tmp_path: Path
) -> None:
    project.generate(customers=200)
    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-15"))
    before = project.marts()

    # day 2, killed (SIGKILL, no clean-up) once its exceptions are written and just as its
    # customer fact, the mark of a built day, starts
    build = subprocess.Popen(
        [str(BIN_DIR / "dbt"), *BUILD, "--vars", json.dumps({"as_of_date": "2026-06-16"})],
        cwd=project.root,
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert build.stdout is not None
    for line in build.stdout:
        if "START sql incremental model recon_marts.fact_customer_reconciliation" in line:
            build.kill()
            break
    build.wait()
    assert build.returncode == -signal.SIGKILL

    # the previous results are readable and unchanged; day 2 does not count as built
    after_kill = project.marts()
    for table, rows in before.items():
        if table.endswith(("lifecycle", "trend")):
            continue  # derived from all built days; rebuilt at the end of a run
        assert [row for row in after_kill[table] if str(row[0]) == "2026-06-15"] == rows, table
    assert project.query(
        "select count(*) from recon_marts.fact_customer_reconciliation "
        "where as_of_date = '2026-06-16'"
    ) == [(0,)]
    # the next run completes, with the results of a run that was never interrupted
    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-16"))
    reference = DbtProject(tmp_path / "reference")
    reference.generate(customers=200)
    for day in ("2026-06-15", "2026-06-16"):
        assert_succeeded(reference.dbt(*BUILD, as_of=day))
    assert project.marts() == reference.marts()
    assert project.query("select outcome from recon_audit.run_audit order by finished_at") == [
        ("success",),
        ("success",),
    ]


def test_a_late_arriving_row_is_picked_up_by_the_next_build_in_grace_then_open(
    project: DbtProject,
) -> None:
    project.generate(customers=200)
    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-15"))
    # a consistent customer with one live subscription
    canonical_id, subscription = project.query(
        "select canonical_id, live_subscription_ids from recon_intermediate.int_customer_state "
        "where crm_active and billing_active and ops_active "
        "and live_subscription_ids not like '%,%' and canonical_id not in "
        "(select canonical_id from recon_marts.fact_reconciliation_exceptions "
        "where canonical_id is not null) order by canonical_id limit 1"
    )[0]
    day_one = project.query(
        "select * from recon_marts.fact_reconciliation_exceptions order by exception_id"
    )
    # billing canceled it on 06-13, but the row only reached the extract on 06-16 at 09:00
    project.execute(
        "update raw.billing_subscriptions set status = 'canceled', "
        "canceled_at = timestamp '2026-06-13 10:00:00', "
        "updated_at = timestamp '2026-06-16 09:00:00' "
        f"where lower(trim(subscription_id)) = '{subscription}'"
    )

    def flagged(day: str) -> dict[str, bool]:
        return dict(
            project.query(
                "select rule_name, in_grace_period from recon_marts.fact_reconciliation_exceptions "
                f"where as_of_date = '{day}' and canonical_id = '{canonical_id}'"
            )
        )

    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-16"))
    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-17"))

    # the day already built keeps what was known then
    assert (
        project.query(
            "select * from recon_marts.fact_reconciliation_exceptions "
            "where as_of_date = '2026-06-15' order by exception_id"
        )
        == day_one
    )
    # the next day sees it, within the sync-lag grace (updated less than 24 h before the end
    # of 06-16); the day after, it is open
    on_16, on_17 = flagged("2026-06-16"), flagged("2026-06-17")
    assert "CRM_ACTIVE_BILLING_INACTIVE" in on_16
    assert set(on_16) == set(on_17)
    assert all(on_16.values()) and not any(on_17.values())
