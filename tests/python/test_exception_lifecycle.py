"""Exception history: appear, resolve, reappear; grace then open; SLA; resolutions; order.

Each day of a small scenario puts the raw subscriptions into that day's state (so any day can
be built at any time), then builds it. Three customers, each with one live subscription:

- X: canceled in billing on days 2, 4 and 5 (fine on 1 and 3): appears, is resolved on day 3,
  reappears on day 4 (reopened once), open on day 5;
- Z: canceled on days 2 and 3, fine from day 4: resolved on day 4;
- Y: canceled on day 4 with timestamps of that day (in grace), the same on day 5 (open).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import MARTS, DbtProject, assert_failed_with, assert_succeeded

DAYS = ["2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12"]
LIFECYCLE = "recon_marts.fact_exception_lifecycle"
# What each history mart says when it adds the day to what it holds, or recomputes.
HISTORY_MARTS = (LIFECYCLE, "recon_marts.rpt_exception_trend")
EXTENDED = "adds"
RECOMPUTED = "recomputed from every built day, because"
RULE = "CRM_ACTIVE_BILLING_INACTIVE"


def pick_customers(project: DbtProject) -> dict[str, str]:
    """Three consistent customers with exactly one subscription each: name -> subscription."""
    rows = project.query(
        "select c.canonical_id, min(s.subscription_id) "
        "from recon_marts.fact_customer_reconciliation as c "
        "inner join recon_intermediate.int_billing_subscriptions_as_of as s "
        "on c.canonical_id = s.canonical_id "
        "where c.mismatch_count = 0 and c.in_grace_count = 0 and c.crm_status = 'active' "
        "and c.billing_status = 'active' and c.ops_status = 'active' "
        "group by c.canonical_id having count(*) = 1 order by c.canonical_id limit 3"
    )
    return dict(zip(["X", "Z", "Y"], [subscription for _, subscription in rows], strict=True))


def set_world(project: DbtProject, day: str, subscriptions: dict[str, str]) -> None:
    """Put raw.billing_subscriptions into the state of `day` (1-based index into DAYS)."""
    index = DAYS.index(day) + 1
    canceled = {"X": index in (2, 4, 5), "Z": index in (2, 3)}
    statements = [
        "create or replace table raw.billing_subscriptions as "
        "select * from raw_base.billing_subscriptions"
    ]
    for name, is_canceled in canceled.items():
        if is_canceled:
            statements.append(
                "update raw.billing_subscriptions set status = 'canceled', "
                "canceled_at = timestamp '2026-06-01 10:00:00' "
                f"where lower(trim(subscription_id)) = '{subscriptions[name]}'"
            )
    if index >= 4:
        statements.append(
            "update raw.billing_subscriptions set status = 'canceled', "
            "canceled_at = timestamp '2026-06-11 10:00:00', "
            "updated_at = timestamp '2026-06-11 10:00:00' "
            f"where lower(trim(subscription_id)) = '{subscriptions['Y']}'"
        )
    project.execute(";".join(statements))


def build_days(
    project: DbtProject, days: list[str], subscriptions: dict[str, str], history: str
) -> None:
    """Build each day in its world; the history marts must say they did `history`."""
    for day in days:
        set_world(project, day, subscriptions)
        result = project.dbt("build", "--exclude", "test_type:unit", as_of=day)
        assert_succeeded(result)
        for mart in HISTORY_MARTS:
            assert f"{mart.split('.')[1]}: {history}" in result.stdout, (mart, day)


def lifecycle_of(project: DbtProject, canonical_id: str) -> dict[str, object]:
    columns = [
        "first_detected_on",
        "last_detected_on",
        "resolved_on",
        "status",
        "times_reopened",
        "days_open",
        "sla_breached",
        "sla_breached_on",
        "escalated_to",
        "root_cause",
    ]
    rows = project.query(
        f"select {', '.join(columns)} from {LIFECYCLE} "
        f"where rule_name = '{RULE}' and canonical_id = '{canonical_id}'"
    )
    assert len(rows) == 1, rows
    return {
        column: str(value) if value is not None else None
        for column, value in zip(columns, rows[0], strict=True)
    }


def set_sla_days(project: DbtProject, rule: str, days: int) -> None:
    rows = project.read_seed("rule_catalog")
    for row in rows:
        if row["rule_name"] == rule:
            row["sla_days"] = str(days)
    project.write_seed("rule_catalog", rows)


@pytest.fixture(scope="module")
def scenario(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[DbtProject, dict[str, str], dict[str, str]]:
    project = DbtProject(tmp_path_factory.mktemp("lifecycle") / "project")
    project.generate(customers=80, as_of=DAYS[0])
    project.execute(
        "create schema raw_base; create table raw_base.billing_subscriptions as "
        "select * from raw.billing_subscriptions"
    )
    set_sla_days(project, RULE, 2)
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of=DAYS[0]))
    subscriptions = pick_customers(project)
    customers = {
        name: project.query(
            "select canonical_id from recon_intermediate.int_billing_subscriptions_as_of "
            f"where subscription_id = '{subscription}'"
        )[0][0]
        for name, subscription in subscriptions.items()
    }
    # in order: every day after the first is added to the history the marts hold
    build_days(project, DAYS[1:], subscriptions, EXTENDED)
    return project, subscriptions, customers


def test_appear_resolve_reappear(scenario: tuple) -> None:
    project, _, customers = scenario
    assert lifecycle_of(project, customers["X"]) == {
        "first_detected_on": DAYS[1],
        "last_detected_on": DAYS[4],
        "resolved_on": None,
        "status": "open",
        "times_reopened": "1",
        "days_open": "3",
        "sla_breached": "True",
        # open on days 2 and 4, the third open day (day 5) exceeds the SLA of 2 days
        "sla_breached_on": DAYS[4],
        "escalated_to": "finance_controlling",
        "root_cause": None,
    }
    assert lifecycle_of(project, customers["Z"]) == {
        "first_detected_on": DAYS[1],
        "last_detected_on": DAYS[2],
        "resolved_on": DAYS[3],
        "status": "resolved",
        "times_reopened": "0",
        "days_open": "2",
        "sla_breached": "False",
        "sla_breached_on": None,
        "escalated_to": None,
        "root_cause": None,
    }


def test_grace_then_open_does_not_count_the_grace_day(scenario: tuple) -> None:
    project, _, customers = scenario
    grace = project.query(
        "select as_of_date, in_grace_period from recon_marts.fact_reconciliation_exceptions "
        f"where rule_name = '{RULE}' and canonical_id = '{customers['Y']}' order by as_of_date"
    )
    assert [(str(day), flag) for day, flag in grace] == [(DAYS[3], True), (DAYS[4], False)]
    assert lifecycle_of(project, customers["Y"])["days_open"] == "1"
    assert lifecycle_of(project, customers["Y"])["status"] == "open"


def test_trend_counts_new_resolved_and_open(scenario: tuple) -> None:
    project, _, _ = scenario
    trend = {
        str(day): (open_, new, resolved, grace)
        for day, open_, new, resolved, grace in project.query(
            "select as_of_date, open_exceptions, new_exceptions, resolved_exceptions, in_grace "
            f"from recon_marts.rpt_exception_trend where rule_name = '{RULE}' order by 1"
        )
    }
    base_open = trend[DAYS[0]][0]
    assert trend[DAYS[1]] == (base_open + 2, 2, 0, 0)  # X and Z appear
    assert trend[DAYS[2]] == (base_open + 1, 0, 1, 0)  # X resolved, Z still open
    assert trend[DAYS[3]] == (base_open + 1, 2, 1, 1)  # X back, Y in grace, Z resolved
    assert trend[DAYS[4]] == (base_open + 2, 0, 0, 0)  # X and Y open


def test_resolution_with_root_cause_and_bad_resolution_rows(scenario: tuple) -> None:
    project, _, customers = scenario
    exception_id = project.query(
        f"select exception_id from {LIFECYCLE} where rule_name = '{RULE}' "
        f"and canonical_id = '{customers['X']}'"
    )[0][0]
    good = {
        "exception_id": exception_id,
        "resolution_status": "fixed_in_source",
        "root_cause": "manual_override",
        "resolution_note": "billing canceled by hand",
        "resolved_by": "ar@example.com",
        "resolved_at": "2026-06-12 16:00:00",
    }
    project.write_seed("exception_resolutions", [good])
    assert_succeeded(
        project.dbt(
            "build", "--select", "exception_resolutions", LIFECYCLE.split(".")[1], as_of=DAYS[4]
        )
    )
    assert lifecycle_of(project, customers["X"])["root_cause"] == "manual_override"

    project.write_seed(
        "exception_resolutions",
        [good, {**good, "exception_id": "not-an-exception", "resolved_by": "someone"}],
    )
    result = project.dbt(
        "build", "--select", "exception_resolutions", LIFECYCLE.split(".")[1], as_of=DAYS[4]
    )
    assert_failed_with(
        result,
        "seeds/exception_resolutions.csv: exception_id 'not-an-exception' (resolved_by someone)",
        "was never detected on a built day",
    )

    project.write_seed("exception_resolutions", [{**good, "root_cause": "gremlins"}])
    result = project.dbt(
        "build", "--select", "exception_resolutions", LIFECYCLE.split(".")[1], as_of=DAYS[4]
    )
    assert_failed_with(
        result,
        "seeds/exception_resolutions.csv: root_cause is 'gremlins' in the row "
        f'{{"exception_id":"{exception_id}"',
        "which is not one of: integration_delay, manual_override",
    )
    project.write_seed("exception_resolutions", [good])


def test_one_exception_is_worked_by_one_person(scenario: tuple) -> None:
    """A claim (`investigating`) names who works the exception; another person's claim while
    it is open stops the build naming both rows; released, it may be claimed by another."""
    project, _, customers = scenario
    exception_id = project.query(
        f"select exception_id from {LIFECYCLE} where rule_name = '{RULE}' "
        f"and canonical_id = '{customers['X']}'"
    )[0][0]
    alice, bob = "alice@example.com", "bob@example.com"
    claim = {
        "exception_id": exception_id,
        "resolution_status": "investigating",
        "root_cause": "other",
        "resolution_note": "looking at the billing log",
        "assignee": alice,
        "resolved_by": alice,
        "resolved_at": "2026-06-12 09:00:00",
    }
    bobs_claim = {
        **claim,
        "assignee": bob,
        "resolved_by": bob,
        "resolved_at": "2026-06-12 11:00:00",
    }

    def build_with(*entries: dict[str, str]) -> subprocess.CompletedProcess[str]:
        project.write_seed("exception_resolutions", list(entries))
        return project.dbt(
            "build", "--select", "exception_resolutions", LIFECYCLE.split(".")[1], as_of=DAYS[4]
        )

    def owner() -> tuple:
        return project.query(
            f"select assignee, resolution_status from {LIFECYCLE} "
            f"where exception_id = '{exception_id}'"
        )[0]

    # a claim and a progress note by the same person: alice works it
    assert_succeeded(build_with(claim, {**claim, "resolved_at": "2026-06-12 10:00:00"}))
    assert owner() == (alice, "investigating")

    # bob claims it while alice's claim is open: the build stops naming both rows
    result = build_with(claim, bobs_claim)
    assert_failed_with(
        result,
        f"seeds/exception_resolutions.csv: exception_id '{exception_id}' is claimed twice: "
        f"by {alice} (resolved_at 2026-06-12 09:00:00) and by {bob} "
        "(resolved_at 2026-06-12 11:00:00) while the first claim is open",
        f"release the first claim (a released entry by {alice})",
    )
    assert owner() == (alice, "investigating")  # the previous table stays

    # released by alice, then claimed by bob: bob works it
    released = {**claim, "resolution_status": "released", "resolved_at": "2026-06-12 10:30:00"}
    assert_succeeded(build_with(claim, released, bobs_claim))
    assert owner() == (bob, "investigating")

    # fixed: nobody works it any more
    fixed = {
        **bobs_claim,
        "resolution_status": "fixed_in_source",
        "resolved_at": "2026-06-12 12:00:00",
    }
    assert_succeeded(build_with(claim, released, bobs_claim, fixed))
    assert owner() == (None, "fixed_in_source")


def test_days_built_out_of_order_and_rebuilt_give_the_same_history(
    scenario: tuple, tmp_path: Path
) -> None:
    """In order (each day added to the history), out of order and after the facts changed
    behind the history marts' back (each recomputed): the same marts."""
    in_order, subscriptions, _ = scenario
    shuffled = DbtProject(tmp_path / "shuffled")
    shuffled.generate(customers=80, as_of=DAYS[0])
    shuffled.execute(
        "create schema raw_base; create table raw_base.billing_subscriptions as "
        "select * from raw.billing_subscriptions"
    )
    set_sla_days(shuffled, RULE, 2)
    (shuffled.root / "seeds" / "exception_resolutions.csv").write_text(
        (in_order.root / "seeds" / "exception_resolutions.csv").read_text()
    )

    build_days(shuffled, [DAYS[1]], subscriptions, f"{RECOMPUTED} it is built for the first time")
    build_days(shuffled, [DAYS[3]], subscriptions, EXTENDED)  # later than any: a gap is fine
    build_days(shuffled, [DAYS[0], DAYS[2]], subscriptions, RECOMPUTED)
    # A selection that rebuilt the facts of day 1 and left the history marts out: as many
    # detections as before, but one of them in or out of its grace period now (one open more
    # or fewer). The next day must not be added to them.
    shuffled.execute(
        "update recon_marts.fact_reconciliation_exceptions "
        f"set in_grace_period = not in_grace_period where as_of_date = '{DAYS[0]}' "
        "and exception_id = (select min(exception_id) from "
        f"recon_marts.fact_reconciliation_exceptions where as_of_date = '{DAYS[0]}')"
    )
    build_days(
        shuffled,
        [DAYS[4]],
        subscriptions,
        f"{RECOMPUTED} fact_reconciliation_exceptions holds",
    )
    build_days(shuffled, [DAYS[0]], subscriptions, RECOMPUTED)

    added = {
        table: in_order.query(f"select * from {table} order by {MARTS[table]}")
        for table in HISTORY_MARTS
    }
    result = in_order.dbt("build", "--exclude", "test_type:unit", as_of=DAYS[4])
    assert_succeeded(result)
    assert f"{RECOMPUTED} it already holds {DAYS[4]} (a rerun of the latest day)" in result.stdout
    for table, rows in added.items():
        assert in_order.query(f"select * from {table} order by {MARTS[table]}") == rows, table

    for table, order in MARTS.items():
        query = f"select * from {table} order by {order}"
        assert shuffled.query(query) == in_order.query(query), table
