"""Apache Spark is the third target: the same project builds there with the same results.

dbt-spark in session mode (pyspark in the dbt process, local mode, parquet tables in a Hive
catalog in a temporary folder: recon.local_spark). The same demo world is landed in Spark and
in DuckDB and built on both with every data test and unit test; every mart Spark builds is
then compared with DuckDB's row by row. A second day, earlier than the first, is built on
both (days in any order: the daily facts are partitions by as_of_date on Spark), and the
first day's exceptions are rebuilt with every rule disabled (a rerun replaces the day, also
where it now has no row). Skipped, saying why, where Java 17 or pyspark is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from conftest import AS_OF, PROJECT_DIR, DbtProject, assert_succeeded

from recon import local_spark

needs_spark = pytest.mark.skipif(
    not local_spark.available(),
    reason="the Spark target needs Java 17 (apt-get install openjdk-17-jre-headless) and "
    "pyspark (make setup installs it); README, 'Running on Spark'",
)

DEMO_CUSTOMERS = 1600
EARLIER_DAY = (dt.date.fromisoformat(AS_OF) - dt.timedelta(days=3)).isoformat()

# Reads the marts a Spark build wrote (names and columns on stdin as JSON) and prints their
# rows as JSON: a process of its own, because the catalog (Derby) admits one at a time.
SPARK_ROWS = """
import json, os, sys, time
os.environ["TZ"] = "UTC"; time.tzset()
from recon import local_spark
wanted = json.load(sys.stdin)
spark = local_spark.session()
out = {}
for table, columns in wanted.items():
    out[table] = [list(row) for row in spark.table(table).select(*columns).collect()]
spark.stop()
print(json.dumps(out, default=str))
"""


def normalised(value: Any) -> str | None:
    """A value as both engines give it: text, floats to 9 significant digits."""
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:.9g}"
    if isinstance(value, (dt.datetime, dt.date, Decimal)):
        return str(value)
    return str(value)


def sorted_rows(rows: list[list[Any]] | list[tuple[Any, ...]]) -> list[tuple[str | None, ...]]:
    """The rows normalised and in one order (no mart relies on the order rows come in)."""
    return sorted((tuple(normalised(v) for v in row) for row in rows), key=repr)


def spark_marts(manifest: Path) -> list[str]:
    """`schema.alias` of every model of models/marts the Spark build has enabled."""
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    return sorted(
        f"{node['schema']}.{node.get('alias') or node['name']}"
        for node in nodes
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    )


def compare_marts(spark: DbtProject, duck: DbtProject) -> dict[str, int]:
    """Assert every mart of the Spark build equals DuckDB's; return the rows per mart."""
    marts = spark_marts(spark.root / "target" / "manifest.json")
    columns = {
        table: [
            name
            for (name,) in duck.query(
                "select column_name from information_schema.columns where table_schema = ? "
                "and table_name = ? order by ordinal_position".replace("?", "'{}'").format(
                    *table.split(".")
                )
            )
        ]
        for table in marts
    }
    assert all(columns.values()), f"DuckDB lacks a mart Spark built: {columns}"
    result = subprocess.run(
        [sys.executable, "-c", SPARK_ROWS],
        input=json.dumps(columns),
        env=spark.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    on_spark = json.loads(result.stdout.splitlines()[-1])
    counts = {}
    for table, names in columns.items():
        on_duckdb = duck.query(f"select {', '.join(names)} from {table}")
        assert sorted_rows(on_spark[table]) == sorted_rows(on_duckdb), table
        counts[table] = len(on_duckdb)
    return counts


def test_the_profile_and_recon_open_the_same_spark(tmp_path: Path) -> None:
    """dbt's `spark` target and recon.local_spark (landing, checkpoint) use one warehouse."""
    environ = {"RECON_SPARK_HOME": str(tmp_path / "home"), "RECON_SPARK_DRIVER_MEMORY": "3g"}
    profile = yaml.safe_load((PROJECT_DIR / "profiles.example.yml").read_text(encoding="utf-8"))
    rendered = {
        key: jinja2.Template(str(value)).render(
            env_var=lambda name, default=None: environ.get(name, default)
        )
        for key, value in profile["reconciliation"]["outputs"]["spark"][
            "server_side_parameters"
        ].items()
    }
    assert rendered == local_spark.session_settings(environ)


@needs_spark
def test_spark_builds_the_same_marts_as_duckdb(project: DbtProject, tmp_path: Path) -> None:
    spark = project
    spark.env.update(RECON_TARGET="spark", RECON_SPARK_HOME=str(tmp_path / "spark"))
    duck = DbtProject(tmp_path / "duck")
    # the demo world (1,600 customers: every rule and the fix queue have rows), landed in the
    # DuckDB file of `spark` (which its build does not read) and in Spark
    spark.generate(customers=DEMO_CUSTOMERS, extra=["--spark"])
    duck.generate(customers=DEMO_CUSTOMERS)
    assert spark.map_seed.read_text() == duck.map_seed.read_text()

    built = spark.dbt("build")
    assert_succeeded(built)
    assert "ERROR=0" in built.stdout and "SKIP=0" in built.stdout, built.stdout[-3000:]
    assert_succeeded(duck.dbt("build"))
    counts = compare_marts(spark, duck)
    assert counts["recon_marts.fact_reconciliation_exceptions"] > 50
    assert counts["recon_marts.fact_quarantined_rows"] > 0
    assert counts["recon_marts.rpt_fix_queue"] > 0
    assert "recon_marts.rpt_audit_trail" not in counts  # reads snapshots: off on Spark

    # An earlier day after a later one: both days stay, the history marts recompute.
    for built_on in (spark, duck):
        assert_succeeded(built_on.dbt("run", as_of=EARLIER_DAY))
    compare_marts(spark, duck)
    days = duck.query("select distinct as_of_date from recon_marts.fact_customer_reconciliation")
    assert sorted(str(day) for (day,) in days) == [EARLIER_DAY, AS_OF]

    # The later day again with every rule disabled. A run of the mart alone is refused by
    # the day guard (its upstream holds the earlier day), also on Spark where the day now has
    # no row to join the guard to; built with its upstream, the day has no exception at all
    # and its rows are gone (on Spark its partition is dropped, not kept).
    for built_on in (spark, duck):
        built_on.write_seed(
            "rule_catalog",
            [{**row, "enabled": "false"} for row in built_on.read_seed("rule_catalog")],
        )
        assert_succeeded(built_on.dbt("seed", "--select", "rule_catalog"))
        refused = built_on.dbt("run", "--select", "fact_reconciliation_exceptions")
        assert refused.returncode != 0, refused.stdout[-3000:]
        assert "day guard (int_day_guard): int_" in refused.stdout, refused.stdout[-3000:]
    compare_marts(spark, duck)
    assert (
        duck.query(
            "select count(*) from recon_marts.fact_reconciliation_exceptions "
            f"where as_of_date = '{AS_OF}'"
        )[0][0]
        > 0
    )
    for built_on in (spark, duck):
        assert_succeeded(built_on.dbt("run", "--select", "+fact_reconciliation_exceptions"))
    counts = compare_marts(spark, duck)
    per_day = dict(
        duck.query(
            "select cast(as_of_date as varchar), count(*) "
            "from recon_marts.fact_reconciliation_exceptions group by all"
        )
    )
    assert AS_OF not in per_day and per_day[EARLIER_DAY] > 0, per_day
    assert counts["recon_marts.fact_reconciliation_exceptions"] == per_day[EARLIER_DAY]
