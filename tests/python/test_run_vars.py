"""Run parameters are input too: every var is checked before anything is built, and a bad one
stops the run naming the var, the value and what is allowed.

The vars of a run are checked by on-run-start (macros/run_vars/validate_run_vars.sql), so most cases
run `dbt build` of one seed in this process, from one parsed manifest, with the var under
test: fast, and exactly what a scheduler's run does first. Macros that compute with a var
while the project is parsed check it then too (macros/run_vars/checked_var.sql); two cases go
through a real parse to show that path gives the same message. Each refused run must leave the
warehouse untouched: the seed it would have loaded is not there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
import yaml
from conftest import DEFAULT_VARS, PROJECT_DIR, DbtProject, assert_failed_with

from recon.replay import DailyBuild

TODAY = dt.datetime.now(dt.timezone.utc).date()
PROJECT_VARS = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
VOCABULARY = PROJECT_VARS["status_vocabulary"]
TEXT_FORMATS = PROJECT_VARS["text_formats"]


class InProcessBuild:
    """`dbt build --select fx_rates` of one project copy, in this process, from one parse.

    The parse-once, copy-the-manifest runner is the replay's (`replay.DailyBuild`).
    """

    def __init__(self, project: DbtProject) -> None:
        self.project = project
        # read before dbt runs in this process: dbt-duckdb keeps its connection open
        [(self.first_usage_day,)] = project.query("select min(usage_date) from raw.ops_usage_daily")
        with self.environment():
            self.runner = DailyBuild(project.root)

    @contextlib.contextmanager
    def environment(self) -> Iterator[None]:
        """Set the copy's dbt environment for the duration of a `with` block."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            for name, value in self.project.env.items():
                monkeypatch.setenv(name, value)
            monkeypatch.setenv("RECON_DUCKDB_PATH", str(self.project.db_path))
            yield

    def run(self, run_vars: dict[str, object]) -> tuple[bool, str, list[str]]:
        """Build the fx_rates seed with `run_vars`: whether it succeeded, the error, and the
        nodes dbt ran (none when the run was refused before it started)."""
        with self.environment():
            result = self.runner.invoke(
                "build",
                "--select",
                "fx_rates",
                "--indirect-selection",
                "cautious",
                "--vars",
                json.dumps(run_vars),
            )
        ran = [] if result.result is None else [item.node.name for item in result.result.results]
        return result.success, str(result.exception or ""), ran


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessBuild]:
    project = DbtProject(tmp_path_factory.mktemp("run_vars") / "project")
    project.generate()
    yield InProcessBuild(project)


# vars of the run (on top of the defaults), fragments of the refusal
REFUSED: dict[str, tuple[dict[str, object], tuple[str, ...]]] = {
    "as_of_date two days ahead": (
        {"as_of_date": (TODAY + dt.timedelta(days=2)).isoformat()},
        (
            f"var as_of_date must not be after {TODAY + dt.timedelta(days=1)} (the UTC date "
            f"this run started, {TODAY}, plus 1 day for time zones east of UTC): a day that "
            f"has not happened cannot be reconciled; got '{TODAY + dt.timedelta(days=2)}'",
        ),
    ),
    "as_of_date two years ahead": (
        {"as_of_date": (TODAY + dt.timedelta(days=730)).isoformat()},
        ("var as_of_date must not be after",),
    ),
    "a typo of a known var": (
        {"completness_min_ratio": 0.5},
        (
            "var completness_min_ratio is not a var of this project (did you mean "
            "completeness_min_ratio? the vars are listed in dbt_project.yml)",
        ),
    ),
    "an unknown var": (
        {"nightly_batch_id": "b-17"},
        (
            "var nightly_batch_id is not a var of this project (the vars are listed in "
            "dbt_project.yml)",
        ),
    ),
    "a ratio above 1": (
        {"completeness_min_ratio": 1.5},
        ("var completeness_min_ratio must be a number from 0 to 1; got 1.5",),
    ),
    "a negative ratio": (
        {"quarantine_max_ratio": -0.01},
        ("var quarantine_max_ratio must be a number from 0 to 1; got -0.01",),
    ),
    "a ratio as text": (
        {"quarantine_max_ratio": "5%"},
        ("var quarantine_max_ratio must be a number from 0 to 1; got '5%'",),
    ),
    "a key map table without a schema": (
        {"canonical_map_table": "key_map"},
        (
            "var canonical_map_table must be empty or <schema>.<table> (letters, digits and _); "
            "got 'key_map'",
        ),
    ),
    "data contract batches too small": (
        {"data_contracts_batch_rows": 0},
        ("var data_contracts_batch_rows must be a whole number of at least 1; got 0",),
    ),
    "a negative tolerance": (
        {"revenue_tolerance_abs": -1},
        ("var revenue_tolerance_abs must be a number of at least 0; got -1",),
    ),
    "a percentage above 100": (
        {"seat_tolerance_pct": 150},
        ("var seat_tolerance_pct must be a number from 0 to 100; got 150",),
    ),
    "a window of 0 days": (
        {"usage_window_days": 0},
        ("var usage_window_days must be a whole number from 1 to 366; got 0",),
    ),
    "a window with a fraction": (
        {"usage_window_days": 7.5},
        ("var usage_window_days must be a whole number from 1 to 366; got 7.5",),
    ),
    "a grace period over a week": (
        {"sync_lag_tolerance_hours": 169},
        ("var sync_lag_tolerance_hours must be a number from 0 to 168; got 169",),
    ),
    "a future tolerance as text": (
        {"future_tolerance_hours": "24"},
        ("var future_tolerance_hours must be a number from 0 to 168; got '24'",),
    ),
    "severity thresholds out of order": (
        {"severity_thresholds": {"low": 500, "high": 50, "critical": 50000}},
        ("var severity_thresholds must satisfy low <= high <= critical",),
    ),
    "severity thresholds missing one": (
        {"severity_thresholds": {"low": 500, "high": 5000}},
        ("var severity_thresholds needs a number of at least 0 for 'critical'",),
    ),
    "severity thresholds with an unknown bound": (
        {"severity_thresholds": {"low": 500, "high": 5000, "critical": 50000, "huge": 1}},
        ("var severity_thresholds has no bound 'huge'; it takes low, high, critical",),
    ),
    "a switch as text": (
        {"data_contracts": "no"},
        ("var data_contracts must be true or false; got 'no'",),
    ),
    "a schema name with SQL in it": (
        {"raw_schema": "raw; drop table x"},
        ("var raw_schema must be a schema name (letters, digits and _",),
    ),
    "an empty list of teams": (
        {"owner_teams": []},
        ("var owner_teams must be a non-empty list of words; got []",),
    ),
    "a status word with spaces": (
        {"status_vocabulary": {"crm_accounts.status": ["active", "closed lost"]}},
        ("var status_vocabulary: 'crm_accounts.status' lists closed lost, which is not a",),
    ),
    "words for a column the contract has no vocabulary for": (
        {"status_vocabulary": {**VOCABULARY, "crm_accounts.plan": ["starter"]}},
        (
            "var status_vocabulary lists words for 'crm_accounts.plan', which is not a column "
            "the landing contract marks `vocabulary: true`",
        ),
    ),
    "text formats without a timestamp": (
        {"text_formats": {"white_space": " ", "amount": "^1$", "count": "^1$"}},
        ("var text_formats must map exactly white_space, amount, count, timestamp to patterns",),
    ),
    "a text format with a quote": (
        {"text_formats": {**TEXT_FORMATS, "amount": "^1'$"}},
        ("var text_formats: amount must be a non-empty pattern without a quote",),
    ),
    "an override reason that is not text": (
        {"completeness_override_reason": 42},
        ("var completeness_override_reason must be text; got 42",),
    ),
    "a drift baseline longer than the shortest window": (
        {"drift_min_baseline_days": 8},
        ("var drift_min_baseline_days must be a whole number from 1 to 7; got 8",),
    ),
    "a drift floor of 0": (
        {"drift_min_new_exceptions": 0},
        ("var drift_min_new_exceptions must be a whole number of at least 1; got 0",),
    ),
    "a match threshold above 1": (
        {"match_threshold": 1.5},
        ("var match_threshold must be a number from 0 to 1; got 1.5",),
    ),
    "no match candidate kept": (
        {"match_max_candidates": 0},
        ("var match_max_candidates must be a whole number from 1 to 20; got 0",),
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_a_bad_var_refuses_the_run_before_anything_is_built(
    build: InProcessBuild, case: tuple[dict[str, object], tuple[str, ...]]
) -> None:
    extra, fragments = case
    succeeded, error, ran = build.run({**DEFAULT_VARS, **extra})

    assert not succeeded
    assert error.startswith("Compilation Error in operation reconciliation-on-run-start-1")
    assert "reconciliation refused before building anything: a var is not valid." in error
    for fragment in fragments:
        assert fragment in error
    assert "nothing was built and the previous results are untouched" in error
    assert ran == []


ACCEPTED: dict[str, dict[str, object]] = {
    "the defaults": {},
    "as_of_date tomorrow (east of UTC)": {"as_of_date": (TODAY + dt.timedelta(days=1)).isoformat()},
    "as_of_date empty (today)": {"as_of_date": ""},
    "ratios at their bounds": {"completeness_min_ratio": 1, "quarantine_max_ratio": 0},
    "tolerances of 0": {"revenue_tolerance_abs": 0, "seat_tolerance_abs": 0},
    "a window of 1 day": {"usage_window_days": 1},
    "equal severity thresholds": {"severity_thresholds": {"low": 0, "high": 0, "critical": 0}},
    "an override reason": {"completeness_override_reason": "billing archived 90% on purpose"},
    "the drift sensor at its edges": {
        "drift_baseline_weeks": 1,
        "drift_min_baseline_days": 7,
        "drift_min_new_exceptions": 1,
        "drift_margin_factor": 0,
    },
    "the match suggestions at their edges": {"match_threshold": 1, "match_max_candidates": 20},
}


@pytest.mark.parametrize("extra", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_vars_at_their_edges_are_accepted(build: InProcessBuild, extra: dict[str, object]) -> None:
    succeeded, error, ran = build.run({**DEFAULT_VARS, **extra})

    assert succeeded, error
    assert "fx_rates" in ran


def test_as_of_date_before_the_usage_history_is_refused_and_its_first_day_accepted(
    build: InProcessBuild,
) -> None:
    first_day = build.first_usage_day
    too_early = first_day - dt.timedelta(days=1)

    succeeded, error, ran = build.run({**DEFAULT_VARS, "as_of_date": too_early.isoformat()})

    assert not succeeded
    assert (
        f"var as_of_date '{too_early}' is before the first day of raw.ops_usage_daily "
        f"({first_day}): the product's activity is unknown before it, so every billed "
        f"customer would look unused. Choose a day from {first_day} on"
    ) in error
    assert ran == []
    succeeded, error, ran = build.run({**DEFAULT_VARS, "as_of_date": first_day.isoformat()})
    assert succeeded, error


def test_every_problem_is_listed_at_once(build: InProcessBuild) -> None:
    succeeded, error, _ = build.run(
        {
            **DEFAULT_VARS,
            "usage_window_days": 0,
            "completness_min_ratio": 0.5,
            "seat_tolerance_pct": -1,
        }
    )

    assert not succeeded
    assert "reconciliation refused before building anything: the run's vars are not valid." in error
    assert re.search(
        r"- var completness_min_ratio is not a var.*\n\s+"
        r"- var usage_window_days must be.*\n\s+"
        r"- var seat_tolerance_pct must be",
        error,
    ), error


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (
            {"severity_thresholds": {"low": 500, "high": 50, "critical": 50000}},
            "var severity_thresholds must satisfy low <= high <= critical",
        ),
        (
            {"quarantine_max_ratio": 2},
            "var quarantine_max_ratio must be a number from 0 to 1; got 2",
        ),
    ],
    ids=["severity thresholds", "quarantine ratio"],
)
def test_a_var_that_breaks_the_parse_is_refused_with_the_same_message(
    project: DbtProject, extra: dict[str, object], fragment: str
) -> None:
    result = project.dbt(
        "build", "--select", "fx_rates", "--indirect-selection", "cautious", extra_vars=extra
    )

    assert_failed_with(result, "reconciliation refused before building anything", fragment)
    assert not (
        project.db_path.exists()
        and project.query(
            "select count(*) from information_schema.tables where table_name = 'fx_rates'"
        )[0][0]
    )


def test_every_var_of_the_project_has_a_rule_and_every_rule_a_var() -> None:
    declared = set(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"])
    rules = (PROJECT_DIR / "macros" / "run_vars" / "run_var_rules.sql").read_text()
    ruled = set(re.findall(r"^\s+'(\w+)': \{'kind'", rules, flags=re.MULTILINE))

    assert declared == ruled
