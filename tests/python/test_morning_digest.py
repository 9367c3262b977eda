"""The morning digest: new exceptions per owner team, the Monday heartbeat, the webhook.

One demo world of 200 customers, unchanged, built on four days (four dbt builds, shared by
every test of this module):

- 2026-06-15, Monday, the first built day: every open exception is new;
- 2026-06-16, Tuesday: the exceptions in grace on Monday (sync lag) are open now, so new;
- 2026-06-17, Wednesday: nothing new, so nothing is written;
- 2026-06-22, Monday: nothing new, so a heartbeat is written.

Every rule's SLA is a year, so nothing escalates; the last test shortens one rule's SLA and
rebuilds the last Monday, on which that rule's exceptions open on all four days escalate.

What is "new" is checked against a query of the mart written here, not the script's.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from conftest import BIN_DIR, DbtProject, assert_succeeded

RECON = str(BIN_DIR / "recon")
MONDAY, TUESDAY, WEDNESDAY, NEXT_MONDAY = "2026-06-15", "2026-06-16", "2026-06-17", "2026-06-22"
BUILT_DAYS = (MONDAY, TUESDAY, WEDNESDAY, NEXT_MONDAY)
PREVIOUS_DAY = {MONDAY: None, TUESDAY: MONDAY, WEDNESDAY: TUESDAY, NEXT_MONDAY: WEDNESDAY}
SEVERITY_RANK = {"critical": 0, "high": 1, "low": 2, "info": 3}


class Webhook:
    """A local HTTP server on 127.0.0.1 that records what is POSTed to it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, bytes]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, self.headers["Content-Type"], body))
                self.send_response(500 if self.path == "/fail" else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("digest") / "project")
    project.generate(customers=200)
    project.write_seed(
        "rule_catalog",
        [{**rule, "sla_days": "365"} for rule in project.read_seed("rule_catalog")],
    )
    for day in BUILT_DAYS:
        assert_succeeded(project.dbt("build", as_of=day))
    return project


def run_digest(
    world: DbtProject, day: str, out_dir: Path, *extra: str, webhook_env: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in world.env.items() if key != "RECON_WEBHOOK_URL"}
    if webhook_env is not None:
        env["RECON_WEBHOOK_URL"] = webhook_env
    return subprocess.run(
        [
            RECON,
            "digest",
            "--as-of",
            day,
            "--duckdb-path",
            str(world.db_path),
            "--out-dir",
            str(out_dir),
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def expected_new(world: DbtProject, day: str) -> dict[str, list[tuple[str, Decimal]]]:
    """Open exceptions of `day` not open on the built day before it, per team."""
    previous = PREVIOUS_DAY[day]
    open_before = (
        f"""
        except
        select exception_id from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{previous}' and not in_grace_period
        """
        if previous
        else ""
    )
    rows = world.query(
        f"""
        with new_ids as (
            select exception_id from recon_marts.fact_reconciliation_exceptions
            where as_of_date = '{day}' and not in_grace_period
            {open_before}
        )
        select owner_team, exception_id, amount_at_risk_usd
        from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{day}' and exception_id in (select exception_id from new_ids)
        order by owner_team, exception_id
        """
    )
    teams: dict[str, list[tuple[str, Decimal]]] = {}
    for team, exception_id, amount in rows:
        teams.setdefault(team, []).append((exception_id, amount))
    return teams


def bridge_counts(world: DbtProject, day: str) -> dict[str, int]:
    rows = dict(
        ((bridge, line), records)
        for bridge, line, records in world.query(
            f"""
            select bridge, line_type, records from recon_marts.rpt_active_customer_bridge
            where as_of_date = '{day}' and line_type in ('start', 'end')
            """
        )
    )
    return {
        "crm_active": rows["crm_to_billing", "start"],
        "billing_active": rows["crm_to_billing", "end"],
        "ops_active": rows["billing_to_ops", "end"],
    }


def open_per_team(world: DbtProject, day: str) -> list[dict[str, object]]:
    return [
        {"owner_team": team, "count": count, "amount_at_risk_usd": float(amount)}
        for team, count, amount in world.query(
            f"""
            select owner_team, count(*), sum(amount_at_risk_usd)
            from recon_marts.fact_reconciliation_exceptions
            where as_of_date = '{day}' and not in_grace_period
            group by owner_team order by owner_team
            """
        )
    ]


def assert_digest_lists(world: DbtProject, day: str, out_dir: Path) -> dict:
    """The digest of `day` lists exactly the new exceptions, grouped and ordered."""
    digest = json.loads((out_dir / f"digest_{day}.json").read_text())
    expected = expected_new(world, day)
    assert expected, f"the world should have new exceptions on {day}"
    assert digest["as_of_date"] == day
    assert digest["kind"] == "new_exceptions"
    assert digest["counts"] == bridge_counts(world, day)
    assert digest["open_per_team"] == open_per_team(world, day)
    assert [team["owner_team"] for team in digest["teams"]] == sorted(expected)
    for team in digest["teams"]:
        rows = expected[team["owner_team"]]
        listed = team["exceptions"]
        assert sorted(e["exception_id"] for e in listed) == [i for i, _ in rows]
        assert team["count"] == len(rows)
        assert team["amount_at_risk_usd"] == float(sum(amount for _, amount in rows))
        order = [(SEVERITY_RANK[e["severity"]], -e["amount_at_risk_usd"]) for e in listed]
        assert order == sorted(order), f"{team['owner_team']}: not by severity, then amount"
    new_count = sum(len(rows) for rows in expected.values())
    assert digest["totals"]["new_exceptions"] == new_count

    markdown = (out_dir / f"digest_{day}.md").read_text()
    assert markdown.startswith(f"# Reconciliation digest for {day}\n")
    for team in digest["teams"]:
        assert f"## {team['owner_team']}: {team['count']} new" in markdown
        for exception in team["exceptions"]:
            assert f"| {exception['rule_name']} | {exception['subject']} |" in markdown
    return digest


def test_first_built_day_lists_every_open_exception_by_team(
    world: DbtProject, tmp_path: Path
) -> None:
    result = run_digest(world, MONDAY, tmp_path)
    assert result.returncode == 0, result.stderr
    digest = assert_digest_lists(world, MONDAY, tmp_path)
    assert digest["previous_built_day"] is None
    assert len(result.stdout.splitlines()) == 1
    assert f"digest for {MONDAY}: {digest['totals']['new_exceptions']} new" in result.stdout


def test_an_exception_out_of_grace_is_new(world: DbtProject, tmp_path: Path) -> None:
    left_grace = {
        exception_id
        for (exception_id,) in world.query(
            f"""
            select today.exception_id
            from recon_marts.fact_reconciliation_exceptions as today
            inner join recon_marts.fact_reconciliation_exceptions as before
                on today.exception_id = before.exception_id
            where today.as_of_date = '{TUESDAY}' and not today.in_grace_period
              and before.as_of_date = '{MONDAY}' and before.in_grace_period
            """
        )
    }
    assert left_grace, "the world should have exceptions in grace on Monday, open on Tuesday"
    result = run_digest(world, TUESDAY, tmp_path)
    assert result.returncode == 0, result.stderr
    digest = assert_digest_lists(world, TUESDAY, tmp_path)
    assert digest["previous_built_day"] == MONDAY
    listed = {e["exception_id"] for team in digest["teams"] for e in team["exceptions"]}
    assert left_grace <= listed


def test_nothing_new_on_a_weekday_writes_and_posts_nothing(
    world: DbtProject, tmp_path: Path, webhook: Webhook
) -> None:
    assert expected_new(world, WEDNESDAY) == {}
    stale = tmp_path / f"digest_{WEDNESDAY}.json"
    stale.write_text("{}")
    result = run_digest(world, WEDNESDAY, tmp_path, webhook_env=webhook.url("/hook"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"nothing new for {WEDNESDAY}, no digest written")
    assert list(tmp_path.iterdir()) == []
    assert webhook.received == []


def test_monday_with_nothing_new_writes_a_heartbeat(world: DbtProject, tmp_path: Path) -> None:
    assert expected_new(world, NEXT_MONDAY) == {}
    result = run_digest(world, NEXT_MONDAY, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"heartbeat for {NEXT_MONDAY}" in result.stdout
    digest = json.loads((tmp_path / f"digest_{NEXT_MONDAY}.json").read_text())
    assert digest["kind"] == "heartbeat"
    assert digest["previous_built_day"] == WEDNESDAY
    assert digest["teams"] == []
    assert digest["totals"]["new_exceptions"] == 0
    counts = bridge_counts(world, NEXT_MONDAY)
    assert digest["counts"] == counts
    assert digest["open_per_team"] == open_per_team(world, NEXT_MONDAY)
    markdown = (tmp_path / f"digest_{NEXT_MONDAY}.md").read_text()
    assert markdown.startswith(f"# Reconciliation heartbeat for {NEXT_MONDAY}")
    assert f"CRM {counts['crm_active']:,}, billing {counts['billing_active']:,}" in markdown


def test_json_is_posted_to_the_webhook(world: DbtProject, tmp_path: Path, webhook: Webhook) -> None:
    url = webhook.url("/hook")
    result = run_digest(world, TUESDAY, tmp_path, webhook_env=url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"posted to {url}" in result.stdout
    written = (tmp_path / f"digest_{TUESDAY}.json").read_bytes()
    assert webhook.received == [("/hook", "application/json", written)]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("failure", ["Connection refused", "HTTP 500", "timed out"])
def test_failed_post_warns_and_exits_zero(
    world: DbtProject, tmp_path: Path, webhook: Webhook, failure: str
) -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = {
            "Connection refused": f"http://127.0.0.1:{closed_port()}/hook",
            "HTTP 500": webhook.url("/fail"),
            "timed out": f"http://127.0.0.1:{silent.getsockname()[1]}/hook",
        }[failure]
        result = run_digest(world, TUESDAY, tmp_path, "--webhook-url", url, "--timeout", "0.5")
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr
    assert url in result.stderr
    assert failure in result.stderr
    assert (tmp_path / f"digest_{TUESDAY}.json").exists()
    assert "posted" not in result.stdout


def test_day_not_built_or_no_database_fails_clearly(world: DbtProject, tmp_path: Path) -> None:
    result = run_digest(world, "2026-06-18", tmp_path)
    assert result.returncode != 0
    assert "day 2026-06-18 is not built" in result.stderr
    assert "fact_customer_reconciliation" in result.stderr
    assert list(tmp_path.iterdir()) == []

    missing = tmp_path / "missing.duckdb"
    result = run_digest(world, MONDAY, tmp_path, "--duckdb-path", str(missing))
    assert result.returncode != 0
    assert f"no DuckDB file at {missing}" in result.stderr


def test_escalations_are_listed_on_the_day_they_happen(world: DbtProject, tmp_path: Path) -> None:
    """The rule with the most exceptions open on all four days gets an SLA of three days, and
    the last Monday is rebuilt: exactly those exceptions escalate that day, to the rule's
    escalation team, and the digest lists them; the days before list none."""
    rule, _ = world.query(
        """
        select rule_name, count(*) from (
            select rule_name, exception_id from recon_marts.fact_reconciliation_exceptions
            where not in_grace_period group by rule_name, exception_id having count(*) = 4
        ) as every_day group by rule_name order by 2 desc, 1 limit 1
        """
    )[0]
    catalog = world.read_seed("rule_catalog")
    world.write_seed(
        "rule_catalog",
        [{**row, "sla_days": "3"} if row["rule_name"] == rule else row for row in catalog],
    )
    escalation_team = next(row["escalation_team"] for row in catalog if row["rule_name"] == rule)
    try:
        assert_succeeded(world.dbt("build", as_of=NEXT_MONDAY))
        # open (not in grace) on each of the four built days: 4 open days > 3
        expected = sorted(
            exception_id
            for (exception_id,) in world.query(
                f"""
                select exception_id from recon_marts.fact_reconciliation_exceptions
                where rule_name = '{rule}' and not in_grace_period
                group by exception_id having count(*) = 4
                """
            )
        )
        assert expected

        result = run_digest(world, NEXT_MONDAY, tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"{len(expected)} escalation" in result.stdout
        digest = json.loads((tmp_path / f"digest_{NEXT_MONDAY}.json").read_text())
        assert digest["kind"] == "escalations"
        assert sorted(e["exception_id"] for e in digest["escalations"]) == expected
        assert {
            (e["escalated_to"], e["days_open"], e["sla_days"]) for e in digest["escalations"]
        } == {(escalation_team, 4, 3)}
        markdown = (tmp_path / f"digest_{NEXT_MONDAY}.md").read_text()
        assert f"## Escalated today: {len(expected)} exception" in markdown
        for escalation in digest["escalations"]:
            assert f"| {escalation_team} | " in markdown
            assert f"| {rule} | {escalation['subject']} | 4 / 3 |" in markdown

        for day in (TUESDAY, WEDNESDAY):
            result = run_digest(world, day, tmp_path / day)
            assert result.returncode == 0, result.stderr
            written = tmp_path / day / f"digest_{day}.json"
            assert not written.exists() or json.loads(written.read_text())["escalations"] == []
    finally:
        world.write_seed("rule_catalog", catalog)
