"""Bad input, tried one case at a time: each either stops the build with a message that says
what is wrong and where, or is read correctly. See the table in README.md."""

from __future__ import annotations

import unicodedata

import duckdb
from conftest import DbtProject, assert_failed_with, assert_succeeded

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
