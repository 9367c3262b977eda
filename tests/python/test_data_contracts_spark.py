"""The raw-data checkpoint on Spark: `recon contracts --spark` judges as it does on DuckDB.

Lands one small world both in a DuckDB file and in a Spark warehouse of its own
(`recon demo-data --spark`, RECON_SPARK_HOME in a temporary folder: Derby takes one process
per metastore), checks it on Spark, then corrupts the raw tables the same way in both engines
and compares the two commands' verdicts expectation by expectation. Every Spark step is a
process of its own that starts a JVM (10 to 20 s), so the steps are few and the DuckDB run
overlaps a Spark one. Skipped where Java or pyspark is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, BIN_DIR, DbtProject

from recon import local_spark
from recon.data_contracts import SourceUnavailableError, open_spark, parse_args

NOW = f"{AS_OF}T12:00:00"
# The same corruption in both engines, in SQL both read alike: the key of more than
# quarantine_max_ratio (5 %) of the invoices null (blocking), one period that ends before it
# starts (dates) and one invoice issued in the future (timestamps), warnings each; and
# ops_tenants emptied (blocking: no rows).
CORRUPTED = {
    "invoice_id": (
        "case when invoice_id like '%0' or invoice_id like '%5' then null else invoice_id end"
    ),
    "period_end": (
        "case when invoice_id = 'inv_sub_0000001_202606' then date '2026-05-01' else period_end end"
    ),
    "issued_at": (
        "case when invoice_id = 'inv_sub_0000002_202606' "
        "then timestamp '2999-01-01 00:00:00' else issued_at end"
    ),
}
EMPTIED = "ops_tenants"
# Rewrites raw tables in a Spark session of the test's warehouse, each from a query (a
# parquet table takes no UPDATE: written under another name, then renamed).
SPARK_REWRITE = """
import json, sys
from recon import local_spark
spark = local_spark.session()
for table, query in json.loads(sys.argv[1]).items():
    spark.sql(f"create table raw.rewritten using parquet as {query}")
    spark.sql(f"drop table raw.{table}")
    spark.sql(f"alter table raw.rewritten rename to raw.{table}")
spark.stop()
"""


def needs_spark() -> None:
    """Skip the test where Spark cannot run."""
    if not local_spark.available():
        pytest.skip(
            "Spark tests need Java 17 and pyspark: apt-get install openjdk-17-jre-headless "
            "and .venv/bin/pip install pyspark (README, Running on Spark)"
        )


@pytest.fixture
def world(tmp_path: Path) -> DbtProject:
    """A copy of the project with a small world landed in its DuckDB file and in Spark."""
    needs_spark()
    # not the `project` fixture: nothing here runs dbt, so its parse is not needed
    project = DbtProject(tmp_path / "project")
    project.env = {
        **project.env,
        "RECON_SPARK_HOME": str(tmp_path / "spark"),
        "RECON_SPARK_DRIVER_MEMORY": "1g",
    }
    project.generate(extra=["--spark"])
    return project


def start_contracts(project: DbtProject, name: str, *args: str) -> subprocess.Popen[str]:
    """Start `recon contracts` on the copy, its docs and results under data/<name>."""
    output = project.root / "data" / name
    return subprocess.Popen(
        [
            str(BIN_DIR / "recon"),
            "contracts",
            "--now",
            NOW,
            "--docs-dir",
            str(output / "docs"),
            "--results-dir",
            str(output / "results"),
            *args,
        ],
        cwd=project.root,
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started command; its status, stdout and stderr."""
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def summary(result: subprocess.CompletedProcess[str]) -> str:
    """The command's summary: its output without the Data Docs and results paths."""
    return result.stdout.split("\nData Docs:")[0]


def verdicts(project: DbtProject, name: str) -> dict[str, list[list[dict]]]:
    """Every expectation's verdict of a run, per table and batch, without GX's own ids."""
    [path] = (project.root / "data" / name / "results").glob("*.json")
    document = json.loads(path.read_text())
    return {
        table: [
            [
                {
                    "type": item["expectation_config"]["type"],
                    "meta": item["expectation_config"]["meta"],
                    "severity": item["expectation_config"]["severity"],
                    "success": item["success"],
                    "result": item["result"],
                    "exception": item["exception_info"],
                }
                for item in batch["results"]
            ]
            for batch in batches
        ]
        for table, batches in document["validation_results"].items()
    }


def test_contracts_on_spark_judge_like_duckdb(world: DbtProject):
    [(invoices, nulled, providers)] = world.query(
        "select count(*), count(*) filter (where invoice_id like '%0' or invoice_id like '%5'), "
        "(select count(*) from raw.ops_providers) from raw.billing_invoices"
    )
    assert nulled / invoices > 0.05  # more than quarantine_max_ratio: blocking
    columns = [
        name
        for (name,) in world.query(
            "select column_name from duckdb_columns() where schema_name = 'raw' "
            "and table_name = 'billing_invoices' order by column_index"
        )
    ]

    # the world as landed passes on Spark, read in batches of at most 1,000 rows
    clean = start_contracts(world, "spark_clean", "--spark", "--batch-rows", "1000")
    # meanwhile the corruption in the DuckDB file, checked there
    world.execute(
        "update raw.billing_invoices set "
        + ", ".join(f"{column} = {value}" for column, value in CORRUPTED.items())
    )
    world.execute(f"delete from raw.{EMPTIED}")
    on_duckdb = finish(start_contracts(world, "duckdb", "--duckdb-path", str(world.db_path)))
    clean = finish(clean)
    assert clean.returncode == 0, clean.stdout + clean.stderr[-3000:]
    assert clean.stdout.startswith("data contracts: 0 blocking failures")
    batch_sizes = [
        next(item["result"]["element_count"] for item in batch if "element_count" in item["result"])
        for batch in verdicts(world, "spark_clean")["ops_providers"]
    ]
    assert providers > 2000 and batch_sizes == [1000] * (providers // 1000) + [providers % 1000]

    # the same corruption in Spark
    select = ", ".join(f"{CORRUPTED.get(column, column)} as {column}" for column in columns)
    rewrites = {
        "billing_invoices": f"select {select} from raw.billing_invoices",
        EMPTIED: f"select * from raw.{EMPTIED} where false",
    }
    rewritten = subprocess.run(
        [sys.executable, "-c", SPARK_REWRITE, json.dumps(rewrites)],
        env=world.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rewritten.returncode == 0, rewritten.stderr[-3000:]
    on_spark = finish(start_contracts(world, "spark", "--spark"))

    assert on_spark.returncode == 1, on_spark.stdout + on_spark.stderr[-3000:]
    assert on_spark.stdout.startswith("data contracts: 2 blocking failures"), on_spark.stdout
    for line in [
        f"  BLOCKING billing_invoices.invoice_id: {nulled} of {invoices} rows have no invoice_id",
        f"  BLOCKING {EMPTIED} has no rows",
        f"  warning  billing_invoices.invoice_id: {nulled} of {invoices} rows have no invoice_id",
        f"  warning  billing_invoices.period_end: 1 of {invoices} rows end before they start",
        f"  warning  billing_invoices.issued_at: 1 of {invoices} rows are later than",
    ]:
        assert line in on_spark.stdout, on_spark.stdout
    # the same verdicts as on DuckDB: counts, samples, and the dtypes the type checks saw
    assert on_duckdb.returncode == 1, on_duckdb.stdout + on_duckdb.stderr[-3000:]
    assert summary(on_spark) == summary(on_duckdb)
    assert verdicts(world, "spark") == verdicts(world, "duckdb")


def test_a_table_missing_in_spark_is_named(tmp_path, monkeypatch):
    needs_spark()
    (tmp_path / "metastore_db").mkdir()

    class Catalog:
        def tableExists(self, name: str) -> bool:
            return name != "`raw`.`ops_usage_daily`"

    class Session:
        catalog = Catalog()
        stopped = False

        def stop(self) -> None:
            self.stopped = True

    session = Session()
    monkeypatch.setattr(local_spark, "session", lambda environ: session)
    environ = {"RECON_SPARK_HOME": str(tmp_path)}
    tables = ["crm_accounts", "ops_usage_daily"]
    with (
        pytest.raises(
            SourceUnavailableError,
            match=r"has no table raw\.ops_usage_daily: land the raw extracts",
        ),
        open_spark("raw", tables, environ, 100),
    ):
        pass
    assert session.stopped
    # no warehouse: named, and no session is started
    with (
        pytest.raises(SourceUnavailableError, match="no Spark warehouse in .*RECON_SPARK_HOME"),
        open_spark("raw", tables, {"RECON_SPARK_HOME": str(tmp_path / "none")}, 100),
    ):
        pass
    with pytest.raises(SystemExit):
        parse_args(["--spark", "--postgres"])
