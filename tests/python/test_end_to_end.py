"""End to end: a small hand-written world, and the complete expected exceptions for it.

The world in `worlds/small/` (one CSV per raw table of the landing contract, plus the key map
seed) was written by hand, and `expected_exceptions.csv` was derived from rules.md by hand,
not from this project's output: worlds/small/README.md says, customer by customer, why each
expected row is there and why the near misses are not. The test lands the world, builds the
project for D = 2026-06-15, and compares `fact_reconciliation_exceptions` row by row.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
from conftest import PROJECT_DIR, DbtProject, assert_succeeded

from recon import landing_contract

WORLD = Path(__file__).resolve().parent / "worlds" / "small"
AS_OF = "2026-06-15"

# The landing contract's columns, in order, with the type each raw column is landed as.
RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    table: [(column.name, column.sql_type) for column in declared.columns]
    for table, declared in landing_contract.load(PROJECT_DIR).items()
}

COMPARED = (
    "rule_name",
    "canonical_id",
    "source_system",
    "source_id",
    "severity",
    "owner_team",
    "response_policy",
    "amount_at_risk_usd",
    "in_grace_period",
)
CENT = Decimal("0.01")

Row = tuple[str | None, str | None, str | None, str | None, str, str, str, Decimal, bool]


def land_world(project: DbtProject) -> None:
    """Write the world's CSVs into schema `raw` with the contract's types; copy the map seed.

    Values are inserted as text and cast by DuckDB, so padding and case in keys and status
    words reach the project exactly as written; an empty field is null.
    """
    with duckdb.connect(str(project.db_path)) as con:
        con.execute("create schema if not exists raw")
        for table, columns in RAW_TABLES.items():
            with (WORLD / f"{table}.csv").open(newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                assert header == [name for name, _ in columns], f"{table}.csv header: {header}"
                rows = [[value if value != "" else None for value in row] for row in reader]
            con.execute(
                f"create table raw.{table} ("
                + ", ".join(f"{name} {kind}" for name, kind in columns)
                + ")"
            )
            placeholders = ", ".join(f"cast(? as {kind})" for _, kind in columns)
            con.executemany(f"insert into raw.{table} values ({placeholders})", rows)
    shutil.copy(WORLD / "canonical_entity_map.csv", project.map_seed)


def build(project: DbtProject) -> None:
    assert_succeeded(project.dbt("build", "--threads", "1", as_of=AS_OF))


def expected_rows() -> list[Row]:
    def text(value: str) -> str | None:
        return value if value != "" else None

    with (WORLD / "expected_exceptions.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COMPARED
        return sorted(
            (
                (
                    text(r["rule_name"]),
                    text(r["canonical_id"]),
                    text(r["source_system"]),
                    text(r["source_id"]),
                    r["severity"],
                    r["owner_team"],
                    r["response_policy"],
                    Decimal(r["amount_at_risk_usd"]).quantize(CENT),
                    {"true": True, "false": False}[r["in_grace_period"]],
                )
                for r in reader
            ),
            key=sort_key,
        )


def actual_rows(project: DbtProject) -> list[Row]:
    rows = project.query(
        f"select {', '.join(COMPARED)} from recon_marts.fact_reconciliation_exceptions "
        f"where as_of_date = date '{AS_OF}'"
    )
    return sorted(
        ((*row[:7], Decimal(str(row[7])).quantize(CENT), bool(row[8])) for row in rows),
        key=sort_key,
    )


def sort_key(row: tuple) -> tuple:
    return tuple("" if value is None else str(value) for value in row)


def exception_ids(project: DbtProject) -> list[tuple]:
    return sorted(
        project.query(
            "select rule_name, coalesce(canonical_id, ''), coalesce(source_system, ''), "
            "coalesce(source_id, ''), exception_id "
            "from recon_marts.fact_reconciliation_exceptions "
            f"where as_of_date = date '{AS_OF}'"
        )
    )


def describe(rows: list[Row]) -> str:
    return "\n".join("  " + repr(row) for row in rows) or "  (none)"


def test_small_world_gives_exactly_the_expected_exceptions(project: DbtProject) -> None:
    land_world(project)
    build(project)

    expected = expected_rows()
    actual = actual_rows(project)
    missing = [row for row in expected if row not in actual]
    unexpected = [row for row in actual if row not in expected]
    assert actual == expected, (
        f"fact_reconciliation_exceptions on {AS_OF} differs from worlds/small/"
        "expected_exceptions.csv\n"
        f"missing ({len(missing)}):\n{describe(missing)}\n"
        f"unexpected ({len(unexpected)}):\n{describe(unexpected)}"
    )

    first = exception_ids(project)
    ids = [row[-1] for row in first]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicated, f"exception_id not unique: {duplicated}"
    assert all(ids), "an exception_id is null or empty"

    build(project)
    second = exception_ids(project)
    assert second == first, (
        "exception ids changed on a second build of the same day:\n"
        f"first only: {sorted(set(first) - set(second))}\n"
        f"second only: {sorted(set(second) - set(first))}"
    )
