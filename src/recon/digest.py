"""Write the morning digest of a daily build: drift alerts, new exceptions per team, heartbeat.

`recon digest`, run after the daily `dbt build` for day D. Reads the marts of that build
(recon.warehouse: the engine and the relations from dbt's manifest, DuckDB read-only or
PostgreSQL; the queries are recon/sql/digest/*.sql) and writes to --out-dir:

- first in both files, the DRIFT ALERTS of D (rpt_drift_alerts, the drift sensor: rules whose
  new exceptions that day are far above their usual count), each with its sentence and the
  cause window, when the records behind them changed; a day with an alert and nothing else new
  writes the files too (JSON kind "drift_alerts", the kind of every day with an alert);
- digest_<D>.md and digest_<D>.json when there is at least one NEW exception on D: newly open
  in rpt_open_exceptions, the model that defines it (open on D, not open on the built day
  before: an exception in grace then and open now was never alerted, and on the first built
  day everything open is new). They are grouped by
  owner team (teams by name; in a team by severity, critical > high > low > info, then by money
  at risk, largest first), with each team's count and money at risk (USD/mo).
- the exceptions that ESCALATED on D (fact_exception_lifecycle's sla_breached_on is D: their
  open days exceeded their rule's SLA that day), each with the team it escalated to; a day
  with escalations and nothing new writes the files too (JSON kind "escalations");
- on Mondays, the same two files even when nothing is new: a short heartbeat (JSON kind
  "heartbeat") with the active counts on each side and the open exceptions per team.

Both files always carry the active counts of rpt_active_customer_bridge (crm_active,
billing_active, ops_active) and the open exceptions per team. When there is nothing to write,
a digest of D left by an earlier run is removed, so target/ never holds a stale one.

If a webhook URL is given (--webhook-url, default $RECON_WEBHOOK_URL) and a JSON was written,
the JSON is POSTed to it (Content-Type: application/json). A failed post is reported on stderr
and does not change the exit status: the reconciliation must not fail because of the webhook.
Exit status 2 when the warehouse, the marts or day D are not built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from recon.demo_data import add_common_arguments
from recon.warehouse import (
    Warehouse,
    WarehouseError,
    add_warehouse_arguments,
    as_date,
    open_warehouse,
    sql_text,
)

SEVERITY_ORDER = ("critical", "high", "low", "info")

BRIDGE_COUNTS = {
    "crm_active": ("crm_to_billing", "start"),
    "billing_active": ("crm_to_billing", "end"),
    "ops_active": ("billing_to_ops", "end"),
}


class DigestError(Exception):
    """What is missing for a digest, said so that a person knows what to do next."""


def subject_of(canonical_id: str | None, source_system: str | None, source_id: str | None) -> str:
    """Return the customer, or for an unmapped record its system and key."""
    return canonical_id or f"{source_system}:{source_id}"


@dataclass(frozen=True)
class OpenException:
    """One exception open on D, as the digest shows it."""

    exception_id: str
    rule_name: str
    canonical_id: str | None
    source_system: str | None
    source_id: str | None
    severity: str
    owner_team: str
    response_policy: str
    amount_at_risk_usd: Decimal
    details: str | None
    is_newly_open: bool

    @property
    def subject(self) -> str:
        """The customer, or for an unmapped record its system and key."""
        return subject_of(self.canonical_id, self.source_system, self.source_id)

    def sort_key(self) -> tuple[str, int, Decimal, str]:
        """Team, then severity (critical first), then money at risk (largest first)."""
        rank = (
            SEVERITY_ORDER.index(self.severity)
            if self.severity in SEVERITY_ORDER
            else len(SEVERITY_ORDER)
        )
        return (self.owner_team, rank, -self.amount_at_risk_usd, self.exception_id)

    def as_json(self) -> dict[str, Any]:
        """Describe the exception for the JSON digest."""
        return {
            "exception_id": self.exception_id,
            "rule_name": self.rule_name,
            "subject": self.subject,
            "canonical_id": self.canonical_id,
            "source_system": self.source_system,
            "source_id": self.source_id,
            "severity": self.severity,
            "response_policy": self.response_policy,
            "amount_at_risk_usd": float(self.amount_at_risk_usd),
            "details": self.details,
        }


@dataclass(frozen=True)
class Escalation:
    """One exception that breached its SLA on D, as the digest shows it."""

    exception_id: str
    rule_name: str
    canonical_id: str | None
    source_system: str | None
    source_id: str | None
    owner_team: str
    escalated_to: str
    severity: str
    days_open: int
    sla_days: int
    amount_at_risk_usd: Decimal

    @property
    def subject(self) -> str:
        """The customer, or for an unmapped record its system and key."""
        return subject_of(self.canonical_id, self.source_system, self.source_id)

    def as_json(self) -> dict[str, Any]:
        """Describe the escalation for the JSON digest."""
        return {
            "exception_id": self.exception_id,
            "rule_name": self.rule_name,
            "subject": self.subject,
            "owner_team": self.owner_team,
            "escalated_to": self.escalated_to,
            "severity": self.severity,
            "days_open": self.days_open,
            "sla_days": self.sla_days,
            "amount_at_risk_usd": float(self.amount_at_risk_usd),
        }


@dataclass(frozen=True)
class DriftAlert:
    """One rule whose new exceptions on D are far above its usual count (rpt_drift_alerts)."""

    rule_name: str
    owner_team: str
    new_exceptions: int
    baseline_days: int
    baseline_mean: Decimal
    alert_threshold: int
    cause_window_start: dt.datetime | None
    cause_window_end: dt.datetime | None
    involved_exceptions: int
    alert_summary: str

    def as_json(self) -> dict[str, Any]:
        """Describe the alert for the JSON digest."""

        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "rule_name": self.rule_name,
            "owner_team": self.owner_team,
            "new_exceptions": self.new_exceptions,
            "baseline_days": self.baseline_days,
            "baseline_mean": float(self.baseline_mean),
            "alert_threshold": self.alert_threshold,
            "cause_window_start": when(self.cause_window_start),
            "cause_window_end": when(self.cause_window_end),
            "involved_exceptions": self.involved_exceptions,
            "summary": self.alert_summary,
        }


@dataclass(frozen=True)
class TeamGroup:
    """The exceptions of one owner team, in digest order."""

    owner_team: str
    exceptions: list[OpenException]

    @property
    def amount_at_risk_usd(self) -> Decimal:
        """Money at risk of the team's exceptions, USD/mo."""
        return sum((e.amount_at_risk_usd for e in self.exceptions), Decimal(0))


@dataclass(frozen=True)
class Digest:
    """Everything the digest of day D says."""

    as_of: dt.date
    previous_day: dt.date | None
    alerts: list[DriftAlert]
    new: list[TeamGroup]
    open: list[TeamGroup]
    escalations: list[Escalation]
    counts: dict[str, int]

    @property
    def new_count(self) -> int:
        """New exceptions on D."""
        return sum(len(team.exceptions) for team in self.new)

    @property
    def kind(self) -> str:
        """`drift_alerts`, `new_exceptions`, `escalations` or `heartbeat`: the first that holds."""
        if self.alerts:
            return "drift_alerts"
        if self.new_count:
            return "new_exceptions"
        return "escalations" if self.escalations else "heartbeat"


def group_by_team(exceptions: list[OpenException]) -> list[TeamGroup]:
    """Teams by name, each with its exceptions by severity and money at risk."""
    groups: dict[str, list[OpenException]] = {}
    for exception in sorted(exceptions, key=OpenException.sort_key):
        groups.setdefault(exception.owner_team, []).append(exception)
    return [TeamGroup(team, rows) for team, rows in groups.items()]


def total_amount(teams: list[TeamGroup]) -> Decimal:
    """Money at risk over all teams, USD/mo."""
    return sum((team.amount_at_risk_usd for team in teams), Decimal(0))


def usd(amount: Decimal) -> str:
    """Format an amount as the digest prints it: 12,345.67."""
    return f"{amount:,.2f}"


def plural(count: int, word: str) -> str:
    """`1 exception`, `2 exceptions`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def read_digest(warehouse: Warehouse, as_of: dt.date) -> Digest:
    """Read what the digest of D says from the marts."""
    db_path = warehouse.where

    def rows(
        name: str, params: dict[str, Any] | None = None, shape: type | None = None
    ) -> list[tuple[Any, ...]]:
        text = sql_text("digest", name)
        if shape is not None:
            text = text.replace("{columns}", ", ".join(field.name for field in fields(shape)))
        try:
            return warehouse.rows(text, params)
        except WarehouseError as error:
            raise DigestError(str(error)) from error

    built_days = [as_date(day) for (day,) in rows("built_days")]
    if as_of not in built_days:
        built = (
            f"{len(built_days)} from {built_days[0]} to {built_days[-1]}" if built_days else "none"
        )
        raise DigestError(
            f"day {as_of} is not built in {db_path}: fact_customer_reconciliation has no rows "
            f"for it (built days: {built}). Run "
            f"dbt build --vars \"{{as_of_date: '{as_of}'}}\" first."
        )
    earlier = [day for day in built_days if day < as_of]
    previous_day = earlier[-1] if earlier else None
    exceptions = [
        OpenException(*row) for row in rows("open_exceptions", {"as_of": as_of}, OpenException)
    ]
    escalations = [Escalation(*row) for row in rows("escalations", {"as_of": as_of}, Escalation)]
    alerts = [DriftAlert(*row) for row in rows("drift_alerts", {"as_of": as_of}, DriftAlert)]
    lines = {(bridge, line): records for bridge, line, records in rows("bridge", {"as_of": as_of})}
    missing = [name for name, line in BRIDGE_COUNTS.items() if line not in lines]
    if missing:
        raise DigestError(
            f"rpt_active_customer_bridge in {db_path} has no start/end lines for {as_of} "
            f"(missing {', '.join(missing)}): build the whole project for that day"
        )
    return Digest(
        as_of=as_of,
        previous_day=previous_day,
        alerts=alerts,
        new=group_by_team([e for e in exceptions if e.is_newly_open]),
        open=group_by_team(exceptions),
        escalations=escalations,
        counts={name: int(lines[line]) for name, line in BRIDGE_COUNTS.items()},
    )


def digest_json(digest: Digest) -> dict[str, Any]:
    """Build the machine-readable digest."""
    return {
        "as_of_date": digest.as_of.isoformat(),
        "kind": digest.kind,
        "previous_built_day": digest.previous_day.isoformat() if digest.previous_day else None,
        "totals": {
            "drift_alerts": len(digest.alerts),
            "new_exceptions": digest.new_count,
            "new_amount_at_risk_usd": float(total_amount(digest.new)),
            "teams": len(digest.new),
            "open_exceptions": sum(len(team.exceptions) for team in digest.open),
            "open_amount_at_risk_usd": float(total_amount(digest.open)),
            "escalations": len(digest.escalations),
        },
        "counts": digest.counts,
        "drift_alerts": [alert.as_json() for alert in digest.alerts],
        "teams": [
            {
                "owner_team": team.owner_team,
                "count": len(team.exceptions),
                "amount_at_risk_usd": float(team.amount_at_risk_usd),
                "exceptions": [e.as_json() for e in team.exceptions],
            }
            for team in digest.new
        ],
        "escalations": [e.as_json() for e in digest.escalations],
        "open_per_team": [
            {
                "owner_team": team.owner_team,
                "count": len(team.exceptions),
                "amount_at_risk_usd": float(team.amount_at_risk_usd),
            }
            for team in digest.open
        ],
    }


def cell(text: str | None) -> str:
    """Text that is safe inside a Markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def digest_markdown(digest: Digest) -> str:
    """Render the digest for a person, in Markdown."""
    day = digest.as_of.isoformat()
    since = (
        f"since {digest.previous_day.isoformat()}"
        if digest.previous_day
        else "(first built day: everything open is new)"
    )
    open_count = sum(len(team.exceptions) for team in digest.open)
    counts = digest.counts
    lines = []
    if digest.alerts:
        lines += [
            f"# Reconciliation digest for {day}",
            "",
            f"## Drift alerts: {plural(len(digest.alerts), 'rule')} far above the usual count",
            "",
        ]
        lines += [f"- {cell(a.alert_summary)} (owner: {a.owner_team})" for a in digest.alerts]
        lines.append("")
    elif digest.new_count or digest.escalations:
        lines += [f"# Reconciliation digest for {day}", ""]
    if digest.new_count:
        lines.append(
            f"**{plural(digest.new_count, 'new exception')}** {since}, not in grace: "
            f"**{usd(total_amount(digest.new))} USD/mo** at risk, "
            f"for {plural(len(digest.new), 'team')}."
        )
    elif digest.alerts:
        lines.append(
            f"Nothing newly open {since}: the new exceptions are in their grace period "
            "(their records changed too recently to count as open)."
        )
    elif digest.escalations:
        lines.append(f"Nothing new {since}.")
    else:
        lines += [
            f"# Reconciliation heartbeat for {day} (Monday)",
            "",
            f"Nothing new {since}.",
        ]
    if digest.escalations:
        lines += [
            "",
            f"## Escalated today: {plural(len(digest.escalations), 'exception')} past their SLA",
            "",
            "| escalated to | owner team | severity | rule | subject | open days / SLA | USD/mo |",
            "| --- | --- | --- | --- | --- | ---: | ---: |",
        ]
        lines += [
            f"| {e.escalated_to} | {e.owner_team} | {e.severity} | {e.rule_name} | "
            f"{cell(e.subject)} | {e.days_open} / {e.sla_days} | {usd(e.amount_at_risk_usd)} |"
            for e in digest.escalations
        ]
    lines += [
        "",
        f"Open (not in grace): {plural(open_count, 'exception')}, "
        f"{usd(total_amount(digest.open))} USD/mo at risk.",
        "",
        "Active, as each system counts itself: "
        f"CRM {counts['crm_active']:,}, billing {counts['billing_active']:,}, "
        f"product {counts['ops_active']:,}.",
    ]
    for team in digest.new:
        lines += [
            "",
            f"## {team.owner_team}: {len(team.exceptions):,} new, "
            f"{usd(team.amount_at_risk_usd)} USD/mo",
            "",
            "| severity | rule | subject | USD/mo | details |",
            "| --- | --- | --- | ---: | --- |",
        ]
        lines += [
            f"| {e.severity} | {e.rule_name} | {cell(e.subject)} | "
            f"{usd(e.amount_at_risk_usd)} | {cell(e.details)} |"
            for e in team.exceptions
        ]
    lines += ["", "## Open exceptions per team", ""]
    if digest.open:
        lines += ["| team | open | USD/mo |", "| --- | ---: | ---: |"]
        lines += [
            f"| {team.owner_team} | {len(team.exceptions):,} | {usd(team.amount_at_risk_usd)} |"
            for team in digest.open
        ]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def post_json(url: str, body: bytes, timeout: float) -> str | None:
    """POST the JSON to the webhook; return the failure, or None when it answered 2xx."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return "not an http:// or https:// URL"
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:
        return str(error.reason)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    if not 200 <= status < 300:
        return f"HTTP {status}"
    return None


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        prog="recon digest",
        epilog="Example: recon digest --as-of 2026-06-15",
    )
    add_common_arguments(parser, "the day D the daily build just evaluated")
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path("target/digest"),
        help="where digest_<D>.md and digest_<D>.json go (default target/digest)",
    )
    parser.add_argument(
        "--webhook-url",
        default=os.environ.get("RECON_WEBHOOK_URL"),
        help="POST the JSON digest here when one is written (default: $RECON_WEBHOOK_URL; "
        "empty: do not post)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds to wait for the webhook (default 10)",
    )
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error(f"--timeout must be a positive number of seconds, got {args.timeout}")
    return args


def write_digest(
    warehouse: Warehouse,
    *,
    as_of: dt.date,
    out_dir: Path,
    webhook_url: str | None,
    timeout: float,
) -> tuple[str, str | None]:
    """Write (and post) the digest of D if there is something to say.

    Returns what was done, in one line, and a warning when the post failed (None otherwise).
    Raises DigestError when D is not built.
    """
    day = as_of.isoformat()
    digest = read_digest(warehouse, as_of)
    md_path = out_dir / f"digest_{day}.md"
    json_path = out_dir / f"digest_{day}.json"
    if digest.kind == "heartbeat" and as_of.weekday() != 0:
        stale = [path for path in (md_path, json_path) if path.exists()]
        for path in stale:
            path.unlink()
        removed = f" (removed the stale {md_path.stem}.* of an earlier run)" if stale else ""
        return f"nothing new for {day}, no digest written{removed}", None

    body = json.dumps(digest_json(digest), indent=2).encode() + b"\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path.write_text(digest_markdown(digest), encoding="utf-8")
    json_path.write_bytes(body)
    alerted = (
        f"{plural(len(digest.alerts), 'drift alert')} "
        f"({', '.join(alert.rule_name for alert in digest.alerts)}), "
        if digest.alerts
        else ""
    )
    if digest.new_count:
        what = (
            f"digest for {day}: {alerted}{plural(digest.new_count, 'new exception')} for "
            f"{plural(len(digest.new), 'team')}, {usd(total_amount(digest.new))} USD/mo at risk"
        )
    elif digest.alerts:
        what = f"digest for {day}: {alerted}nothing newly open"
    elif digest.escalations:
        what = f"digest for {day}: nothing new, {plural(len(digest.escalations), 'escalation')}"
    else:
        what = f"Monday heartbeat for {day}: nothing new"
    posted, warning = "", None
    if webhook_url:
        failure = post_json(webhook_url, body, timeout)
        if failure:
            warning = (
                f"morning_digest: warning: could not POST the digest to {webhook_url}: "
                f"{failure}. The digest is written; the reconciliation is not affected."
            )
        else:
            posted = f"; posted to {webhook_url}"
    return f"{what}; wrote {md_path} and {json_path}{posted}", warning


def main(argv: Sequence[str] | None = None) -> int:
    """Write the digest of D if there is something to say, and post it."""
    args = parse_args(argv)
    try:
        with open_warehouse(args) as warehouse:
            done, warning = write_digest(
                warehouse,
                as_of=args.as_of,
                out_dir=args.out_dir,
                webhook_url=args.webhook_url,
                timeout=args.timeout,
            )
    except (DigestError, WarehouseError) as error:
        print(f"morning_digest: error: {error}", file=sys.stderr)
        return 2
    if warning:
        print(warning, file=sys.stderr)
    print(done)
    return 0


if __name__ == "__main__":
    sys.exit(main())
