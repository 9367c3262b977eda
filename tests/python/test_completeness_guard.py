"""A run that only saw part of a source is refused, leaves every mart as it was, and is
audited; an override lets one run through with its reason on record."""

from __future__ import annotations

from conftest import MARTS, DbtProject, assert_failed_with, assert_succeeded

MARTS_AND_SNAPSHOT = {
    **MARTS,
    "recon_snapshots.snap_reconciliation_state": "exception_id, dbt_valid_from",
}
AUDIT = "recon_audit.run_audit"
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
        "select cast(as_of_date as varchar), outcome, override_reason, billing_subscriptions_rows "
        f"from {AUDIT} order by finished_at, outcome"
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
