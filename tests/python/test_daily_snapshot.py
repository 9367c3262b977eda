"""The daily drift snapshot: exceptions open and close with the day, and a refused day closes
nothing (the guard stops the run, the previous results stay)."""

from __future__ import annotations

from conftest import DbtProject, assert_failed_with, assert_succeeded

SNAPSHOT = "recon_snapshots.snap_reconciliation_state"


def test_snapshot_follows_the_days_and_an_empty_extract_closes_nothing(
    project: DbtProject,
) -> None:
    project.generate(customers=150)
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-15"))
    open_on_first_day = project.query(
        f"select exception_id, cast(cast(dbt_valid_from as date) as varchar) from {SNAPSHOT} "
        "where dbt_valid_to is null order by 1"
    )
    assert open_on_first_day
    assert {valid_from for _, valid_from in open_on_first_day} == {"2026-06-15"}

    # One customer's subscription is canceled (long ago, so not in grace) for the next day.
    subscription, canonical_id = project.query(
        "select s.subscription_id, s.canonical_id "
        "from recon_intermediate.int_billing_subscriptions_as_of as s "
        "inner join recon_marts.fact_customer_reconciliation as c using (canonical_id) "
        "where c.mismatch_count = 0 and c.in_grace_count = 0 and s.is_live "
        "order by 1 limit 1"
    )[0]
    project.execute(
        "create table raw.subscriptions_before as select * from raw.billing_subscriptions;"
        "update raw.billing_subscriptions set status = 'canceled', "
        "canceled_at = timestamp '2026-06-01 00:00:00' "
        f"where lower(trim(subscription_id)) = '{subscription}'"
    )
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16"))
    appeared = project.query(
        f"select s.rule_name, cast(cast(s.dbt_valid_from as date) as varchar) from {SNAPSHOT} as s "
        "inner join recon_marts.fact_reconciliation_exceptions as e using (exception_id) "
        f"where e.canonical_id = '{canonical_id}' and s.dbt_valid_to is null "
        "and e.as_of_date = '2026-06-16'"
    )
    assert ("CRM_ACTIVE_BILLING_INACTIVE", "2026-06-16") in appeared

    # Reinstated the next day: the exception is closed, not forgotten.
    project.execute(
        "create or replace table raw.billing_subscriptions as "
        "select * from raw.subscriptions_before"
    )
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-17"))
    closed = project.query(
        "select cast(cast(dbt_valid_from as date) as varchar), "
        f"cast(cast(dbt_valid_to as date) as varchar) from {SNAPSHOT} "
        f"where canonical_id = '{canonical_id}' and rule_name = 'CRM_ACTIVE_BILLING_INACTIVE'"
    )
    assert closed == [("2026-06-16", "2026-06-17")]
    for snapshot in (SNAPSHOT, "recon_snapshots.snap_canonical_entity_map"):
        assert project.query(
            f"select count(*) from {snapshot} where dbt_valid_to < dbt_valid_from"
        ) == [(0,)]
    snapshot_before = project.query(
        f"select * from {SNAPSHOT} order by exception_id, dbt_valid_from"
    )
    facts_before = project.query(
        "select * from recon_marts.fact_reconciliation_exceptions order by as_of_date, exception_id"
    )

    project.execute("delete from raw.billing_subscriptions")
    result = project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-18")

    assert_failed_with(
        result,
        "reconciliation not trustworthy: billing_subscriptions has 0 rows, last good run",
    )
    assert project.query(f"select * from {SNAPSHOT} order by exception_id, dbt_valid_from") == (
        snapshot_before
    )
    assert (
        project.query(
            "select * from recon_marts.fact_reconciliation_exceptions "
            "order by as_of_date, exception_id"
        )
        == facts_before
    )
