"""The Great Expectations checkpoint on the raw tables, run inside `dbt build`.

Every staging base model depends on this model (macros/quarantine/after_data_contracts.sql),
so when a blocking expectation fails the model raises with the readable summary, nothing downstream
runs, and every mart keeps its previous contents (var `completeness_override_reason` lets one
run with too many bad rows through, like the other guards, never a missing column or an empty
table; the run audit keeps the reason). A refused run appends no rows here: its results are in
the JSON file and the Data Docs. Warnings (single bad rows, which staging
quarantines) are kept and shown without blocking. Each run appends its expectation results to
this table, writes the full GX results as JSON and rebuilds the Data Docs under
var `data_contracts_dir`. The suites, the checks and the reason for GX's pandas datasource
are in the `recon` package (recon.data_contracts, installed into .venv by `make setup`);
the tables and their checks are the landing contract (var `landing_contract`); the results
go under the project directory (where dbt runs, or env RECON_PROJECT_DIR).

DuckDB only: dbt-postgres runs no Python models, so on PostgreSQL the same checkpoint runs
from the command line before the build (`recon contracts --postgres`), and the SQL
guards inside the build (quarantine, landing contract, completeness) act as on DuckDB.
"""

import datetime as dt
import sys
from pathlib import Path

from recon import data_contracts, landing_contract


def model(dbt, session):
    # dbt finds the dbt.ref/source/config calls by reading this code: keep each call literal
    # and on its own (not inside a subscript or an expression), or dbt does not see it.
    dbt.config(materialized="incremental", incremental_strategy="append")
    project_dir = Path(dbt.config.get("project_dir")).resolve()
    output_dir = project_dir / dbt.config.get("data_contracts_dir")
    # the raw tables are those of the landing contract (var landing_contract, as the SQL
    # quarantine reads it), read in the raw schema: no dbt.source per table, so a table
    # declared there is checked without editing this
    contract = landing_contract.parse(dbt.config.get("landing_contract"))
    raw_schema = dbt.config.get("raw_schema")
    database = dbt.this.database
    # each table streamed in batches: memory holds one batch, the counts are the table's
    batch_rows = int(dbt.config.get("batch_rows"))
    frames = {}
    for table in contract:
        try:
            relation = session.sql(f'select * from "{database}"."{raw_schema}"."{table}"')
        except Exception as error:  # duckdb.CatalogException: the table never landed
            why = str(error).rstrip(".")
            raise RuntimeError(
                f"reconciliation not trustworthy: raw table {raw_schema}.{table}, declared in the "
                f"landing contract (source '{contract[table].system}'), cannot be read: {why}. "
                "Land the extract (or fix var raw_schema) and rerun; the previous results are "
                "untouched."
            ) from error
        frames[table] = data_contracts.duckdb_batches(relation, batch_rows)
    rates = dbt.ref("fx_rates").df()
    now = dt.datetime.now(dt.timezone.utc)
    report = data_contracts.validate_raw_tables(
        frames,
        contract=contract,
        now=now,
        known_currencies=set(rates["currency"]),
        quarantine_max_ratio=float(dbt.config.get("quarantine_max_ratio")),
        future_tolerance_hours=float(dbt.config.get("future_tolerance_hours")),
        vocabularies=dbt.config.get("status_vocabulary"),
        text_formats=dbt.config.get("text_formats"),
        docs_dir=output_dir / "docs",
        results_dir=output_dir / "results",
    )
    print(report.summary_text(), file=sys.stderr)
    override = dbt.config.get("override_reason")
    override = str(override or "").strip()
    # The override lets through too many bad rows, never a missing column or an empty table.
    if not report.ok and override and not report.structural_failures:
        print(f"data contracts overridden for this run: {override}", file=sys.stderr)
    elif not report.ok:
        raise RuntimeError(
            "reconciliation not trustworthy: the raw extracts break their data contracts.\n"
            f"{report.summary_text()}\n"
            f"Data Docs: {report.docs_index}. Fix the landing job or the source system and "
            "rerun; the previous results are untouched."
        )
    results = report.to_frame()
    results.insert(0, "checked_at", now.replace(tzinfo=None))
    as_of = dbt.config.get("as_of_date") or now.date().isoformat()
    results.insert(0, "as_of_date", dt.date.fromisoformat(as_of))
    results.insert(0, "run_name", report.run_name)
    return results
