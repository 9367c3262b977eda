"""The Great Expectations checkpoint runs inside `dbt build` (model raw_data_contracts):
warnings are kept and the build goes on; a blocking failure stops the build before staging
with a readable summary, and every mart keeps its previous contents."""

from __future__ import annotations

import json

from conftest import DbtProject, assert_failed_with, assert_succeeded

WITH_CONTRACTS = {"data_contracts": True}
BUILD = ("build", "--exclude", "test_type:unit")
RESULTS = "recon_audit.raw_data_contracts"


def test_warnings_are_kept_and_a_blocking_failure_stops_the_build(project: DbtProject) -> None:
    project.generate(customers=200)

    assert_succeeded(project.dbt(*BUILD, as_of="2026-06-15", extra_vars=WITH_CONTRACTS))

    # the generator's six unusable rows are six warnings, kept with the run
    failed = project.query(
        f"select source_table, level from {RESULTS} where not success order by source_table"
    )
    assert sorted(failed) == sorted(
        [
            ("billing_invoices", "warning"),
            ("billing_invoices", "warning"),
            ("billing_subscriptions", "warning"),
            ("crm_accounts", "warning"),
            ("ops_tenants", "warning"),
            ("ops_usage_daily", "warning"),
        ]
    )
    # the checkpoint (Python) and the quarantine (SQL) agree on which rows are bad
    warned = project.query(
        f"select source_table, cast(sum(unexpected_count) as integer) from {RESULTS} "
        "where level = 'warning' and not success group by 1 order by 1"
    )
    quarantined = project.query(
        "select source_table, cast(count(*) as integer) from recon_marts.fact_quarantined_rows "
        "group by 1 order by 1"
    )
    assert warned == quarantined
    (run_name,) = project.query(f"select distinct run_name from {RESULTS}")[0]
    contracts_dir = project.root / "data" / "data_contracts"
    assert (contracts_dir / "docs" / "index.html").is_file()
    results = json.loads((contracts_dir / "results" / f"{run_name}.json").read_text())
    assert results, "the full GX results are kept as JSON"
    before = project.marts()

    # a tenth of the invoices negative: more than quarantine_max_ratio, so it blocks
    invoices = project.query("select count(*) from raw.billing_invoices")[0][0]
    project.execute(
        "update raw.billing_invoices set amount_due = -amount_due - 1 where invoice_id in "
        f"(select invoice_id from raw.billing_invoices order by invoice_id limit {invoices // 10})"
    )
    result = project.dbt(*BUILD, as_of="2026-06-16", extra_vars=WITH_CONTRACTS)

    assert_failed_with(
        result,
        "reconciliation not trustworthy: the raw extracts break their data contracts",
        "BLOCKING billing_invoices.amount_due: ",
        "are negative",
        "Data Docs:",
    )
    assert "START sql table model recon_staging.base_billing__invoices" not in result.stdout
    assert project.marts() == before
    assert project.query(
        "select outcome from recon_audit.run_audit order by finished_at desc limit 1"
    ) == [("refused",)]
    # the warnings of the first run are still there; the refused run added no rows
    assert project.query(f"select count(distinct run_name) from {RESULTS}") == [(1,)]

    # the override lets the day through, and its checkpoint results are kept with it
    reason = "credit notes landed as negative invoices; billing fixes the export tomorrow"
    overridden = project.dbt(
        *BUILD,
        as_of="2026-06-16",
        extra_vars={**WITH_CONTRACTS, "completeness_override_reason": reason},
    )
    assert_succeeded(overridden)
    assert "data contracts overridden for this run: credit notes" in overridden.stdout
    assert project.query(
        f"select count(*) from {RESULTS} where as_of_date = '2026-06-16' and level = 'blocking' "
        "and not success"
    ) == [(1,)]
