"""Apache Spark on this machine (pyspark, session mode), as the dbt profile's `spark` target.

The profile's `spark` output (profiles.example.yml) and this module read the same
environment variables, so the tables landed here are the ones dbt builds on:
RECON_SPARK_HOME (default data/spark) holds the warehouse (`<home>/warehouse`, parquet) and
its catalog (a Derby metastore in `<home>/metastore_db`); RECON_SPARK_DRIVER_MEMORY (default
4g) is the memory of the one JVM that runs everything in local mode. One process at a time
may open a Derby metastore: dbt and a landing must not run at once on one home.

`land_tables` copies tables from DuckDB into a Spark database through parquet files, each
column keeping its type (a DuckDB TIMESTAMP becomes a Spark TIMESTAMP read as UTC).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DEFAULT_HOME = "data/spark"
DEFAULT_DRIVER_MEMORY = "4g"


MIN_JAVA = 17


def java_version() -> int | None:
    """Return the major version of the Java runtime Spark would start (JAVA_HOME, else PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).is_file():
        return None
    try:
        said = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', said.stderr + said.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def available() -> bool:
    """Return True when pyspark imports and a Java runtime of version 17 or later is there."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return (java_version() or 0) >= MIN_JAVA


def spark_home(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the folder of the warehouse and its metastore (RECON_SPARK_HOME), absolute."""
    return Path(environ.get("RECON_SPARK_HOME", DEFAULT_HOME)).resolve()


def session_settings(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Return the Spark settings of the profile's `spark` target (profiles.example.yml)."""
    home = spark_home(environ)
    return {
        "spark.master": "local[*]",
        "spark.driver.memory": environ.get("RECON_SPARK_DRIVER_MEMORY", DEFAULT_DRIVER_MEMORY),
        "spark.sql.warehouse.dir": str(home / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={home / 'metastore_db'};create=true"
        ),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={home}",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
    }


def session(environ: Mapping[str, str] = os.environ) -> Any:
    """Return a SparkSession on the profile's warehouse and metastore (Hive catalog)."""
    from pyspark.sql import SparkSession

    spark_home(environ).mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.appName("recon").enableHiveSupport()
    for key, value in session_settings(environ).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def land_tables(duck: Any, schema: str, tables: Sequence[str], spark: Any) -> None:
    """Copy DuckDB's `<schema>.<table>` for each of `tables` into Spark's database `schema`."""
    spark.sql(f"create database if not exists {schema}")
    with tempfile.TemporaryDirectory(prefix="recon-spark-land-") as tmp:
        for table in tables:
            path = Path(tmp) / f"{table}.parquet"
            duck.execute(f"copy {schema}.{table} to '{path}' (format parquet)")
            spark.sql(f"drop table if exists {schema}.{table}")
            frame = spark.read.parquet(str(path))
            frame.select(
                *(
                    frame[field.name].cast("timestamp").alias(field.name)
                    if field.dataType.typeName() == "timestamp_ntz"
                    else frame[field.name]
                    for field in frame.schema.fields
                )
            ).write.format("parquet").saveAsTable(f"{schema}.{table}")
