"""Write the exception report of a built day: one self-contained HTML file, readable offline.

`recon report --as-of D`, run after the daily `dbt build` for day D (`make report`). Reads the
marts of that build (recon.warehouse: the engine and the relations from dbt's manifest,
DuckDB read-only or PostgreSQL; the queries are recon/sql/report/*.sql) and writes
target/report/index.html (--out), with plotly's charts and its JavaScript inlined once: the
file opens in a browser with no network. The numbers are the marts'; the report only selects
and sums them for display. Sections:

1. open exceptions by owner team, rule and severity (rpt_open_exceptions);
2. money at risk by rule and severity, the total in the heading;
3. aging: days open against each rule's SLA, breached ones highlighted and listed
   (fact_exception_lifecycle, as of the latest built day);
4. the mismatch rate per rule over the built days (rpt_exception_trend);
5. the two count bridges of D as waterfalls (rpt_active_customer_bridge);
6. one customer's drift over the built days (--customer; by default the customer with the most
   money at risk in open exceptions on D) (fact_customer_reconciliation,
   fact_reconciliation_exceptions);
7. drift alerts: new exceptions per rule against the alert threshold, and the alert sentences
   (rpt_drift_alerts);
8. match suggestions for unmapped records (rpt_match_suggestions; a table that a PostgreSQL
   build may not have, or that holds another day than D: the page says so);
9. quarantined rows by table and reason, and the rows (fact_quarantined_rows).

A section with no rows says so in a sentence instead of drawing an empty chart. Exit status 2
when the warehouse or day D is not built, or --customer names no customer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from recon.demo_data import add_common_arguments
from recon.digest import SEVERITY_ORDER, plural, usd
from recon.warehouse import (
    Warehouse,
    WarehouseError,
    add_warehouse_arguments,
    as_date,
    open_warehouse,
    sql_text,
)

# Marts the report reads that a build may not have: rpt_match_suggestions is a Python model,
# disabled on PostgreSQL, where `recon match suggest --postgres` writes its table (in the
# schema and under the alias the manifest gives the disabled model).
OPTIONAL_MARTS = ("rpt_drift_alerts", "rpt_match_suggestions")
# One colour per severity, in SEVERITY_ORDER (critical first).
SEVERITY_COLOURS = ("#b2182b", "#ef8a62", "#67a9cf", "#bdbdbd")
ALERT, CALM, OPEN, GRACE = "#c0392b", "#4c78a8", "#c0392b", "#f0a202"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}
ROW_LIMIT = 200


class ReportError(Exception):
    """What is missing for a report, said so that a person knows what to do next."""


@dataclass
class Section:
    """One section of the page: a heading, one sentence on what it shows and what to do."""

    key: str
    title: str
    lead: str
    body: list[str] = field(default_factory=list)

    def html(self) -> str:
        """Render the section."""
        return (
            f'<section id="{self.key}">\n<h2>{esc(self.title)}</h2>\n'
            f'<p class="lead">{esc(self.lead)}</p>\n' + "\n".join(self.body) + "\n</section>"
        )


def esc(value: object) -> str:
    """Text safe inside HTML."""
    return html.escape("" if value is None else str(value))


def empty(sentence: str) -> str:
    """Say plainly that a section has nothing to show (instead of an empty chart)."""
    return f'<p class="empty">{esc(sentence)}</p>'


def note(sentence: str) -> str:
    """Render a short remark under a chart."""
    return f'<p class="note">{esc(sentence)}</p>'


def severity_colour(severity: str) -> str:
    """Return the colour of a severity (grey for a word outside SEVERITY_ORDER)."""
    if severity in SEVERITY_ORDER:
        return SEVERITY_COLOURS[SEVERITY_ORDER.index(severity) % len(SEVERITY_COLOURS)]
    return SEVERITY_COLOURS[-1]


def severities(present: set[str]) -> list[str]:
    """Return the severities present, critical first (unknown words last, by name)."""
    known = [severity for severity in SEVERITY_ORDER if severity in present]
    return known + sorted(present - set(SEVERITY_ORDER))


def chart(name: str, figure: go.Figure, height: int, **layout: Any) -> str:
    """Render a figure into a container a browser (and the test) finds by its name.

    `layout` overrides the common layout (a legend on the right, for one).
    """
    figure.update_layout(
        template="plotly_white",
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 20, "t": 40, "b": 50},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
        },
        hoverlabel={"namelength": -1},
    )
    figure.update_layout(**layout)
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    inner = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{name}",
        config=PLOT_CONFIG,
        default_height=f"{height}px",
    )
    return f'<div class="chart" data-chart="{esc(name)}">{inner}</div>'


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int]) -> str:
    """Render an HTML table; the columns in `numeric` right-aligned."""
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="num">{esc(v)}</td>' if i in numeric else f"<td>{esc(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def count_axis(maximum: int) -> dict[str, Any]:
    """Return the ticks of an axis of counts: whole numbers only."""
    return {"tickformat": ",d", "dtick": 1} if maximum <= 5 else {"tickformat": ",d"}


def chain_order(bridges: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """Return the bridges in chain order: a bridge that starts where another ends follows it.

    Each bridge's lines are (bridge, line_number, line_type, category, ...), start first and
    end last.
    """
    ends = {lines[-1][3]: bridge for bridge, lines in bridges.items()}
    follows = {bridge: ends.get(lines[0][3]) for bridge, lines in bridges.items()}

    def depth(bridge: str, seen: frozenset[str] = frozenset()) -> int:
        before = follows[bridge]
        if before is None or before == bridge or before in seen:
            return 0
        return 1 + depth(before, seen | {bridge})

    return sorted(bridges, key=lambda bridge: (depth(bridge), bridge))


def bar_height(categories: int) -> int:
    """Height of a horizontal bar chart with `categories` bars: room for each label."""
    return 140 + 34 * max(categories, 1)


@dataclass
class Report:
    """What the page of day D says, read from the marts."""

    warehouse: Warehouse
    as_of: dt.date
    customer: str | None = None

    def rows(self, name: str, **params: Any) -> list[tuple[Any, ...]]:
        """Run recon/sql/report/<name>.sql with `as_of` and `params`."""
        text = sql_text("report", name)
        values = {"as_of": self.as_of, **params}
        return self.warehouse.rows(text, {k: v for k, v in values.items() if f":{k}" in text})

    @property
    def day(self) -> str:
        """D as YYYY-MM-DD."""
        return self.as_of.isoformat()

    def built_days(self) -> dict[dt.date, int]:
        """Built days up to D and their customers; ReportError when D is not built."""
        days = {as_date(day): customers for day, customers in self.rows("days")}
        if self.as_of not in days:
            built = [day.isoformat() for day in days]
            raise ReportError(
                f"day {self.day} is not built in {self.warehouse.where}: "
                "fact_customer_reconciliation has no rows for it (built days up to it: "
                f"{', '.join(built[-5:]) if built else 'none'}). Run "
                f"dbt build --vars \"{{as_of_date: '{self.day}'}}\" first, or pass --as-of "
                "a built day."
            )
        return days

    def optional(self, name: str) -> bool:
        """Whether the warehouse has the optional mart `name` (also one the target disables)."""
        self.warehouse.include_disabled(name)
        return self.warehouse.has(name)

    # 1 and 2 ---------------------------------------------------------------------------
    def open_sections(self) -> tuple[Section, Section, int, Decimal]:
        """Open exceptions by owner, rule and severity; money at risk by rule and severity."""
        rows = self.rows("open_exceptions")
        count = sum(row[3] for row in rows)
        total = sum((Decimal(row[4] or 0) for row in rows), Decimal(0))
        by_rule = Section(
            "open-exceptions",
            f"Open exceptions: {count:,}",
            "Exceptions open on the day (not in their grace period) per owner team and rule, "
            "coloured by severity: each team works its own bars, critical and high first.",
        )
        money = Section(
            "money-at-risk",
            f"Money at risk: {usd(total)} USD/mo",
            "The monthly money at risk of the open exceptions per rule and severity: the "
            "longest bars are where fixing a record pays most.",
        )
        if not rows:
            by_rule.body.append(empty(f"no open exceptions on {self.day}"))
            money.body.append(empty(f"no money at risk on {self.day}: nothing is open"))
            return by_rule, money, count, total
        labels = sorted({(owner, rule) for owner, rule, *_ in rows}, reverse=True)
        ylabels = [f"{rule} ({owner})" for owner, rule in labels]
        levels = severities({row[2] for row in rows})
        counts: dict[tuple[str, str, str], int] = {}
        amounts: dict[tuple[str, str, str], Decimal] = {}
        for owner, rule, severity, exceptions, amount in rows:
            counts[owner, rule, severity] = exceptions
            amounts[owner, rule, severity] = Decimal(amount or 0)
        for section, values, name, axis in (
            (by_rule, counts, "open-by-rule", "open exceptions"),
            (money, amounts, "money-at-risk", "money at risk, USD/mo"),
        ):
            figure = go.Figure()
            for severity in levels:
                figure.add_bar(
                    name=severity,
                    orientation="h",
                    y=ylabels,
                    x=[float(values.get((o, r, severity), 0)) for o, r in labels],
                    marker_color=severity_colour(severity),
                    hovertemplate="%{y}<br>" + severity + ": %{x:,}<extra></extra>",
                )
            figure.update_layout(barmode="stack", legend_title_text="severity")
            if values is counts:
                per_label = Counter({(o, r): 0 for o, r in labels})
                for (owner, rule, _), exceptions in counts.items():
                    per_label[owner, rule] += exceptions
                figure.update_xaxes(title_text=axis, **count_axis(max(per_label.values())))
            else:
                figure.update_xaxes(title_text=axis, tickformat=",")
            figure.update_yaxes(title_text="rule (owner team)")
            section.body.append(chart(name, figure, bar_height(len(labels))))
        return by_rule, money, count, total

    # 3 ----------------------------------------------------------------------------------
    def aging_section(self) -> Section:
        """Days open against the SLA, per rule (the lifecycle, as of the latest built day)."""
        rows = self.rows("aging")
        section = Section(
            "aging",
            "Aging against the SLA",
            "How many days each open exception has been open (grace days excluded) against its "
            "rule's SLA (the black tick): the red ones are past it and escalated, work them first.",
        )
        if not rows:
            section.body.append(empty("no open exceptions in fact_exception_lifecycle"))
            return section
        latest = as_date(rows[0][0])
        if latest != self.as_of:
            section.body.append(
                note(
                    f"fact_exception_lifecycle is as of the latest built day, {latest}, "
                    f"not {self.day}."
                )
            )
        rules = sorted({row[1] for row in rows}, reverse=True)
        figure = go.Figure()
        for breached, colour, name in ((False, CALM, "within SLA"), (True, ALERT, "past SLA")):
            points = [row for row in rows if bool(row[4]) is breached]
            if not points:
                continue
            figure.add_scatter(
                name=name,
                mode="markers",
                x=[row[3] for row in points],
                y=[row[1] for row in points],
                marker={
                    "color": colour,
                    "size": [min(10 + 3 * row[5] ** 0.5, 40) for row in points],
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[[row[5], usd(Decimal(row[6] or 0))] for row in points],
                hovertemplate="%{y}: %{customdata[0]} open for %{x} days, "
                "%{customdata[1]} USD/mo<extra></extra>",
            )
        sla = {row[1]: row[2] for row in rows if row[2] is not None}
        figure.add_scatter(
            name="SLA (days)",
            mode="markers",
            x=[sla[rule] for rule in rules if rule in sla],
            y=[rule for rule in rules if rule in sla],
            marker={"symbol": "line-ns-open", "size": 26, "color": "black", "line": {"width": 3}},
            hovertemplate="%{y}: SLA %{x} days<extra></extra>",
        )
        longest = max([row[3] for row in rows] + list(sla.values()))
        figure.update_xaxes(
            title_text="days open (grace days excluded); marker size: open exceptions",
            rangemode="tozero",
            **count_axis(longest),
        )
        figure.update_yaxes(title_text="rule", categoryorder="array", categoryarray=rules)
        section.body.append(chart("aging", figure, bar_height(len(rules))))
        breached = self.rows("breached")
        if breached:
            shown = breached[:ROW_LIMIT]
            section.body.append(
                note(
                    f"{plural(len(breached), 'open exception')} past the SLA"
                    + (
                        f" (the {len(shown)} open longest shown)"
                        if len(shown) < len(breached)
                        else ""
                    )
                    + ":"
                )
            )
            section.body.append(
                table(
                    [
                        "rule",
                        "subject",
                        "owner team",
                        "escalated to",
                        "assignee",
                        "days open",
                        "SLA days",
                        "breached on",
                        "USD/mo",
                    ],
                    [(*row[:8], usd(Decimal(row[8] or 0))) for row in shown],
                    {5, 6, 8},
                )
            )
        else:
            section.body.append(note("No open exception is past its SLA."))
        return section

    # 4 ----------------------------------------------------------------------------------
    def trend_section(self, days: dict[dt.date, int]) -> Section:
        """Chart the mismatch rate per rule over the built days."""
        rows = self.rows("trend")
        section = Section(
            "trend",
            "Mismatch rate over the built days",
            "Open exceptions per reconciled customer, per rule and in all, on each built day: "
            "a line that climbs is a sync or process that broke, look at its new exceptions.",
        )
        if not rows:
            section.body.append(empty(f"no rows in rpt_exception_trend up to {self.day}"))
            return section
        per_rule: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            per_rule.setdefault(row[1], []).append(row)
        figure = go.Figure()
        totals: dict[dt.date, float] = {}
        for row in rows:
            totals[as_date(row[0])] = totals.get(as_date(row[0]), 0.0) + float(row[3] or 0)
        figure.add_scatter(
            name="all rules",
            mode="lines+markers",
            x=[day.isoformat() for day in totals],
            y=[100 * rate for rate in totals.values()],
            line={"color": "black", "width": 3},
            hovertemplate="%{x}: %{y:.2f} % in all<extra></extra>",
        )
        for rule, points in sorted(per_rule.items()):
            figure.add_scatter(
                name=rule,
                mode="lines+markers",
                x=[as_date(row[0]).isoformat() for row in points],
                y=[100 * float(row[3] or 0) for row in points],
                customdata=[row[2] for row in points],
                hovertemplate=rule + " %{x}: %{y:.2f} % (%{customdata} open)<extra></extra>",
            )
        figure.update_xaxes(title_text="built day", type="category")
        figure.update_yaxes(title_text="open exceptions per 100 customers", rangemode="tozero")
        right = {"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top", "traceorder": "normal"}
        section.body.append(chart("trend", figure, 480, legend=right))
        if len(days) == 1:
            section.body.append(note(f"Only {self.day} is built: one point per line."))
        return section

    # 5 ----------------------------------------------------------------------------------
    def bridge_section(self) -> Section:
        """Chart the two count bridges of D as waterfalls."""
        rows = self.rows("bridge")
        section = Section(
            "bridge",
            "Count bridges: why the systems count different customers",
            "From one system's count of active customers to the next, each step a category of "
            "records the reconciliation explains (lines with 0 left out): the big steps are the "
            "rules to work first.",
        )
        if not rows:
            section.body.append(
                empty(f"no count bridge in rpt_active_customer_bridge on {self.day}")
            )
            return section
        bridges: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            bridges.setdefault(row[0], []).append(row)
        # the bridges in chain order: one that starts where another ends comes after it
        for bridge in chain_order(bridges):
            lines = bridges[bridge]
            shown = [row for row in lines if row[2] != "explained" or row[5]]
            labels = []
            for _, number, _, category, in_grace, *_ in shown:
                label = f"{category} (in grace)" if in_grace else category
                labels.append(label if label not in labels else f"{label} [{number}]")
            measure = {"start": "absolute", "end": "total"}
            figure = go.Figure(
                go.Waterfall(
                    orientation="h",
                    measure=[measure.get(row[2], "relative") for row in shown],
                    y=labels,
                    x=[row[5] for row in shown],
                    text=[
                        f"{row[5]:+,}" if row[2] == "explained" else f"{row[5]:,}" for row in shown
                    ],
                    textposition="outside",
                    customdata=[row[6] for row in shown],
                    hovertemplate="%{y}: %{text} records, %{customdata} customers<extra></extra>",
                    increasing={"marker": {"color": "#e6862b"}},
                    decreasing={"marker": {"color": "#4c78a8"}},
                    totals={"marker": {"color": "#555555"}},
                    connector={"line": {"color": "#999999", "dash": "dot"}},
                    showlegend=False,
                )
            )
            start = next((row[5] for row in shown if row[2] == "start"), 0)
            end = next((row[5] for row in shown if row[2] == "end"), 0)
            levels = [start, end, *(row[7] for row in shown if row[7] is not None)]
            pad = max((max(levels) - min(levels)) * 0.35, 5)
            figure.update_layout(
                title={"text": f"{bridge.replace('_', ' ')}: {start:,} → {end:,}", "x": 0},
                margin={"t": 70},
            )
            figure.update_xaxes(
                title_text="records (the axis starts near the counts, not at 0)",
                tickformat=",",
                range=[max(min(levels) - pad, 0), max(levels) + pad],
            )
            figure.update_yaxes(autorange="reversed")
            section.body.append(
                chart(f"bridge-{bridge.replace('_', '-')}", figure, bar_height(len(shown)))
            )
        return section

    # 6 ----------------------------------------------------------------------------------
    def timeline_section(self) -> Section:
        """One customer's drift over the built days."""
        section = Section(
            "customer",
            "One customer's drift",
            "",
        )
        customer = self.customer
        if customer is None:
            chosen = self.rows("default_customer")
            if not chosen:
                section.lead = "One customer's state and exceptions over the built days."
                section.body.append(
                    empty(
                        f"no customer has an open exception on {self.day}; "
                        "pass --customer cust_... to see one"
                    )
                )
                return section
            customer, amount, open_since = chosen[0]
            why = (
                f"the customer with the most money at risk in open exceptions on {self.day} "
                f"({usd(Decimal(amount or 0))} USD/mo, open since {open_since}); "
                "pass --customer to see another"
            )
        else:
            why = "chosen with --customer"
        days = self.rows("customer_days", customer=customer)
        if not days:
            raise ReportError(
                f"customer {customer} has no rows in fact_customer_reconciliation up to "
                f"{self.day}: pass a canonical_id of it (cust_...), or leave --customer out"
            )
        exceptions = self.rows("customer_exceptions", customer=customer)
        section.title = f"One customer's drift: {customer}"
        section.lead = (
            f"{customer}, {why}: its money at risk and the rules that flagged it on each built "
            "day; read the details below and fix the system that is wrong."
        )
        dates = [as_date(row[0]).isoformat() for row in days]
        figure = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.08,
            row_heights=[0.45, 0.55],
        )
        figure.add_scatter(
            name="money at risk, open (USD/mo)",
            mode="lines+markers",
            x=dates,
            y=[float(row[6] or 0) for row in days],
            customdata=[[row[1], row[2], row[3]] for row in days],
            hovertemplate="%{x}: %{y:,.2f} USD/mo<br>CRM %{customdata[0]}, billing "
            "%{customdata[1]}, product %{customdata[2]}<extra></extra>",
            line={"color": "#333333"},
            row=1,
            col=1,
        )
        for in_grace, colour, name in ((False, OPEN, "open"), (True, GRACE, "in grace")):
            points = [row for row in exceptions if bool(row[3]) is in_grace]
            if not points:
                continue
            figure.add_scatter(
                name=f"exception {name}",
                mode="markers",
                x=[as_date(row[0]).isoformat() for row in points],
                y=[row[1] for row in points],
                marker={"color": colour, "size": 14, "symbol": "square"},
                customdata=[[row[2], usd(Decimal(row[4] or 0))] for row in points],
                hovertemplate="%{x} %{y}: %{customdata[0]}, %{customdata[1]} USD/mo<extra></extra>",
                row=2,
                col=1,
            )
        rules = sorted({row[1] for row in exceptions})
        figure.update_xaxes(type="category", categoryorder="array", categoryarray=dates)
        figure.update_xaxes(title_text="built day", row=2, col=1)
        figure.update_yaxes(title_text="USD/mo", tickformat=",", rangemode="tozero", row=1, col=1)
        figure.update_yaxes(
            title_text="rule", categoryorder="array", categoryarray=rules, row=2, col=1
        )
        section.body.append(chart("customer-timeline", figure, 300 + 40 * max(len(rules), 2)))
        section.body.append(
            table(
                ["day", "CRM", "billing", "product", "open", "in grace", "USD/mo at risk"],
                [(*row[:6], usd(Decimal(row[6] or 0))) for row in days],
                {4, 5, 6},
            )
        )
        if exceptions:
            section.body.append(
                table(
                    ["day", "rule", "severity", "in grace", "USD/mo", "what each system says"],
                    [
                        (
                            row[0],
                            row[1],
                            row[2],
                            "yes" if row[3] else "",
                            usd(Decimal(row[4] or 0)),
                            row[5],
                        )
                        for row in exceptions
                    ],
                    {4},
                )
            )
        return section

    # 7 ----------------------------------------------------------------------------------
    def drift_section(self) -> Section:
        """Chart new exceptions per rule and day against the alert threshold; list the alerts."""
        section = Section(
            "drift-alerts",
            "Drift alerts",
            "New exceptions per rule on each built day against the threshold the rule's recent "
            "baseline gives (dashed; none until the baseline is long enough): a red bar is an "
            "alert, read its sentence and check what changed in its cause window.",
        )
        if not self.optional("rpt_drift_alerts"):
            section.body.append(
                empty("rpt_drift_alerts is not built in this warehouse: build it (dbt build)")
            )
            return section
        rows = self.rows("drift_alerts")
        if not rows:
            section.body.append(empty(f"no rows in rpt_drift_alerts up to {self.day}"))
            return section
        alerts = [row for row in rows if row[7] and as_date(row[2]) == self.as_of]
        section.title = f"Drift alerts on {self.day}: {len(alerts):,}"
        per_rule: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for row in rows:
            per_rule.setdefault((row[0], row[1]), []).append(row)
        columns = 2
        grid = -(-len(per_rule) // columns)
        figure = make_subplots(
            rows=grid,
            cols=columns,
            subplot_titles=[f"{rule} ({owner})" for rule, owner in per_rule],
            vertical_spacing=0.5 / grid,
            horizontal_spacing=0.08,
        )
        days = sorted({as_date(row[2]).isoformat() for row in rows})
        thresholds_shown = False
        for index, ((rule, _), points) in enumerate(per_rule.items()):
            where = {"row": index // columns + 1, "col": index % columns + 1}
            x = [as_date(row[2]).isoformat() for row in points]
            figure.add_bar(
                name="new exceptions (red: alert)",
                x=x,
                y=[row[3] for row in points],
                marker_color=[ALERT if row[7] else CALM for row in points],
                customdata=[
                    [row[4], "-" if row[5] is None else row[5], row[8] or "no alert"]
                    for row in points
                ],
                hovertemplate=rule + " %{x}: %{y} new; baseline mean %{customdata[1]} over "
                "%{customdata[0]} days<br>%{customdata[2]}<extra></extra>",
                showlegend=index == 0,
                legendgroup="new",
                **where,
            )
            if any(row[6] is not None for row in points):
                figure.add_scatter(
                    name="alert threshold",
                    mode="lines",
                    x=x,
                    y=[None if row[6] is None else float(row[6]) for row in points],
                    line={"color": "black", "dash": "dash", "shape": "hvh"},
                    hovertemplate=rule + " %{x}: threshold %{y}<extra></extra>",
                    showlegend=not thresholds_shown,
                    legendgroup="threshold",
                    **where,
                )
                thresholds_shown = True
        figure.update_xaxes(type="category", categoryorder="array", categoryarray=days)
        for index, points in enumerate(per_rule.values()):
            top = max([row[3] for row in points] + [float(row[6] or 0) for row in points])
            figure.update_yaxes(
                rangemode="tozero",
                row=index // columns + 1,
                col=index % columns + 1,
                **count_axis(top),
            )
        figure.update_annotations(font_size=12)
        section.body.append(
            chart("drift-alerts", figure, 120 + 170 * grid, margin={"t": 60, "b": 40})
        )
        today = [row for row in rows if as_date(row[2]) == self.as_of]
        if today and all(row[6] is None for row in today):
            longest = max((row[4] or 0) for row in today)
            section.body.append(
                note(
                    f"No rule has an alert threshold on {self.day} yet: the longest baseline "
                    f"holds {plural(longest, 'built day')}, too few for the sensor to judge."
                )
            )
        if alerts:
            section.body.append(
                '<ul class="alerts">'
                + "".join(
                    f"<li><b>{esc(row[0])}</b> ({esc(row[1])}): {esc(row[8])}</li>"
                    for row in alerts
                )
                + "</ul>"
            )
        else:
            section.body.append(empty(f"no drift alerts on {self.day}"))
        return section

    # 8 ----------------------------------------------------------------------------------
    def match_section(self) -> Section:
        """Candidate matches for the unmapped records."""
        section = Section(
            "match-suggestions",
            "Match suggestions for unmapped records",
            "Records no mapping covers, each with the customers it most probably belongs to: "
            "check the evidence and add the right row to the key map "
            "(seeds/canonical_entity_map.csv).",
        )
        if not self.optional("rpt_match_suggestions"):
            section.body.append(
                empty(
                    "rpt_match_suggestions is not in this warehouse (on PostgreSQL "
                    "`recon match suggest --postgres` writes it): no match suggestions to show"
                )
            )
            return section
        rows = self.rows("match_suggestions")
        if not rows:
            held = [as_date(day).isoformat() for (day,) in self.rows("match_suggestion_days")]
            section.body.append(
                empty(
                    f"rpt_match_suggestions holds {', '.join(held)}, not {self.day}: it keeps "
                    f"only the day it was last written for. Run recon report --as-of "
                    f"{held[-1]} to see those, or build {self.day} again to see its own"
                )
                if held
                else empty(f"no match suggestions on {self.day}")
            )
            return section
        suggested = [row for row in rows if row[8]]
        sources = {(row[0], row[1]) for row in rows}
        section.title = (
            f"Match suggestions: {plural(len(suggested), 'suggestion')} for "
            f"{plural(len(sources), 'unmapped record')}"
        )
        figure = go.Figure()
        for is_suggested, colour, name in (
            (True, "#2ca02c", "suggested"),
            (False, "#bdbdbd", "other candidates"),
        ):
            # bins are closed on the left: a probability of exactly 1 goes in the last one
            values = [
                min(float(row[5]), 0.999999)
                for row in rows
                if bool(row[8]) is is_suggested and row[5] is not None
            ]
            if values:
                figure.add_histogram(
                    name=name,
                    x=values,
                    xbins={"start": 0, "end": 1, "size": 0.05},
                    marker_color=colour,
                    hovertemplate="probability %{x}: %{y} " + name + "<extra></extra>",
                )
        figure.update_layout(barmode="stack")
        figure.update_xaxes(title_text="match probability", range=[0, 1], tickformat=".0%")
        figure.update_yaxes(title_text="candidate matches")
        section.body.append(chart("match-probability", figure, 360))
        shown = (suggested or rows)[:ROW_LIMIT]
        if not suggested:
            section.body.append(note("No candidate is good enough to suggest; the best ones:"))
        section.body.append(
            table(
                [
                    "system",
                    "record",
                    "name in the record",
                    "candidate",
                    "candidate's name",
                    "probability",
                    "rank",
                    "USD/mo",
                    "evidence",
                ],
                [
                    (
                        row[0],
                        row[1],
                        row[2],
                        row[3],
                        row[4],
                        f"{float(row[5]):.2%}",
                        row[6],
                        usd(Decimal(row[9])) if row[9] is not None else "",
                        row[7],
                    )
                    for row in shown
                ],
                {5, 6, 7},
            )
        )
        return section

    # 9 ----------------------------------------------------------------------------------
    def quarantine_section(self) -> Section:
        """Quarantined rows by table and reason, and the rows."""
        rows = self.warehouse.rows(sql_text("summary", "quarantined"), {"as_of": self.as_of})
        section = Section(
            "quarantine",
            f"Quarantined rows: {len(rows):,}",
            "Raw rows the day could not use, per source table and reason: the team of the "
            "source system fixes each row at the source (the reason says what is wrong).",
        )
        if not rows:
            section.body.append(empty(f"no quarantined rows on {self.day}"))
            return section
        counts = Counter((table_name, reason) for table_name, reason, *_ in rows)
        per_table = Counter(table_name for table_name, *_ in rows)
        tables = sorted({t for t, _ in counts}, reverse=True)
        figure = go.Figure()
        for reason in sorted({r for _, r in counts}):
            figure.add_bar(
                name=reason,
                orientation="h",
                y=tables,
                x=[counts.get((t, reason), 0) for t in tables],
                hovertemplate="%{y}: %{x} rows " + reason + "<extra></extra>",
            )
        figure.update_layout(barmode="stack", legend_title_text="reason")
        figure.update_xaxes(title_text="quarantined rows", **count_axis(max(per_table.values())))
        figure.update_yaxes(title_text="source table")
        section.body.append(chart("quarantine", figure, bar_height(len(tables)) + 40))
        shown = rows[:ROW_LIMIT]
        if len(shown) < len(rows):
            section.body.append(note(f"The first {len(shown)} of {len(rows):,} rows:"))
        section.body.append(table(["source table", "reason", "key", "what is wrong"], shown, set()))
        return section

    def html(self) -> str:
        """Render the whole page."""
        days = self.built_days()
        by_rule, money, count, total = self.open_sections()
        builders: list[Callable[[], Section]] = [
            self.aging_section,
            lambda: self.trend_section(days),
            self.bridge_section,
            self.timeline_section,
            self.drift_section,
            self.match_section,
            self.quarantine_section,
        ]
        sections = [by_rule, money, *(build() for build in builders)]
        first, last = min(days), max(days)
        summary = (
            f"{plural(count, 'open exception')}, {usd(total)} USD/mo at risk, on "
            f"{days[self.as_of]:,} reconciled customers. Built days up to {self.day}: "
            f"{len(days):,}" + (f" ({first} to {last})" if len(days) > 1 else "") + "."
        )
        toc = "".join(f'<li><a href="#{s.key}">{esc(s.title)}</a></li>' for s in sections)
        return PAGE.format(
            day=esc(self.day),
            plotlyjs=get_plotlyjs(),
            summary=esc(summary),
            where=esc(self.warehouse.where),
            toc=toc,
            sections="\n".join(section.html() for section in sections),
        )


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reconciliation exceptions, {day}</title>
<style>
body {{ font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial,
  sans-serif; color: #222; margin: 0; background: #f6f6f4; }}
main {{ max-width: 1300px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }}
h1 {{ margin: 0 0 .3rem; font-size: 1.7rem; }}
h2 {{ margin: 0 0 .3rem; font-size: 1.3rem; }}
section {{ background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.2rem;
  margin: 1.2rem 0; }}
p.lead {{ margin: 0 0 .6rem; color: #444; }}
p.empty {{ padding: 1rem; background: #f3f3f3; border-radius: 4px; font-style: italic; }}
p.note {{ color: #555; font-size: .92rem; margin: .5rem 0; }}
.summary {{ font-size: 1.05rem; }}
.source {{ color: #666; font-size: .85rem; }}
nav ol {{ columns: 2; margin: .4rem 0; padding-left: 1.4rem; }}
.table {{ max-height: 26rem; overflow: auto; border: 1px solid #e3e3e3; margin: .5rem 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: .85rem; }}
th, td {{ text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee;
  vertical-align: top; }}
th {{ position: sticky; top: 0; background: #fafafa; }}
td.num, th.num {{ text-align: right; white-space: nowrap; }}
ul.alerts li {{ margin: .3rem 0; }}
</style>
<script>{plotlyjs}</script>
</head>
<body>
<main>
<h1>Reconciliation exceptions, as of {day}</h1>
<p class="summary">{summary}</p>
<p class="source">From the marts of the last dbt build ({where}). One file, no network needed.</p>
<nav><ol>{toc}</ol></nav>
{sections}
</main>
</body>
</html>
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        prog="recon report",
        epilog="Example: recon report --as-of 2026-06-15 --customer cust_0000163",
    )
    add_common_arguments(parser, "the built day D the report is about")
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("target/report/index.html"),
        help="the HTML file to write (default target/report/index.html)",
    )
    parser.add_argument(
        "--customer",
        help="canonical_id of the customer whose drift the timeline shows (default: the one "
        "with the most money at risk in open exceptions on D)",
    )
    return parser.parse_args(argv)


def write_report(warehouse: Warehouse, as_of: dt.date, out: Path, customer: str | None) -> str:
    """Write the page of D to `out`; return what was done, in one line."""
    page = Report(warehouse, as_of, customer).html()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return f"report for {as_of}: wrote {out} ({len(page.encode()) / 1e6:.1f} MB, works offline)"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the report of D; 2 when the build or the day cannot be read."""
    args = parse_args(argv)
    try:
        with open_warehouse(args) as warehouse:
            done = write_report(warehouse, args.as_of, args.out, args.customer)
    except (ReportError, WarehouseError) as error:
        print(f"recon report: error: {error}", file=sys.stderr)
        return 2
    print(done)
    return 0


if __name__ == "__main__":
    sys.exit(main())
