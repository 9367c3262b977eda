"""The exception report: one offline HTML file whose charts render in a headless Chromium.

One demo world of 120 customers built on two days (every mart the report reads), shared by
the tests of this module. The page is opened in Chromium with every host name unresolvable,
so a chart that needed the network would stay empty; every chart container must hold
plotly's rendered SVG with at least one drawn data point, and nothing may be loaded from an
http(s) URL. The headings are checked against queries of the marts written here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from conftest import BIN_DIR, DbtProject, assert_succeeded

from recon.digest import plural
from recon.warehouse import Warehouse, WarehouseError

RECON = str(BIN_DIR / "recon")
FIRST_DAY, DAY = "2026-06-15", "2026-06-16"
# The page's charts (data-chart of each container), one per view the report promises.
CHARTS = {
    "open-by-rule",
    "money-at-risk",
    "aging",
    "trend",
    "bridge-crm-to-billing",
    "bridge-billing-to-ops",
    "customer-timeline",
    "drift-alerts",
    "match-probability",
    "quarantine",
}
OPTIONAL_MARTS = ("rpt_drift_alerts", "rpt_match_suggestions")
# A rendered bar or marker that draws nothing (a bar of 0) has this path.
EMPTY_PATH = {"", "M0,0Z"}


# The marts the report reads; the world builds them and what they read, without data tests.
MARTS_READ = (
    "rpt_open_exceptions",
    "fact_exception_lifecycle",
    "rpt_exception_trend",
    "rpt_active_customer_bridge",
    "fact_customer_reconciliation",
    "fact_reconciliation_exceptions",
    "fact_quarantined_rows",
    *OPTIONAL_MARTS,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, parsed_project: Path) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("report") / "project", parsed=parsed_project)
    project.generate(customers=120, as_of=FIRST_DAY)
    selection = [f"+{mart}" for mart in MARTS_READ]
    for day in (FIRST_DAY, DAY):
        result = project.dbt(
            "build", "--exclude", "resource_type:test", "--select", *selection, as_of=day
        )
        assert_succeeded(result)
    return project


def run_report(world: DbtProject, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RECON, "report", "--duckdb-path", str(world.db_path), *args],
        cwd=world.root,
        env=world.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium not installed: apt-get install chromium; .ci/run installs it")


def open_in_chromium(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    """Open the page headless, offline: every host name resolves to nothing."""
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            *mode,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Charts(HTMLParser):
    """Per chart container (data-chart): plotly's SVGs and its drawn data points.

    A data point is a `path` of class `point` (a marker) or in a `g` of class `point` (a
    bar, a waterfall step, a histogram bin) that draws something. Also every src or href
    that points at an http(s) URL, wherever it is.
    """

    def __init__(self) -> None:
        super().__init__()
        self.svgs: dict[str, int] = {}
        self.points: dict[str, int] = {}
        self.remote: list[str] = []
        self._stack: list[tuple[str, str | None, bool]] = []  # tag, chart, in a point

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        for name in ("src", "href"):
            if re.match(r"\s*(https?:)?//", values.get(name) or ""):
                self.remote.append(f"<{tag} {name}={values[name]}>")
        chart, in_point = (self._stack[-1][1], self._stack[-1][2]) if self._stack else (None, False)
        chart = values.get("data-chart") or chart
        if chart is not None:
            if tag == "svg" and "main-svg" in classes:
                self.svgs[chart] = self.svgs.get(chart, 0) + 1
            drawn = (values.get("d") or "").strip() not in EMPTY_PATH
            if tag == "path" and ("point" in classes or in_point) and drawn:
                self.points[chart] = self.points.get(chart, 0) + 1
        if tag not in ("path", "rect", "br", "img", "input", "meta", "link"):
            self._stack.append((tag, chart, in_point or "point" in classes))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return


def open_totals(world: DbtProject, day: str) -> tuple[int, Decimal]:
    """Open exceptions (not in grace) on `day` and their money at risk, from the facts."""
    count, amount = world.query(
        f"""
        select count(*), coalesce(sum(amount_at_risk_usd), 0)
        from recon_marts.fact_reconciliation_exceptions
        where as_of_date = '{day}' and not in_grace_period
        """
    )[0]
    return count, amount


def test_report_renders_every_chart_offline(world: DbtProject) -> None:
    for mart in OPTIONAL_MARTS:
        assert world.query(f"select count(*) from recon_marts.{mart} where as_of_date = '{DAY}'")[
            0
        ][0], f"{mart} has no rows on {DAY}: the demo world should fill its chart"
    out = world.root / "target" / "report" / "index.html"
    result = run_report(world, "--as-of", DAY)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out.relative_to(world.root)}" in result.stdout
    page = out.read_text(encoding="utf-8")

    # self-contained: plotly's JavaScript once, inline; nothing loaded from elsewhere
    assert page.count("<script") == page.count("<script>")  # no <script src=...>
    assert "<link" not in page
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert len(re.findall(r"plotly\.js v\d", page)) == 1

    count, amount = open_totals(world, DAY)
    assert count, f"the world should have open exceptions on {DAY}"
    assert f"Open exceptions: {count:,}</h2>" in page
    assert f"Money at risk: {amount:,.2f} USD/mo</h2>" in page
    # the most money at risk in open exceptions, then the one open longest, then by id
    (customer,) = world.query(
        f"""
        select facts.canonical_id
        from recon_marts.fact_reconciliation_exceptions as facts
        left join recon_marts.fact_exception_lifecycle as lifecycle
            on facts.exception_id = lifecycle.exception_id
        where facts.as_of_date = '{DAY}' and not facts.in_grace_period
            and facts.canonical_id is not null
        group by facts.canonical_id
        order by sum(facts.amount_at_risk_usd) desc, min(lifecycle.episode_started_on),
            facts.canonical_id
        limit 1
        """
    )[0]
    assert f"One customer&#x27;s drift: {customer}</h2>" in page

    profile = world.root.parent / "chromium-profile"
    dom = open_in_chromium(out, profile, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    charts = Charts()
    charts.feed(dom.stdout)
    assert set(charts.svgs) == CHARTS, "the page should hold exactly the report's charts"
    assert {name for name in CHARTS if charts.points.get(name, 0) == 0} == set(), (
        f"charts without a drawn data point: {charts.points}"
    )
    assert charts.remote == []

    screenshot = out.parent / "report.png"
    shot = open_in_chromium(out, profile, f"--screenshot={screenshot}", "--window-size=1400,7000")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.stat().st_size > 100_000
    print(f"screenshot: {screenshot}")


def test_a_customer_can_be_chosen(world: DbtProject, tmp_path: Path) -> None:
    (customer,) = world.query(
        f"""
        select canonical_id from recon_marts.fact_customer_reconciliation
        where as_of_date = '{DAY}' and not mismatch_flag order by canonical_id limit 1
        """
    )[0]
    out = tmp_path / "report.html"
    result = run_report(world, "--as-of", DAY, "--customer", customer, "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert f"{customer}, chosen with --customer" in page

    result = run_report(world, "--as-of", DAY, "--customer", "cust_nobody", "--out", str(out))
    assert result.returncode == 2
    assert "customer cust_nobody has no rows in fact_customer_reconciliation" in result.stderr


def test_a_build_without_the_optional_marts_says_so(world: DbtProject, tmp_path: Path) -> None:
    """A PostgreSQL build has no rpt_match_suggestions: the page says so and draws no chart."""
    manifest = json.loads((world.root / "target" / "manifest.json").read_text())
    manifest["nodes"] = {
        key: node for key, node in manifest["nodes"].items() if node["name"] not in OPTIONAL_MARTS
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "report.html"
    result = run_report(
        world, "--as-of", DAY, "--manifest", str(tmp_path / "manifest.json"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "rpt_drift_alerts is not built in this warehouse" in page
    assert "rpt_match_suggestions is not in this warehouse" in page
    drawn = set(re.findall(r'data-chart="([^"]+)"', page))
    assert drawn == CHARTS - {"drift-alerts", "match-probability"}


def test_a_model_the_target_disables_is_read_where_the_manifest_puts_it(tmp_path: Path) -> None:
    """A PostgreSQL manifest lists rpt_match_suggestions under "disabled", with the schema and
    alias dbt gives it there: the warehouse names it only when asked, and only from there."""
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema recon_marts")
        con.execute("create table recon_marts.fact_customer_reconciliation (x integer)")
        con.execute("create table recon_marts.suggestion_rows (x integer)")
        con.execute("insert into recon_marts.suggestion_rows values (1), (2)")

    def node(name: str, alias: str, schema: str = "recon_marts") -> dict[str, str]:
        return {"name": name, "resource_type": "model", "schema": schema, "alias": alias}

    manifest = {
        "metadata": {"adapter_type": "duckdb"},
        "nodes": {
            "model.x.fact_customer_reconciliation": node(
                "fact_customer_reconciliation", "fact_customer_reconciliation"
            )
        },
        "disabled": {
            "model.x.rpt_match_suggestions": [node("rpt_match_suggestions", "suggestion_rows")],
            "model.x.raw_data_contracts": [node("raw_data_contracts", "raw_data_contracts")],
            # enabled on this target too: the built one wins
            "model.x.fact_customer_reconciliation": [
                node("fact_customer_reconciliation", "old", "elsewhere")
            ],
            "source.x.key_map.map": [
                {"name": "map", "resource_type": "source", "schema": "unused"}
            ],
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with Warehouse(tmp_path / "manifest.json", duckdb_path=str(database)) as warehouse:
        assert not warehouse.has("rpt_match_suggestions")
        with pytest.raises(
            WarehouseError, match="no model, seed or snapshot rpt_match_suggestions"
        ):
            warehouse.relation("rpt_match_suggestions")

        relation = warehouse.include_disabled("rpt_match_suggestions")
        assert relation == '"recon_marts"."suggestion_rows"'
        assert warehouse.has("rpt_match_suggestions")
        assert warehouse.rows("select count(*) from {{ ref('rpt_match_suggestions') }}") == [(2,)]

        # disabled and never written: named, but not there
        assert (
            warehouse.include_disabled("raw_data_contracts") == '"recon_marts"."raw_data_contracts"'
        )
        assert not warehouse.has("raw_data_contracts")
        assert warehouse.include_disabled("fact_customer_reconciliation") == (
            '"recon_marts"."fact_customer_reconciliation"'
        )
        assert warehouse.include_disabled("map") is None
        assert warehouse.include_disabled("rpt_nothing") is None
        assert not warehouse.has("rpt_nothing")


def test_suggestions_of_a_disabled_model_are_shown(world: DbtProject, tmp_path: Path) -> None:
    """As on PostgreSQL after `recon match suggest --postgres`: the manifest lists the model as
    disabled, the table is there, and the page shows its suggestions."""
    manifest = json.loads((world.root / "target" / "manifest.json").read_text())
    [key] = [
        key for key, node in manifest["nodes"].items() if node["name"] == "rpt_match_suggestions"
    ]
    manifest.setdefault("disabled", {})[key] = [manifest["nodes"].pop(key)]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "report.html"
    result = run_report(
        world, "--as-of", DAY, "--manifest", str(tmp_path / "manifest.json"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    suggested, records = world.query(
        f"""
        select count(*) filter (where is_suggested), count(distinct (source_system, source_id))
        from recon_marts.rpt_match_suggestions where as_of_date = '{DAY}'
        """
    )[0]
    assert suggested, f"the world should have match suggestions on {DAY}"
    assert f"Match suggestions: {plural(suggested, 'suggestion')} for " in page
    assert f"{plural(records, 'unmapped record')}</h2>" in page
    assert 'data-chart="match-probability"' in page
    assert "rpt_match_suggestions is not in this warehouse" not in page


def test_suggestions_of_another_day_are_named(world: DbtProject, tmp_path: Path) -> None:
    """rpt_match_suggestions keeps the day of its last build only: a report of an earlier day
    says which day it holds instead of "no match suggestions"."""
    held = world.query("select distinct as_of_date from recon_marts.rpt_match_suggestions")
    assert [str(day) for (day,) in held] == [DAY]
    out = tmp_path / "report.html"
    result = run_report(world, "--as-of", FIRST_DAY, "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert (
        f"rpt_match_suggestions holds {DAY}, not {FIRST_DAY}: it keeps only the day it was last "
        f"written for. Run recon report --as-of {DAY} to see those"
    ) in page
    assert f"no match suggestions on {FIRST_DAY}" not in page
    assert 'data-chart="match-probability"' not in page


def test_no_build_or_day_not_built_fails_clearly(world: DbtProject, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    missing = tmp_path / "target" / "manifest.json"
    result = run_report(world, "--as-of", DAY, "--manifest", str(missing), "--out", str(out))
    assert result.returncode == 2
    assert f"no dbt manifest at {missing}: run the daily build" in result.stderr

    result = run_report(world, "--as-of", "2026-06-17", "--out", str(out))
    assert result.returncode == 2
    assert "day 2026-06-17 is not built" in result.stderr
    assert f"built days up to it: {FIRST_DAY}, {DAY}" in result.stderr
    assert not out.exists()
