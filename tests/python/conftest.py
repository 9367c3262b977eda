"""Shared fixtures: a throw-away copy of the dbt project with its own DuckDB file.

Each test gets the project copied to a temporary folder (so it can edit seeds freely), a
small demo world landed by the real generator, and helpers to run dbt and query the result.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

from recon.replay import copy_project

# pytest-xdist's workers run with a main module that has neither a spec nor a file, which
# pyspark (imported by Great Expectations once it is installed) takes for its own doctest run:
# it then exits the worker ("Skipping doctests: No module named 'grpc'"). Give it a file name.
_MAIN = sys.modules["__main__"]
if getattr(_MAIN, "__spec__", None) is None and not hasattr(_MAIN, "__file__"):
    _MAIN.__file__ = "<pytest-xdist worker>"

PROJECT_DIR = Path(__file__).resolve().parents[2]

BIN_DIR = Path(sys.executable).parent
AS_OF = "2026-06-15"
DB_FILE = "recon.duckdb"
# The vars of every dbt command unless a test says otherwise.
DEFAULT_VARS = {"as_of_date": AS_OF, "data_contracts": False}
# `dbt build` of what follows, up to and including it (`+model`), with only the data tests
# whose parents are all built (so a test that also reads an unbuilt model is left out).
BUILD_UP_TO = (
    "build",
    "--exclude",
    "test_type:unit",
    "--indirect-selection",
    "cautious",
    "--select",
)
# The marts others read, each with the columns that put its rows in one order.
MARTS = {
    "recon_marts.fact_reconciliation_exceptions": "as_of_date, exception_id",
    "recon_marts.fact_customer_reconciliation": "as_of_date, canonical_id",
    "recon_marts.fact_exception_lifecycle": "exception_id",
    "recon_marts.rpt_active_customer_bridge": "as_of_date, bridge, line_number",
    "recon_marts.rpt_exception_trend": "as_of_date, rule_name",
    "recon_marts.rpt_drift_alerts": "as_of_date, rule_name",
    "recon_marts.rpt_fix_queue": "as_of_date, exception_id",
    "recon_marts.fact_quarantined_rows": (
        "as_of_date, source_table, source_key, quarantine_reason, quarantine_detail"
    ),
}


class DbtProject:
    """A copy of the project in `root`, building into its own DuckDB file."""

    def __init__(self, root: Path, parsed: Path | None = None) -> None:
        """Copy the project to `root`; `parsed` is a partial-parse file to start from."""
        self.root = root
        self.db_path = root / DB_FILE
        self.map_seed = root / "seeds" / "canonical_entity_map.csv"
        copy_project(root)
        if parsed is not None:
            (root / "target").mkdir()
            shutil.copy(parsed, root / "target" / "partial_parse.msgpack")
        self.env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(root),
            # Relative to the copy, where dbt runs: the same profile in every copy, so dbt can
            # start from the session's parse (a changed profile means a full parse).
            "RECON_DUCKDB_PATH": DB_FILE,
            "RECON_TARGET": "duckdb",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            # the recon commands read this copy's contract and manifest
            "RECON_PROJECT_DIR": str(root),
        }

    def generate(
        self, customers: int = 60, seed: int = 7, as_of: str = AS_OF, extra: Sequence[str] = ()
    ) -> str:
        """Land a demo world with the real generator and write its map seed into the copy."""
        result = subprocess.run(
            [
                str(BIN_DIR / "recon"),
                "demo-data",
                "--customers",
                str(customers),
                "--seed",
                str(seed),
                "--as-of",
                as_of,
                "--duckdb-path",
                str(self.db_path),
                "--map-seed",
                str(self.map_seed),
                *extra,
            ],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def dbt(
        self, *args: str, as_of: str = AS_OF, extra_vars: dict[str, object] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a dbt command in the copy; stdout and stderr are merged into `.stdout`.

        `extra_vars` keep their types (a number stays a number): they are passed as JSON. The
        Great Expectations checkpoint (about 8 s a build) is off unless a test turns it on
        with `extra_vars={"data_contracts": True}`: test_data_contracts_in_build.py does.
        """
        dbt_vars = {**DEFAULT_VARS, "as_of_date": as_of, **(extra_vars or {})}
        return subprocess.run(
            [str(BIN_DIR / "dbt"), *args, "--vars", json.dumps(dbt_vars)],
            cwd=self.root,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )

    def execute(self, sql: str) -> None:
        """Change the landed raw data (or anything else) with one SQL statement."""
        with duckdb.connect(str(self.db_path)) as con:
            con.execute(sql)

    def query(self, sql: str) -> list[tuple]:
        """Rows of a query against the build's DuckDB file."""
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql).fetchall()

    def marts(self, tables: dict[str, str] = MARTS) -> dict[str, list[tuple]]:
        """Every row of the marts (or of `tables`: name -> order), each in a fixed order."""
        return {
            table: self.query(f"select * from {table} order by {order}")
            for table, order in tables.items()
        }

    def seed_columns(self, seed: str) -> list[str]:
        """The header of seeds/<seed>.csv of this copy."""
        with (self.root / "seeds" / f"{seed}.csv").open(newline="") as handle:
            return next(csv.reader(handle))

    def read_seed(self, seed: str) -> list[dict[str, str]]:
        """The rows of seeds/<seed>.csv of this copy."""
        with (self.root / "seeds" / f"{seed}.csv").open(newline="") as handle:
            return list(csv.DictReader(handle))

    def write_seed(self, seed: str, rows: list[dict[str, str]]) -> None:
        """Replace the rows of seeds/<seed>.csv of this copy, keeping its header."""
        columns = self.seed_columns(seed)
        with (self.root / "seeds" / f"{seed}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(rows)

    def read_map(self) -> list[dict[str, str]]:
        """The map seed of this copy, as rows."""
        return self.read_seed("canonical_entity_map")

    def write_map(self, rows: list[dict[str, str]]) -> None:
        """Replace the map seed of this copy."""
        self.write_seed("canonical_entity_map", rows)


def assert_failed_with(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """The dbt run failed, and its output contains every fragment."""
    assert result.returncode != 0, f"dbt should have failed:\n{result.stdout[-3000:]}"
    for fragment in fragments:
        assert fragment in result.stdout, f"missing {fragment!r} in:\n{result.stdout[-3000:]}"


def assert_succeeded(result: subprocess.CompletedProcess[str]) -> None:
    """The dbt run succeeded."""
    assert result.returncode == 0, result.stdout[-5000:]


@pytest.fixture(scope="session")
def parsed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project parsed once per test process with the default vars.

    Each test's copy starts from this partial-parse file, so its first dbt command skips the
    full parse (about 5 s of a small build); a command with other vars parses again.
    """
    template = DbtProject(tmp_path_factory.mktemp("parsed") / "project")
    assert_succeeded(template.dbt("parse"))
    return template.root / "target" / "partial_parse.msgpack"


@pytest.fixture
def project(tmp_path: Path, parsed_project: Path) -> Iterator[DbtProject]:
    """A fresh copy of the project with nothing landed yet."""
    yield DbtProject(tmp_path / "project", parsed=parsed_project)
