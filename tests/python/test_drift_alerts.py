"""The drift sensor (rpt_drift_alerts): a quiet month, then a burst, and exactly that alert.

One small demo world (every rule's SLA a year, so nothing escalates). Thirty real builds would
take five minutes, so the quiet month is landed the way `recon bench` lands a history: the
real build of BURST_DAY is copied, partition by partition, to the thirty days before it
(recon/sql/bench/copy_partition.sql, the daily marts of recon.bench), as thirty runs on
unchanged sources would have left them. Then three billing customers that never reached the
CRM land in the raw tables (mapped, with a used product tenant, so MISSING_IN_CRM is the only
rule they break), and BURST_DAY is built again: the lifecycle, the trend and the sensor are
recomputed from the thirty-one days. The cause window is what their records' timestamps say;
they changed within 24 hours of the cutoff, so they are new but in grace, and the morning
digest of BURST_DAY exists only because of the alert.

The threshold edges, the first days of history and a weekly rhythm are dbt unit tests
(models/marts/_drift_alerts.yml); what is expected here is read from the seeds and the facts.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import BIN_DIR, DbtProject, assert_succeeded

from recon.bench import DAILY_MARTS
from recon.digest import (
    Digest,
    DriftAlert,
    OpenException,
    digest_json,
    digest_markdown,
    group_by_team,
)
from recon.warehouse import Warehouse, sql_text

BURST_DAY = dt.date(2026, 6, 16)  # a Tuesday: no Monday heartbeat
QUIET_DAYS = 30
FIRST_DAY = BURST_DAY - dt.timedelta(days=QUIET_DAYS)
RULE = "MISSING_IN_CRM"
# When each burst customer's records last changed (its customer row, subscription and the
# newest of its rows): within 24 hours of the cutoff, BURST_DAY + 1 day, 00:00.
CHANGED = ("2026-06-16 06:00:00", "2026-06-16 09:30:00", "2026-06-16 17:45:00")
BURST_IDS = [f"cust_burst_{number}" for number in range(1, len(CHANGED) + 1)]


def build(world: DbtProject) -> None:
    assert_succeeded(world.dbt("build", "--exclude", "test_type:unit", as_of=BURST_DAY.isoformat()))


def land_quiet_month(world: DbtProject) -> None:
    """Copy BURST_DAY's partition of each daily mart to the QUIET_DAYS days before it."""
    copy = sql_text("bench", "copy_partition")
    with duckdb.connect(str(world.db_path)) as con:
        marts = Warehouse(world.root / "target" / "manifest.json", connection=con)
        for mart in DAILY_MARTS:
            marts.rows(
                copy.format(mart=marts.relation(mart)),
                {"day": BURST_DAY, "first_copy": 1, "last_copy": QUIET_DAYS},
            )


def land_burst(world: DbtProject, changes: tuple[str, ...] = CHANGED, first: int = 1) -> None:
    """Billed customers the CRM never heard of, each with a used tenant: by default the three
    of BURST_IDS; one per time in `changes` (when its records changed), numbered from `first`."""
    for number, changed in enumerate(changes, start=first):
        key = f"burst_{number}"
        world.execute(
            f"""
            insert into raw.billing_customers
                (customer_id, name, email, crm_account_ref, is_deleted, created_at, updated_at)
            values ('cus_{key}', 'Burst {number}', null, null, false, '{changed}', '{changed}');
            insert into raw.billing_subscriptions
                (subscription_id, customer_id, plan, status, quantity, unit_amount,
                 billing_interval, currency, started_at, canceled_at, updated_at)
            values ('sub_{key}', 'cus_{key}', 'growth', 'active', 1, 100.00, 'month', 'USD',
                    '{changed}', null, '{changed}');
            insert into raw.ops_tenants
                (tenant_id, tenant_name, status, plan, go_live_date, deactivated_at, updated_at)
            values ('ten_{key}', 'Burst {number}', 'active', 'growth', '2026-06-01', null,
                    '2026-06-01 12:00:00');
            insert into raw.ops_providers
                (provider_id, tenant_id, is_active, activated_at, deactivated_at)
            values ('prv_{key}', 'ten_{key}', true, '2026-06-01 12:00:00', null);
            insert into raw.ops_usage_daily (tenant_id, usage_date, active_users, events)
            values ('ten_{key}', '2026-06-15', 1, 10);
            """
        )
    world.write_map(
        world.read_map()
        + [
            {
                "canonical_id": f"cust_burst_{number}",
                "source_system": system,
                "source_id": f"{prefix}_burst_{number}",
                "effective_from": "2026-06-01",
                "effective_to": "",
                "notes": "drift sensor test: a billed customer the CRM never heard of",
            }
            for number in range(first, first + len(changes))
            for system, prefix in (("billing", "cus"), ("ops", "ten"))
        ]
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("drift") / "project")
    project.generate(customers=250, as_of=BURST_DAY.isoformat())
    project.write_seed(
        "rule_catalog",
        [{**rule, "sla_days": "365"} for rule in project.read_seed("rule_catalog")],
    )
    build(project)
    land_quiet_month(project)
    land_burst(project)
    build(project)
    return project


def sensor(world: DbtProject) -> list[dict]:
    columns = [
        name
        for (name,) in world.query(
            "select column_name from information_schema.columns where table_schema = "
            "'recon_marts' and table_name = 'rpt_drift_alerts' order by ordinal_position"
        )
    ]
    rows = world.query("select * from recon_marts.rpt_drift_alerts order by as_of_date, rule_name")
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_a_quiet_month_then_a_burst_alerts_once(world: DbtProject) -> None:
    rules = {row["rule_name"]: row["owner_team"] for row in world.read_seed("rule_catalog")}
    readings = sensor(world)
    days = sorted({row["as_of_date"] for row in readings})
    assert days == [FIRST_DAY + dt.timedelta(days=k) for k in range(QUIET_DAYS + 1)]
    assert len(readings) == len(days) * len(rules)

    new_on_burst_day = world.query(
        f"""
        select canonical_id from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{BURST_DAY}' and rule_name = '{RULE}'
        except
        select canonical_id from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{BURST_DAY - dt.timedelta(days=1)}' and rule_name = '{RULE}'
        """
    )
    assert sorted(c for (c,) in new_on_burst_day) == BURST_IDS

    alerts = [row for row in readings if row["is_alert"]]
    assert [(row["as_of_date"], row["rule_name"]) for row in alerts] == [(BURST_DAY, RULE)]
    alert = alerts[0]
    changed = [dt.datetime.fromisoformat(when) for when in CHANGED]
    assert alert["owner_team"] == rules[RULE]
    assert alert["new_exceptions"] == len(CHANGED)
    # the 28 days before it, all quiet copies (the first built day is older than the window)
    assert alert["baseline_days"] == 28
    assert alert["baseline_mean"] == Decimal("0.00")
    assert alert["alert_threshold"] == 3
    assert (alert["cause_window_start"], alert["cause_window_end"]) == (changed[0], changed[-1])
    assert alert["involved_exceptions"] == len(CHANGED)
    assert alert["alert_summary"] == (
        f"{RULE}: 3 new exceptions on {BURST_DAY} against a baseline of 0.00 a day over 28 "
        "days (alert from 3); the records changed between 2026-06-16 06:00 and "
        "2026-06-16 17:45 UTC"
    )
    # every other reading: nothing new on the quiet days, nor in another rule on the burst day
    quiet = [row for row in readings if row is not alert]
    assert all(row["alert_summary"] is None for row in quiet)
    assert all(row["new_exceptions"] == 0 for row in quiet if row["as_of_date"] != FIRST_DAY), (
        "the copied days should hold the same exceptions as the day after them"
    )


def test_the_first_built_day_is_all_new_and_does_not_alert(world: DbtProject) -> None:
    first = [row for row in sensor(world) if row["as_of_date"] == FIRST_DAY]
    existing = world.query(
        f"""
        select count(*) from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{FIRST_DAY}'
        """
    )[0][0]
    assert existing >= 3, "the world should have exceptions on its first day"
    assert sum(row["new_exceptions"] for row in first) == existing
    assert max(row["new_exceptions"] for row in first) >= 3, "some rule is over the floor"
    assert {(row["baseline_days"], row["alert_threshold"], row["is_alert"]) for row in first} == {
        (0, None, False)
    }


def run_digest(world: DbtProject, out_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in world.env.items() if key != "RECON_WEBHOOK_URL"}
    return subprocess.run(
        [str(BIN_DIR / "recon"), "digest", "--as-of", BURST_DAY.isoformat()]
        + ["--duckdb-path", str(world.db_path), "--out-dir", str(out_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_alert_alone_writes_the_digest_and_leads_it(world: DbtProject, tmp_path: Path) -> None:
    [alert] = [row for row in sensor(world) if row["is_alert"]]
    result = run_digest(world, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"digest for {BURST_DAY}: 1 drift alert ({RULE}), nothing newly open" in result.stdout

    digest = json.loads((tmp_path / f"digest_{BURST_DAY}.json").read_text())
    assert digest["kind"] == "drift_alerts"
    # the burst is in grace (changed within 24 hours): new, not yet open; nothing else is new
    assert digest["totals"]["new_exceptions"] == 0
    assert digest["escalations"] == []
    assert digest["drift_alerts"] == [
        {
            "rule_name": RULE,
            "owner_team": alert["owner_team"],
            "new_exceptions": 3,
            "baseline_days": 28,
            "baseline_mean": 0.0,
            "alert_threshold": 3,
            "cause_window_start": "2026-06-16T06:00:00",
            "cause_window_end": "2026-06-16T17:45:00",
            "involved_exceptions": 3,
            "summary": alert["alert_summary"],
        }
    ]
    markdown = (tmp_path / f"digest_{BURST_DAY}.md").read_text()
    assert markdown.startswith(
        f"# Reconciliation digest for {BURST_DAY}\n\n"
        "## Drift alerts: 1 rule far above the usual count\n\n"
        f"- {alert['alert_summary']} (owner: {alert['owner_team']})\n"
    )
    assert "the new exceptions are in their grace period" in markdown


def test_alerts_come_before_new_exceptions_and_escalations() -> None:
    """Rendering alone: with an alert, new exceptions and the open ones, the alert is first in
    the Markdown and in the JSON."""
    alert = DriftAlert(
        RULE, "account_management", 5, 28, Decimal("0.25"), 3, None, None, 0, "the sentence"
    )
    exception = OpenException(
        "e1", "SEAT_COUNT_DRIFT", "c_1", None, None, "high", "product_operations", "report",
        Decimal("600.00"), "details", True,
    )  # fmt: skip
    digest = Digest(
        as_of=BURST_DAY,
        previous_day=BURST_DAY - dt.timedelta(days=1),
        alerts=[alert],
        new=group_by_team([exception]),
        open=group_by_team([exception]),
        escalations=[],
        counts={"crm_active": 1, "billing_active": 1, "ops_active": 1},
    )
    markdown = digest_markdown(digest)
    assert markdown.index("## Drift alerts") < markdown.index("1 new exception")
    assert markdown.index("- the sentence (owner: account_management)") < markdown.index(
        "## product_operations: 1 new"
    )
    body = digest_json(digest)
    assert body["kind"] == "drift_alerts"
    assert list(body).index("drift_alerts") < list(body).index("teams")
    assert body["drift_alerts"][0]["cause_window_start"] is None


def columns_of(world: DbtProject, table: str) -> list[str]:
    return [
        name
        for (name,) in world.query(
            "select column_name from information_schema.columns where table_schema = "
            f"'recon_marts' and table_name = '{table}' order by ordinal_position"
        )
    ]


def test_a_warehouse_built_before_the_sensor_upgrades_on_the_next_day(
    world: DbtProject, tmp_path: Path
) -> None:
    """A copy of the world as a version without the sensor left it: no newest_source_ts in
    fact_reconciliation_exceptions, no cause window in rpt_exception_trend, no
    rpt_drift_alerts. The next day's daily build appends the columns (null on the days built
    before), recomputes the trend (its log says why) and builds the sensor from it."""
    old = DbtProject(tmp_path / "project")
    shutil.copytree(world.root / "seeds", old.root / "seeds", dirs_exist_ok=True)
    shutil.copy(world.db_path, old.db_path)
    trend_columns = ["new_changed_from", "new_changed_to", "new_with_change_time"]
    old.execute(
        "alter table recon_marts.fact_reconciliation_exceptions drop column newest_source_ts;"
        + "".join(
            f"alter table recon_marts.rpt_exception_trend drop column {column};"
            for column in trend_columns
        )
        + "drop table recon_marts.rpt_drift_alerts;"
    )
    next_day = BURST_DAY + dt.timedelta(days=1)
    land_burst(old, ("2026-06-17 05:00:00",), first=len(CHANGED) + 1)
    result = old.dbt("build", "--exclude", "test_type:unit", as_of=next_day.isoformat())
    assert_succeeded(result)
    assert (
        "rpt_exception_trend: recomputed from every built day, because its table has no column "
        "new_changed_from (built by an older version)"
    ) in result.stdout

    assert columns_of(old, "fact_reconciliation_exceptions")[-1] == "newest_source_ts"
    assert columns_of(old, "rpt_exception_trend")[-3:] == trend_columns
    assert columns_of(old, "rpt_drift_alerts") == columns_of(world, "rpt_drift_alerts")
    [(before, carried)] = old.query(
        f"""
        select
            count(*) filter (where as_of_date <= '{BURST_DAY}' and newest_source_ts is not null),
            count(*) filter (where as_of_date = '{next_day}' and newest_source_ts is not null)
        from recon_marts.fact_reconciliation_exceptions
        """
    )
    assert (before, carried > 0) == (0, True)

    # the trend recomputed: the old days as before, with no cause window; the new day's from
    # the new column
    trend = {
        (day, rule): rest
        for day, rule, *rest in old.query(
            "select as_of_date, rule_name, open_exceptions, new_exceptions, in_grace, "
            + ", ".join(trend_columns)
            + " from recon_marts.rpt_exception_trend"
        )
    }
    was = {
        (day, rule): rest
        for day, rule, *rest in world.query(
            "select as_of_date, rule_name, open_exceptions, new_exceptions, in_grace "
            "from recon_marts.rpt_exception_trend"
        )
    }
    assert {key: value[:3] for key, value in trend.items() if key[0] <= BURST_DAY} == was
    assert {tuple(value[3:]) for key, value in trend.items() if key[0] <= BURST_DAY} == {
        (None, None, 0)
    }
    windows = old.query(
        f"""
        select today.rule_name, min(today.newest_source_ts), max(today.newest_source_ts),
            count(today.newest_source_ts)
        from recon_marts.fact_reconciliation_exceptions as today
        left join recon_marts.fact_reconciliation_exceptions as before
            on before.exception_id = today.exception_id and before.as_of_date = '{BURST_DAY}'
        where today.as_of_date = '{next_day}' and before.exception_id is null
        group by today.rule_name
        """
    )
    assert any(rule == RULE for rule, *_ in windows)
    for rule, start, end, involved in windows:
        assert trend[next_day, rule][3:] == [start, end, involved], rule

    # the sensor, built from the recomputed trend: the burst still alerts, with no cause window
    readings = sensor(old)
    assert {row["as_of_date"] for row in readings} == {
        FIRST_DAY + dt.timedelta(days=k) for k in range(QUIET_DAYS + 2)
    }
    [alert] = [row for row in readings if row["is_alert"]]
    assert (alert["as_of_date"], alert["rule_name"], alert["cause_window_start"]) == (
        BURST_DAY,
        RULE,
        None,
    )
    assert alert["alert_summary"].endswith(
        "against a baseline of 0.00 a day over 28 days (alert from 3)"
    )
