"""Benchmark the daily build against a hand-written query: time, peak memory, file growth.

For each size it lands the demo world (as of today, UTC) in its own folder under data/bench/,
with its own copy of the project, and measures in child processes under `/usr/bin/time -v`
(wall time and peak resident memory):

- the generator;
- the default daily `dbt build` (unit tests excluded: they do not depend on data) on day 1
  (today - 2) into empty marts, and on day 2 (today - 1);
- the reference: the ten rules written by hand as one DuckDB statement over the same raw
  tables (benchmarks/reference_rules.sql), for day 2, whose exceptions (rule, subject,
  amount, grace) must equal the build's; its time is the query's own (connect to last row),
  its memory the child process's peak;
- the same build after 365 days of history in the marts: day 1's partitions are copied to the
  363 days before it with SQL, the history marts (lifecycle, trend) are recomputed from all
  365 days by a `dbt build --select` of the two (the marts then hold days as real runs would
  have left them; its time is what recomputing the history costs, as after a backfill), and
  today is built (day 366: the daily job, which adds the day to the history marts);
- the same day 366 built again: a rerun replaces its partitions and recomputes the history
  marts from every day (a rerun of the latest day cannot be added to what they hold); the
  file must not grow, because a build's new staging tables reuse the space the previous
  build's freed;
- the DuckDB file's size after each step: the marts' partitions per day (the history's
  growth over its 363 days) and a build's own growth;
- the data contracts: the Great Expectations checkpoint's time in the day-2 build (its node
  in dbt's run_results.json) against the SQL quarantine's (a child process computing the
  verdict of every raw row: the base models, counted), target at most 2x;
- PostgreSQL (`--postgres-size`, default 100,000 customers): in a throw-away cluster, the
  checkpoint from the command line (as on PostgreSQL it runs before the build) and the
  daily build on day 1 and day 2; no target, the numbers go in the README.
- Spark (`--spark-size`, default 100,000 customers): local Spark in the dbt process
  (recon.local_spark, a warehouse of its own under the size's folder), the checkpoint from
  the command line and the daily build on day 1 and day 2, beside DuckDB's of the same size
  when it was measured; no target, the numbers go in the README ("Running on Spark").

From MAP_TABLE_FROM customers on, the key map is landed as a warehouse table (var
`canonical_map_table`) instead of the seed, as the README advises for large maps.

The demo size (1,600 customers) is measured the same way and counts as dbt's fixed cost: the
engine work of a build is its wall time minus the demo build's; its growth from a tenth of
the customers (100,000 to 1,000,000) is judged per customer. Ratios are taken within one
run, because absolute times on shared machines drift. The table is printed and written as
JSON to target/bench/. Not a test: it asserts nothing but the reference's equality, and
prints by how much each target is missed.

The marts and base models are read by the relations dbt's manifest of the size's project copy
names (project/target/manifest.json, written by its builds), never by schema names typed
here; the SQL the benchmark runs is recon/sql/bench/*.sql (the reference's own tables, in
its schema `reference`, are named as benchmarks/reference_rules.sql reads them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from recon import local_postgres, local_spark
from recon.project import find_project_dir
from recon.replay import MANIFEST, copy_project
from recon.warehouse import Warehouse, read_relations, sql_text

PROJECT_DIR = find_project_dir()
REFERENCE = PROJECT_DIR / "benchmarks" / "reference_rules.sql"
BIN_DIR = Path(sys.executable).parent
DEMO_SIZE = 1_600
HISTORY_DAYS = 365
# From this size on the key map is a warehouse table, not a seed (README, "Large key maps").
MAP_TABLE_FROM = 100_000
MAP_TABLE = "master_data.canonical_entity_map"
# The history marts: derived from every day, recomputed after the history is synthesised.
HISTORY_MARTS = ("fact_exception_lifecycle", "rpt_exception_trend")
# How many of a build's slowest nodes (dbt's run_results.json) the JSON report lists.
SLOWEST_NODES = 10
# The daily marts: one partition per as_of_date (see models/marts/_marts.yml).
DAILY_MARTS = (
    "fact_reconciliation_exceptions",
    "fact_customer_reconciliation",
    "rpt_active_customer_bridge",
    "rpt_fix_queue",
    "fact_quarantined_rows",
)
# The targets of issue 10, at 1,000,000 customers.
TARGET_ENGINE_RATIO = 5.0
TARGET_PEAK_GIB = 4.0
TARGET_HISTORY_RATIO = 1.1
TARGET_CONTRACTS_RATIO = 2.0
# Engine time at ten times the customers, over ten times the engine time at a tenth of them:
# 1 is linear growth.
TARGET_GROWTH = 1.0


@dataclass
class Measure:
    """One child process: its wall time in seconds and peak resident memory in MiB.

    For a dbt build, also its slowest nodes and their seconds.
    """

    wall_s: float
    peak_mib: float
    slowest: dict[str, float] = field(default_factory=dict)


@dataclass
class SizeResult:
    """Everything measured at one size."""

    customers: int
    generator: Measure | None = None
    day1: Measure | None = None
    day2: Measure | None = None
    day366: Measure | None = None
    history_recompute: Measure | None = None
    rerun: Measure | None = None
    reference: Measure | None = None
    reference_equal: bool | None = None
    reference_rows: int | None = None
    build_rows: int | None = None
    contracts_s: float | None = None
    quarantine_s: float | None = None
    map_table: bool = False
    file_mib: dict[str, float] = field(default_factory=dict)


@dataclass
class EngineResult:
    """The measures of another engine at one size (PostgreSQL, Spark)."""

    customers: int
    generator: Measure | None = None
    contracts: Measure | None = None
    day1: Measure | None = None
    day2: Measure | None = None


def measured(command: Sequence[str], env: dict[str, str], cwd: Path) -> Measure:
    """Run `command` to completion under /usr/bin/time -v; fail loudly if it fails."""
    timing = cwd / "time.txt"
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v", "-o", str(timing), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(command[:3])} failed (exit {result.returncode}):\n"
            f"{result.stdout[-4000:]}{result.stderr[-2000:]}"
        )
    peak_kib = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing.read_text())
    return Measure(round(wall, 2), round(int(peak_kib.group(1)) / 1024, 1) if peak_kib else 0.0)


class Workspace:
    """A project copy and its DuckDB file for one size, under data/bench/<customers>/."""

    def __init__(self, root: Path, name: str, map_table: bool = False) -> None:
        self.root = root / name
        if self.root.exists():
            shutil.rmtree(self.root)
        self.project = self.root / "project"
        copy_project(self.project)
        self.manifest = self.project / MANIFEST
        self.db_path = self.root / "recon.duckdb"
        self.map_table = map_table
        self.env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(self.project),
            "RECON_DUCKDB_PATH": str(self.db_path),
            "RECON_TARGET": "duckdb",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    def generate(self, customers: int, as_of: dt.date, *extra: str) -> Measure:
        """Land the demo world of `customers` as of `as_of`, with its map seed or table."""
        where = ["--map-table", MAP_TABLE] if self.map_table else []
        return measured(
            [
                str(BIN_DIR / "recon"),
                "demo-data",
                "--customers",
                str(customers),
                "--as-of",
                as_of.isoformat(),
                "--duckdb-path",
                str(self.db_path),
                "--map-seed",
                str(self.project / "seeds" / "canonical_entity_map.csv"),
                *where,
                *extra,
            ],
            self.env,
            self.root,
        )

    def contracts(self, engine: str) -> Measure:
        """Run the checkpoint from the command line on `engine` (--postgres, --spark)."""
        return measured(
            [
                str(BIN_DIR / "recon"),
                "contracts",
                engine,
                "--docs-dir",
                str(self.root / "docs"),
                "--results-dir",
                str(self.root / "results"),
            ],
            self.env,
            self.root,
        )

    def load_reference_tables(self) -> None:
        """Give the reference its `reference.*` tables: the map (seed or table) and fx rates."""
        with duckdb.connect(str(self.db_path)) as con:
            seeds = ["fx_rates"]
            if self.map_table:
                con.execute(sql_text("bench", "reference_map_view").format(map_table=MAP_TABLE))
            else:
                seeds.append("canonical_entity_map")
            for seed in seeds:
                con.execute(
                    sql_text("bench", "reference_seed").format(seed=seed),
                    {"path": str(self.project / "seeds" / f"{seed}.csv")},
                )

    def build(self, label: str, day: dt.date, select: Sequence[str] = ()) -> Measure:
        """Run the default daily build for `day` (or only the `select`ed nodes).

        dbt's run_results.json (each node's time) is kept as run_results_<label>.json, and its
        slowest nodes go to the JSON report.
        """
        build_vars = {"as_of_date": day.isoformat()}
        if self.map_table:
            build_vars["canonical_map_table"] = MAP_TABLE
        measure = measured(
            [
                str(BIN_DIR / "dbt"),
                "build",
                *(["--select", *select] if select else []),
                "--exclude",
                "test_type:unit",
                "--vars",
                json.dumps(build_vars),
            ],
            self.env,
            self.project,
        )
        kept = self.root / f"run_results_{label}.json"
        shutil.copyfile(self.project / "target" / "run_results.json", kept)
        nodes = json.loads(kept.read_text())["results"]
        measure.slowest = {
            node["unique_id"].split(".")[-1]: round(node["execution_time"], 2)
            for node in sorted(nodes, key=lambda node: -node["execution_time"])[:SLOWEST_NODES]
        }
        return measure

    def node_seconds(self, name: str) -> float | None:
        """Return the last build's execution time of model `name` (run_results.json)."""
        results = json.loads((self.project / "target" / "run_results.json").read_text())
        for node in results["results"]:
            if node["unique_id"] == f"model.reconciliation.{name}":
                return round(node["execution_time"], 2)
        return None

    def quarantine_seconds(self) -> float:
        """Time the SQL quarantine alone: every raw row's verdict, in a child process."""
        output = self.root / "quarantine.json"
        measured(
            [
                str(BIN_DIR / "python"),
                "-m",
                "recon.bench",
                "--quarantine-only",
                str(self.manifest),
                str(self.db_path),
                str(output),
            ],
            self.env,
            self.root,
        )
        return json.loads(output.read_text())["query_s"]

    def file_mib(self) -> float:
        """Return the DuckDB file's size in MiB."""
        return round(self.db_path.stat().st_size / 2**20, 1)

    def synthesise_history(self, day: dt.date, first_copy: int, last_copy: int) -> None:
        """Copy `day`'s partition of each daily mart to earlier days.

        The copies go to the days `first_copy` to `last_copy` days before `day`, as real runs
        would have left them.
        """
        copy = sql_text("bench", "copy_partition")
        with duckdb.connect(str(self.db_path)) as con:
            marts = Warehouse(self.manifest, connection=con)
            for mart in DAILY_MARTS:
                marts.rows(
                    copy.format(mart=marts.relation(mart)),
                    {"day": day, "first_copy": first_copy, "last_copy": last_copy},
                )
            con.checkpoint()

    def build_exceptions(self, day: dt.date) -> list[tuple]:
        """Return the build's exceptions of `day`, in order."""
        with Warehouse(self.manifest, duckdb_path=str(self.db_path)) as marts:
            return marts.rows(sql_text("bench", "build_exceptions"), {"day": day})

    def reference(self, day: dt.date, now: dt.datetime) -> tuple[Measure, list[tuple]]:
        """Run the hand-written rules in a child process; its exceptions, in order."""
        output = self.root / "reference.json"
        measure = measured(
            [
                str(BIN_DIR / "python"),
                "-m",
                "recon.bench",
                "--reference-only",
                str(self.db_path),
                day.isoformat(),
                now.isoformat(sep=" "),
                str(output),
            ],
            self.env,
            self.root,
        )
        written = json.loads(output.read_text())
        return Measure(written["query_s"], measure.peak_mib), [
            tuple(row) for row in written["rows"]
        ]


def run_reference(db_path: str, day: str, now: str, output: str) -> None:
    """Run benchmarks/reference_rules.sql for `day`; write its exceptions as JSON text rows.

    The JSON also holds the query's own time (from connecting to the last row fetched),
    without the interpreter's start-up that the child process's wall time includes.
    """
    query = sql_text("bench", "reference_exceptions").format(reference=REFERENCE.read_text())
    started = time.perf_counter()
    with duckdb.connect(db_path, read_only=True) as con:
        rows = con.execute(
            query, {"as_of": dt.date.fromisoformat(day), "now": dt.datetime.fromisoformat(now)}
        ).fetchall()
    elapsed = time.perf_counter() - started
    Path(output).write_text(json.dumps({"query_s": round(elapsed, 3), "rows": as_text(rows)}))


def run_quarantine(manifest: str, db_path: str, output: str) -> None:
    """Count every base model's rows and verdicts (the SQL quarantine); write its time as JSON.

    The base models are those the build's manifest names; views on DuckDB, so this computes
    the verdict of every raw row.
    """
    _, relations = read_relations(Path(manifest))
    bases = [relations[name] for name in sorted(relations) if name.startswith("base_")]
    count = sql_text("bench", "quarantine_verdicts")
    started = time.perf_counter()
    with duckdb.connect(db_path, read_only=True) as con:
        for base in bases:
            con.execute(count.format(base=base))
    elapsed = time.perf_counter() - started
    Path(output).write_text(json.dumps({"query_s": round(elapsed, 3), "bases": len(bases)}))


def bench_days() -> tuple[dt.date, dt.date, dt.date]:
    """Return day 1 (today - 2), day 2 (today - 1) and today (day 366), in UTC."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return today - dt.timedelta(days=2), today - dt.timedelta(days=1), today


def bench_postgres(root: Path, customers: int) -> EngineResult:
    """Measure the checkpoint and the daily build on PostgreSQL at one size."""
    day1, day2, today = bench_days()
    space = Workspace(root, f"postgres_{customers}")
    result = EngineResult(customers)
    with local_postgres.throwaway_cluster() as settings:
        space.env.update(settings, RECON_TARGET="postgres")
        print(f"  PostgreSQL {customers:,} customers: landing ...", flush=True)
        result.generator = space.generate(
            customers, today, "--postgres-dsn", local_postgres.libpq_dsn(settings)
        )
        print(f"  PostgreSQL {customers:,} customers: data contracts, day 1, day 2 ...", flush=True)
        result.contracts = space.contracts("--postgres")
        result.day1 = space.build("day1", day1)
        result.day2 = space.build("day2", day2)
    return result


def bench_spark(root: Path, customers: int) -> EngineResult:
    """Measure the checkpoint and the daily build on local Spark at one size."""
    day1, day2, today = bench_days()
    space = Workspace(root, f"spark_{customers}", map_table=customers >= MAP_TABLE_FROM)
    space.env.update(RECON_TARGET="spark", RECON_SPARK_HOME=str(space.root / "spark"))
    result = EngineResult(customers)
    print(f"  Spark {customers:,} customers: landing ...", flush=True)
    result.generator = space.generate(customers, today, "--spark")
    print(f"  Spark {customers:,} customers: data contracts, day 1, day 2 ...", flush=True)
    result.contracts = space.contracts("--spark")
    result.day1 = space.build("day1", day1)
    result.day2 = space.build("day2", day2)
    return result


def as_text(rows: list[tuple]) -> list[tuple]:
    """Return the rows with every value as text (as the reference's JSON has them)."""
    return [tuple(str(v) if v is not None else None for v in row) for row in rows]


def bench_size(root: Path, customers: int, history: bool) -> SizeResult:
    """Measure one size (see the module docstring)."""
    day1, day2, today = bench_days()
    space = Workspace(root, str(customers), map_table=customers >= MAP_TABLE_FROM)
    result = SizeResult(customers, map_table=space.map_table)
    print(f"  {customers:,} customers: generating ...", flush=True)
    result.generator = space.generate(customers, today)
    result.file_mib["landed"] = space.file_mib()
    space.load_reference_tables()
    print(f"  {customers:,} customers: day 1 ...", flush=True)
    result.day1 = space.build("day1", day1)
    result.file_mib["day1"] = space.file_mib()
    print(f"  {customers:,} customers: day 2 ...", flush=True)
    result.day2 = space.build("day2", day2)
    result.file_mib["day2"] = space.file_mib()
    result.contracts_s = space.node_seconds("raw_data_contracts")
    result.quarantine_s = space.quarantine_seconds()
    if REFERENCE.exists():
        print(f"  {customers:,} customers: reference ...", flush=True)
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        result.reference, expected = space.reference(day2, now)
        built = as_text(space.build_exceptions(day2))
        result.reference_rows, result.build_rows = len(expected), len(built)
        result.reference_equal = expected == built
    if history:
        print(f"  {customers:,} customers: {HISTORY_DAYS} days of history, day 366 ...", flush=True)
        space.synthesise_history(day1, 1, HISTORY_DAYS - 2)
        result.history_recompute = space.build("recompute", day2, HISTORY_MARTS)
        result.file_mib["history"] = space.file_mib()
        result.day366 = space.build("day366", today)
        result.file_mib["day366"] = space.file_mib()
        print(f"  {customers:,} customers: day 366 again ...", flush=True)
        result.rerun = space.build("rerun", today)
        result.file_mib["rerun"] = space.file_mib()
    return result


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """Return numerator / denominator rounded, or None when either is missing."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def report(results: list[SizeResult]) -> dict[str, object]:
    """Print the table and the verdicts against the targets; return them."""
    demo = next((r for r in results if r.customers == DEMO_SIZE), None)
    fixed = demo.day2.wall_s if demo and demo.day2 else 0.0
    rows = []
    for r in results:
        engine = r.day2.wall_s - fixed if r.day2 else None
        rows.append(
            {
                "customers": r.customers,
                "day1_s": r.day1.wall_s if r.day1 else None,
                "day2_s": r.day2.wall_s if r.day2 else None,
                "day366_s": r.day366.wall_s if r.day366 else None,
                "recompute_s": r.history_recompute.wall_s if r.history_recompute else None,
                "rerun_s": r.rerun.wall_s if r.rerun else None,
                "reference_s": r.reference.wall_s if r.reference else None,
                "engine_s": round(engine, 2) if engine is not None else None,
                "engine_ratio": ratio(engine, r.reference.wall_s if r.reference else None),
                "history_ratio": ratio(
                    r.day366.wall_s if r.day366 else None, r.day2.wall_s if r.day2 else None
                ),
                "peak_gib": round(
                    max(
                        m.peak_mib
                        for m in (r.day1, r.day2, r.day366, r.history_recompute, r.rerun)
                        if m
                    )
                    / 1024,
                    2,
                ),
                "partitions_mib_per_day": ratio(
                    r.file_mib.get("history", 0) - r.file_mib.get("day2", 0), HISTORY_DAYS - 2
                )
                if "history" in r.file_mib
                else None,
                "rerun_growth_mib": round(r.file_mib["rerun"] - r.file_mib["day366"], 1)
                if "rerun" in r.file_mib
                else None,
                "contracts_s": r.contracts_s,
                "quarantine_s": r.quarantine_s,
                "contracts_ratio": ratio(r.contracts_s, r.quarantine_s),
                "map": "table" if r.map_table else "seed",
                "reference_equal": r.reference_equal,
            }
        )
    print()
    print(
        f"{'customers':>10} {'day 1 s':>8} {'day 2 s':>8} {'day366 s':>9} {'recomp s':>8} "
        f"{'rerun s':>7} {'ref s':>7} "
        f"{'engine/ref':>10} {'366/2':>6} {'peak GiB':>9} {'MiB/day':>8} {'rerun+':>7} {'GX s':>6} "
        f"{'SQL q s':>7} {'GX/SQL':>6} {'map':>5} {'ref = build':>11}"
    )
    for row in rows:
        print(
            f"{row['customers']:>10,} {fmt(row['day1_s']):>8} {fmt(row['day2_s']):>8} "
            f"{fmt(row['day366_s']):>9} {fmt(row['recompute_s']):>8} {fmt(row['rerun_s']):>7} "
            f"{fmt(row['reference_s']):>7} "
            f"{fmt(row['engine_ratio']):>10} {fmt(row['history_ratio']):>6} "
            f"{fmt(row['peak_gib']):>9} {fmt(row['partitions_mib_per_day']):>8} "
            f"{fmt(row['rerun_growth_mib']):>7} "
            f"{fmt(row['contracts_s']):>6} {fmt(row['quarantine_s']):>7} "
            f"{fmt(row['contracts_ratio']):>6} {row['map']:>5} {str(row['reference_equal']):>11}"
        )
    print(f"\nfixed cost (day 2 at the demo size, {DEMO_SIZE:,} customers): {fixed:.1f} s")
    print(
        "recomp s: the history marts recomputed from 365 days (after a backfill); rerun s: day "
        "366 built again (recomputes them too)\nMiB/day: the marts' partitions per day (the "
        "history's growth); rerun+: how much the file grew when day 366 was built again"
    )
    verdicts = []
    for row in rows:
        if row["customers"] < 1_000_000:
            continue
        tenth = next((r for r in rows if r["customers"] * 10 == row["customers"]), None)
        growth = (
            round(row["engine_s"] / tenth["engine_s"] / 10, 2)
            if tenth and row["engine_s"] and tenth["engine_s"]
            else None
        )
        checks = [
            ("engine ratio", row["engine_ratio"], TARGET_ENGINE_RATIO),
            (
                f"engine time from {row['customers'] // 10:,} customers, per customer",
                growth,
                TARGET_GROWTH,
            ),
            ("peak GiB", row["peak_gib"], TARGET_PEAK_GIB),
            ("day 366 / day 2", row["history_ratio"], TARGET_HISTORY_RATIO),
            ("data contracts / SQL quarantine", row["contracts_ratio"], TARGET_CONTRACTS_RATIO),
        ]
        for name, value, target in checks:
            if value is None:
                verdicts.append(f"{row['customers']:,}: {name} not measured")
            elif value > target:
                verdicts.append(
                    f"{row['customers']:,}: {name} {value} misses the target {target} "
                    f"by {value / target:.2f}x"
                )
            else:
                verdicts.append(f"{row['customers']:,}: {name} {value} meets the target {target}")
    for verdict in verdicts:
        print(verdict)
    return {"rows": rows, "fixed_cost_s": fixed, "verdicts": verdicts}


def fmt(value: object) -> str:
    """Show a table cell."""
    return "-" if value is None else f"{value:,.2f}" if isinstance(value, float) else str(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="recon bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="customers, comma-separated (default 10000,100000,1000000; the demo size "
        f"{DEMO_SIZE:,} is always added as the fixed cost)",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help=f"skip the {HISTORY_DAYS}-day history and the day-366 build",
    )
    parser.add_argument(
        "--postgres-size",
        type=int,
        default=100_000,
        help="customers of the PostgreSQL measure (default 100000; 0 skips it)",
    )
    parser.add_argument(
        "--spark-size",
        type=int,
        default=100_000,
        help="customers of the Spark measure (default 100000; 0 skips it)",
    )
    parser.add_argument(
        "--quarantine-only",
        nargs=3,
        metavar=("MANIFEST", "DUCKDB", "OUTPUT"),
        help="only time the SQL quarantine (the child process the benchmark measures)",
    )
    parser.add_argument(
        "--workdir", type=Path, default=PROJECT_DIR / "data" / "bench", help="default data/bench"
    )
    parser.add_argument(
        "--reference-only",
        nargs=4,
        metavar=("DUCKDB", "DAY", "NOW", "OUTPUT"),
        help="only run the reference (the child process the benchmark measures)",
    )
    args = parser.parse_args(argv)
    if args.reference_only:
        run_reference(*args.reference_only)
        return 0
    if args.quarantine_only:
        run_quarantine(*args.quarantine_only)
        return 0
    if not Path("/usr/bin/time").exists():
        parser.error("/usr/bin/time is needed for peak memory: apt-get install time")
    sizes = sorted({DEMO_SIZE, *(int(size) for size in args.sizes.split(",") if size)})
    print(f"bench: sizes {', '.join(f'{s:,}' for s in sizes)} customers, in {args.workdir}")
    results = [bench_size(args.workdir, size, not args.no_history) for size in sizes]
    summary = report(results)
    postgres = None
    if args.postgres_size and local_postgres.available():
        postgres = bench_postgres(args.workdir, args.postgres_size)
        print(
            f"\nPostgreSQL, {postgres.customers:,} customers: data contracts "
            f"{postgres.contracts.wall_s:.1f} s, build day 1 {postgres.day1.wall_s:.1f} s, "
            f"day 2 {postgres.day2.wall_s:.1f} s (dbt's own peak "
            f"{max(postgres.day1.peak_mib, postgres.day2.peak_mib) / 1024:.2f} GiB; the server's "
            "memory is not counted)"
        )
    elif args.postgres_size:
        print("\nPostgreSQL: initdb and pg_ctl are not installed; not measured")
    summary["postgres"] = asdict(postgres) if postgres else None
    spark = None
    if args.spark_size and local_spark.available():
        spark = bench_spark(args.workdir, args.spark_size)
        duck = next((r for r in results if r.customers == args.spark_size), None)
        beside = (
            f"; DuckDB at this size: day 1 {duck.day1.wall_s:.1f} s, day 2 {duck.day2.wall_s:.1f} s"
            if duck and duck.day1 and duck.day2
            else ""
        )
        print(
            f"\nSpark (local, session mode), {spark.customers:,} customers: data contracts "
            f"{spark.contracts.wall_s:.1f} s, build day 1 {spark.day1.wall_s:.1f} s, "
            f"day 2 {spark.day2.wall_s:.1f} s (dbt's own peak "
            f"{max(spark.day1.peak_mib, spark.day2.peak_mib) / 1024:.2f} GiB; Spark's JVM, "
            "which /usr/bin/time does not see, is capped by RECON_SPARK_DRIVER_MEMORY)"
            f"{beside}"
        )
    elif args.spark_size:
        print("\nSpark: Java or pyspark is missing; not measured")
    summary["spark"] = asdict(spark) if spark else None
    out_dir = PROJECT_DIR / "target" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = out_dir / f"bench_{stamp}.json"
    out.write_text(
        json.dumps({"results": [asdict(r) for r in results], **summary}, indent=2, default=str)
    )
    print(f"\nwritten: {out}")
    unequal = [r.customers for r in results if r.reference_equal is False]
    if unequal:
        print(f"bench: the reference's exceptions differ from the build's at {unequal}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
