"""The landing contract, read from where it is declared: var `landing_contract`.

The var lives in the project's dbt_project.yml. Each raw table (<system>_<entity>, declared
as a table of source <system>) lists its columns in the order they land, each with its
`type` and checks (documented in models/staging/_staging__docs.md, "The landing contract").
The dbt build derives the quarantine checks, the extract list, the landing-contract test and
the run audit from the same var (macros/landing_contract/); this module gives Python (the
Great Expectations suites, the demo generator) the same declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from recon.project import read_dbt_vars

Family = Literal["text", "number", "date", "boolean"]
TYPE_FAMILY: dict[str, Family] = {
    "text": "text",
    "number": "number",
    "whole_number": "number",
    "date": "date",
    "timestamp": "date",
    "boolean": "boolean",
}
# The SQL type a column of each contract type lands as when it lands typed (a landing may
# also bring numbers, dates and timestamps as text: the project reads both).
SQL_TYPES: dict[str, str] = {
    "text": "varchar",
    "number": "decimal(18, 2)",
    "whole_number": "integer",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}
CHECK_KEYS = frozenset(
    {
        "key",
        "reference",
        "required",
        "vocabulary",
        "currency_of",
        "not_in_future",
        "not_before",
        "mapped_when",
    }
)


@dataclass(frozen=True)
class ContractColumn:
    """One column of a raw table and what the contract says of it."""

    name: str
    type: str
    description: str = ""
    key: bool = False
    reference: bool = False
    required: bool = False
    vocabulary: bool = False
    currency_of: str | None = None
    not_in_future: bool = False
    not_before: Mapping[str, str] | None = None
    mapped_when: str | None = None

    @property
    def family(self) -> Family:
        """Return the family of values the column may land as (text always passes)."""
        return TYPE_FAMILY[self.type]

    @property
    def sql_type(self) -> str:
        """Return the SQL type the column lands as when it lands typed (`SQL_TYPES`)."""
        return SQL_TYPES[self.type]

    @property
    def whole(self) -> bool:
        """Return whether the column holds whole numbers (counts)."""
        return self.type == "whole_number"


@dataclass(frozen=True)
class ContractTable:
    """One raw table: its source system, name and columns in the contract's order."""

    system: str
    table: str
    columns: tuple[ContractColumn, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the column names."""
        return tuple(column.name for column in self.columns)

    @property
    def key_columns(self) -> tuple[str, ...]:
        """Return the columns that name a row (joined by ' on ' when several)."""
        return tuple(column.name for column in self.columns if column.key)


def _column(table: str, name: str, declared: Any) -> ContractColumn:
    """Read one column's contract; raise ValueError naming it when malformed."""
    where = f"var landing_contract, {table}.{name}"
    if not isinstance(declared, Mapping) or declared.get("type") not in TYPE_FAMILY:
        raise ValueError(
            f"{where}: must be a mapping with `type` one of {', '.join(TYPE_FAMILY)}; "
            f"it is {declared!r}"
        )
    unknown = sorted(set(declared) - CHECK_KEYS - {"type", "description"})
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return ContractColumn(name=str(name).lower(), **declared)


def parse(declared: Mapping[str, Any]) -> dict[str, ContractTable]:
    """Return the raw tables of a `landing_contract` var, by name, in its order."""
    tables: dict[str, ContractTable] = {}
    for table, columns in declared.items():
        if "_" not in table or not isinstance(columns, Mapping) or not columns:
            raise ValueError(
                f"var landing_contract: raw table {table!r} must be named <system>_<entity> "
                "and declare its columns"
            )
        parsed = tuple(_column(table, name, column) for name, column in columns.items())
        if not any(column.key for column in parsed):
            raise ValueError(f"var landing_contract, {table}: no column has `key: true`")
        tables[table] = ContractTable(table.split("_", 1)[0], table, parsed)
    return tables


def load(project_dir: Path) -> dict[str, ContractTable]:
    """Return the landing contract of the project in `project_dir` (its dbt_project.yml)."""
    declared = read_dbt_vars(project_dir).get("landing_contract")
    if not declared:
        raise ValueError(
            f"{Path(project_dir) / 'dbt_project.yml'} declares no var landing_contract"
        )
    return parse(declared)
