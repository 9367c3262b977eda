"""Great Expectations data contracts for the raw tables of the landing contract.

Checks the raw extracts before the reconciliation reads them, with one Great Expectations
(GX) suite per table (`raw_<table>`), and says in plain sentences what is wrong, where, and
what to do. Every expectation is one of two levels, stored as its GX `severity`:

- **blocking** (`critical`): the table cannot be reconciled. Every column of the landing
  contract is present; each column holds values of an accepted kind (text columns any string
  type; amounts and counts numbers or text, text being parsed row by row downstream; dates
  and timestamps dates or text; flags booleans or text); the table has at least one row; and
  no row-level check below fails on more than `quarantine_max_ratio` (default 5 %) of the
  table's rows.
- **warning** (`warning`): the same row-level checks on every row, so one bad row is
  reported. The dbt build quarantines such rows (`stg_quarantined_rows`) and carries on.

The tables, their columns and the checks each column gets are read from the landing
contract, var `landing_contract` (`recon.landing_contract`), as the dbt quarantine derives
its checks from it (macros/landing_contract/quarantine_checks.sql): the same checks, under
the same reason codes (tests/python/test_quarantine.py compares them row by row), with the
same thresholds and formats (dbt vars `quarantine_max_ratio`, `future_tolerance_hours`,
`status_vocabulary`, `text_formats`): a key that is null or blank; a status word outside its
vocabulary once read like macros/reading/normalize_status.sql reads it; an amount or count
that does not read as a number (var `text_formats`: sign, up to 16 digits, optional
decimals; counts up to 9 digits and only zeros after the point: `not_a_number`) or reads as
a negative one (`negative_amount`); a currency with no rate in the fx_rates seed (where its
amount, `currency_of`, is not null); a date or timestamp landed as text that does not read
as one (var `text_formats`: ISO 8601, then a real calendar day and time; blank text does not
read either); a timestamp later than `now` plus `future_tolerance_hours`; a date before the
one it must not precede (`not_before`: an invoice period that ends before it starts). Each
check is computed into a helper column of a copy of the frame (the caller's frame is never
changed) that holds the offending value as a short text, e.g. `'12,50'`, and is null on good
rows; GX expects that column to be null (`mostly=1.0` for the warning, `1 -
quarantine_max_ratio` for the blocking one). So GX counts bad rows over all of the table's
rows (batch by batch, the counts added up by `merge_batch_rows`), as the dbt ratio does, and
its samples are the raw values a person has to find. A column that is missing or holds
values of the wrong kind gets no row-level checks: its blocking schema failure is the one to
report.

Why the pandas datasource: GX has no supported SQL dialect for DuckDB, and pandas works the
same for DuckDB (the dbt-duckdb Python model streams each source as Arrow batches,
`duckdb_batches`), PostgreSQL (the command line reads with a server-side cursor,
`postgres_batches`) and Spark (the command line streams Arrow batches from the executors,
`spark_batches`, typed as DuckDB types them). GX's own Spark datasource was not taken: the
row checks are computed in pandas before GX sees the frame and `column.value_kinds` has only
a pandas implementation, so it would need every check and metric written twice (pandas and
Spark SQL) and kept alike. A table may come whole or in batches of `batch_rows` rows (dbt var
`data_contracts_batch_rows`, which the model and the command line read): each batch is
validated by its own Checkpoint against the table's suite and `merge_batch_rows` adds the
counts up, so the report and the blocking ratio are the whole table's while memory holds one
batch. Measured with the
command line on two cores at 1,000,000 customers (55 M raw rows, DuckDB, Data Docs and JSON
included): 44 s and 1.7 GB peak RSS in batches of 250,000 rows (39 s and 3.2 GB in batches
of 1,000,000).

GX facts this module relies on (great-expectations 1.24.1):

- The context is ephemeral (in-memory stores) with analytics disabled in its config; this GX
  build ships no analytics client, and nothing here opens a network connection (tested).
  Data Docs pages link their CSS and JavaScript from public CDNs: a browser offline shows
  them unstyled.
- A Checkpoint passes the same batch parameters to each of its Validation Definitions, and a
  dataframe asset takes its frame only from them, so one Checkpoint cannot validate seven
  different frames. Each batch of each table gets its own Checkpoint (one Validation
  Definition), all under one run name.
- GX's built-in type expectation cannot compare pandas 3's `str` dtype (nor tz-aware
  timestamps, nor Decimal values), so the kind of a column's values is checked by the small
  custom expectation `expect_column_type_to_be_in_family` defined here.

Command line (`recon contracts`): reads the raw tables from DuckDB (read-only), PostgreSQL
(RECON_PG_HOST, RECON_PG_PORT, RECON_PG_USER, RECON_PG_PASSWORD, RECON_PG_DBNAME) or the
Spark warehouse of the dbt profile's `spark` target (`--spark`: RECON_SPARK_HOME and
RECON_SPARK_DRIVER_MEMORY, `recon.local_spark`; not while dbt runs on the same home, as its
Derby metastore takes one process at a time), takes the landing contract, thresholds and
vocabularies from dbt_project.yml's vars and the currencies from seeds/fx_rates.csv, writes
Data Docs and the JSON results under data/data_contracts/ (as the dbt model does), prints
the summary and exits 1 when a blocking expectation fails, 2 when the tables cannot be read,
0 otherwise.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
import psycopg2
import pyarrow as pa
from great_expectations.core.expectation_validation_result import (
    ExpectationSuiteValidationResult,
)
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.execution_engine import ExecutionEngine, PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnAggregateExpectation
from great_expectations.expectations.metrics import (
    ColumnAggregateMetricProvider,
    column_aggregate_value,
)

from recon import landing_contract, local_spark
from recon.landing_contract import ContractTable, Family
from recon.project import find_project_dir, read_dbt_vars

if TYPE_CHECKING:
    from pyspark.sql import DataFrame as SparkDataFrame

# What each family accepts, in words and as kinds of values (see `_value_kinds`).
FAMILY_WORDS: dict[str, str] = {
    "text": "text",
    "number": "numbers or text",
    "date": "dates or timestamps, or text",
    "boolean": "booleans or text",
}
FAMILY_KINDS: dict[str, frozenset[str]] = {
    "text": frozenset({"text"}),
    "number": frozenset({"number", "text"}),
    "date": frozenset({"date", "text"}),
    "boolean": frozenset({"boolean", "text"}),
}


@dataclass(frozen=True)
class TextFormats:
    """How a value landed as text must look to be read: dbt var `text_formats`.

    The SQL reads the same var (macros/reading/parse_number.sql, parse_timestamp.sql,
    trim_text.sql, normalize_status.sql). `white_space` holds the characters themselves (the
    var spells them as regular-expression escapes); the patterns are anchored.
    """

    white_space: str
    amount: str
    count: str
    timestamp: str

    @classmethod
    def from_var(cls, declared: Mapping[str, str]) -> TextFormats:
        """Read var `text_formats`; raise ValueError naming what is missing."""
        missing = sorted({"white_space", "amount", "count", "timestamp"} - set(declared))
        if missing:
            raise ValueError(f"var text_formats has no {', '.join(missing)}")
        return cls(
            white_space=codecs.decode(str(declared["white_space"]), "unicode_escape"),
            amount=str(declared["amount"]),
            count=str(declared["count"]),
            timestamp=str(declared["timestamp"]),
        )


LEVEL_OF_SEVERITY = {"critical": "blocking", "warning": "warning"}
SITE_NAME = "raw_data_contracts"
SAMPLE_SIZE = 5
# How many unexpected values GX keeps per expectation (results JSON and Data Docs).
PARTIAL_UNEXPECTED_COUNT = 20
FRAME_DTYPES = {
    "source_table": "string",
    "check": "string",
    "expectation": "string",
    "column": "string",
    "level": "string",
    "success": "boolean",
    "element_count": "Int64",
    "unexpected_count": "Int64",
    "unexpected_percent": "Float64",
    "sample": "string",
    "summary": "string",
}


def _kind_of_type(value_type: type) -> str:
    """Return the kind of values of a Python type: text, number, date, boolean or other."""
    if issubclass(value_type, (bool, np.bool_)):
        return "boolean"
    if issubclass(value_type, str):
        return "text"
    if issubclass(value_type, (int, float, Decimal, np.number)):
        return "number"
    if issubclass(value_type, (dt.date, np.datetime64)):
        return "date"
    return f"other ({value_type.__name__})"


def _value_kinds(column: pd.Series) -> list[str]:
    """Return the kinds of the non-null values of `column`, judged from its dtype when typed."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ["boolean"]
    if pd.api.types.is_numeric_dtype(dtype):
        return ["number"]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ["date"]
    if not pd.api.types.is_object_dtype(dtype) and pd.api.types.is_string_dtype(dtype):
        return ["text"]
    values = column.dropna()
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    simple = {
        "empty": [],
        "string": ["text"],
        "boolean": ["boolean"],
        "integer": ["number"],
        "floating": ["number"],
        "mixed-integer-float": ["number"],
        "decimal": ["number"],
        "date": ["date"],
        "datetime": ["date"],
        "datetime64": ["date"],
    }
    if inferred in simple:
        return simple[inferred]
    return sorted({_kind_of_type(value_type) for value_type in set(map(type, values))})


class ColumnValueKinds(ColumnAggregateMetricProvider):
    """Metric `column.value_kinds`: the column's dtype and the kinds of its non-null values."""

    metric_name = "column.value_kinds"

    @column_aggregate_value(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> dict[str, Any]:
        """Describe the dtype and the kinds of values of a pandas column."""
        return {"dtype": str(column.dtype), "kinds": _value_kinds(column)}


class ExpectColumnTypeToBeInFamily(ColumnAggregateExpectation):
    """Expect a column's values to be of the kinds a family accepts (see FAMILY_KINDS).

    `family` is `text` (strings of any dtype), `number` (numbers or text), `date` (dates or
    timestamps, with or without time zone, or text) or `boolean` (booleans or text). A column
    with no values passes. The observed value is the dtype and the kinds found, e.g.
    `object (number, text)`.
    """

    family: Family
    metric_dependencies: ClassVar[tuple[str, ...]] = ("column.value_kinds",)
    success_keys: ClassVar[tuple[str, ...]] = ("family",)

    def _validate(
        self,
        metrics: dict,
        runtime_configuration: dict | None = None,
        execution_engine: ExecutionEngine | None = None,
    ) -> dict[str, Any]:
        """Succeed when every kind of value found is one the family accepts."""
        observed = metrics["column.value_kinds"]
        kinds = observed["kinds"]
        shown = ", ".join(kinds) or "no values"
        return {
            "success": set(kinds) <= FAMILY_KINDS[self.family],
            "result": {"observed_value": f"{observed['dtype']} ({shown})", "details": observed},
        }


def _display(value: object) -> str:
    """Show one raw value the way the dbt quarantine does: text in quotes, or the word null."""
    if value is None or value is pd.NaT or value is pd.NA:
        return "null"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "null"
        return f"{value:.2f}" if round(value, 2) == value else repr(float(value))
    if isinstance(value, pd.Timestamp) and value.tzinfo is None and value == value.normalize():
        return value.date().isoformat()
    return str(value)


def _violations(raw: pd.Series, bad: pd.Series) -> pd.Series:
    """Return a check's helper column: the raw value shown as text where `bad`, else null."""
    mask = bad.to_numpy(dtype=bool)
    return _helper_column(raw.index, mask, raw[mask].map(_display))


def _helper_column(index: pd.Index, mask: np.ndarray, shown: Iterable[str]) -> pd.Series:
    """Return an object column that holds `shown`, in order, on the rows of `mask`, else null."""
    values = np.full(len(index), None, dtype=object)
    values[mask] = list(shown)
    return pd.Series(values, index=index, dtype=object)


def _as_text(raw: pd.Series, formats: TextFormats) -> pd.Series:
    """Return the values as trimmed text (Arrow-backed strings, vectorised; NA for null)."""
    return raw.astype("string[pyarrow]").str.strip(formats.white_space)


def _is_text(raw: pd.Series) -> pd.Series:
    """Flag the values that are strings (a text landing), not typed dates or timestamps."""
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return pd.Series(False, index=raw.index)
    return raw.map(lambda value: isinstance(value, str)).astype(bool)


def read_timestamps(raw: pd.Series, formats: TextFormats) -> pd.Series:
    """Return dates and timestamps in UTC, NaT where a text value does not read.

    Reads like macros/reading/parse_timestamp.sql: typed values as they are (naive ones are
    UTC); text, trimmed, must match `formats.timestamp` and then be a real calendar time.
    """
    is_text = _is_text(raw)
    typed = pd.to_datetime(raw.where(~is_text), utc=True, errors="coerce", format="ISO8601")
    if not is_text.any():
        return typed
    text = _as_text(raw.where(is_text), formats)
    shaped = text.str.match(formats.timestamp).fillna(False).astype(bool)
    read = pd.to_datetime(text.where(shaped), utc=True, errors="coerce", format="ISO8601")
    return typed.where(~is_text, read)


def read_dates(raw: pd.Series, stamps: pd.Series, formats: TextFormats) -> pd.Series:
    """Return the day of each date (UTC midnight), NaT where a text value does not read.

    Reads like macros/reading/parse_date.sql: a text value must read as a timestamp (`stamps`, the
    column's `read_timestamps`), and its day is the one written (its first ten characters),
    whatever the offset.
    """
    is_text = _is_text(raw)
    days = stamps.dt.floor("D")
    if not is_text.any():
        return days
    written = pd.to_datetime(
        _as_text(raw.where(is_text & stamps.notna()), formats).str.slice(0, 10),
        utc=True,
        errors="coerce",
        format="%Y-%m-%d",
    )
    return days.where(~is_text, written)


def normalise_status(raw: pd.Series, formats: TextFormats) -> pd.Series:
    """Read status words like macros/reading/normalize_status.sql (' Closed-Lost': closed_lost)."""
    return (
        _as_text(raw, formats)
        .str.replace(f"[{re.escape(formats.white_space)}-]+", "_", regex=True)
        .str.lower()
        .str.replace("cancelled", "canceled", regex=False)
    )


def _negative(values: pd.Series, *, integer: bool) -> pd.Series:
    """Flag numbers below zero once read like numeric(18, 2).

    An amount is rounded to cents, half away from zero as the databases round, so -0.005 is
    -0.01 and -0.004 is 0.00.
    """
    return values < 0 if integer else values <= -0.005


def read_numbers(
    raw: pd.Series, *, integer: bool, formats: TextFormats
) -> tuple[pd.Series, pd.Series]:
    """Return which values read as a number, and what they read as (float; NaN elsewhere).

    Reads like macros/reading/parse_number.sql: numeric values as they are (a count must be
    whole and under a billion, an amount under 10^16), text trimmed against `formats.count` or
    `formats.amount`, so '12,50', '1e3' and 'abc' do not read. Null does not read either.
    """
    if pd.api.types.is_numeric_dtype(raw.dtype):
        values = raw.astype("float64")
        limit = 1e9 if integer else 1e16
        readable = np.isfinite(values) & (values.abs() < limit)
        if integer:
            readable &= values == np.floor(values)
        return raw.notna() & readable, values.where(readable)
    text = _as_text(raw, formats)
    readable = text.str.match(formats.count if integer else formats.amount).fillna(False)
    readable = readable.astype(bool)
    return readable, pd.to_numeric(text.where(readable), errors="coerce").astype("float64")


def not_a_number(raw: pd.Series, *, integer: bool, formats: TextFormats) -> pd.Series:
    """Flag values that are present but do not read as a number (`read_numbers`).

    The reason `not_a_number` of macros/quarantine/quarantine_if_not_a_number.sql.
    """
    readable, _ = read_numbers(raw, integer=integer, formats=formats)
    return raw.notna() & ~readable


def negative_amount(raw: pd.Series, *, integer: bool, formats: TextFormats) -> pd.Series:
    """Flag values that read as a number below zero.

    The reason `negative_amount` of macros/quarantine/quarantine_if_not_a_number.sql. Amounts
    are rounded to cents before the sign is judged, as the cast to numeric(18, 2) does:
    '-0.004' is 0.00.
    """
    readable, values = read_numbers(raw, integer=integer, formats=formats)
    return readable & _negative(values, integer=integer).fillna(False).astype(bool)


def not_a_date(raw: pd.Series, stamps: pd.Series) -> pd.Series:
    """Flag values that do not read as a date or timestamp (`stamps`: `read_timestamps`).

    Typed dates and timestamps always read, so only text can be flagged; blank text does not
    read; null is not flagged.
    """
    return raw.notna() & stamps.isna()


@dataclass(frozen=True)
class RowCheck:
    """One row-level check of one raw column, as computed on a frame.

    `check` is the reason code the dbt quarantine uses, `rule` says what a good row looks like
    (Data Docs), `problem` what the bad rows are (report), and `violations` is the helper
    column: the offending value shown as text on bad rows, null on good ones.
    """

    check: str
    column: str
    rule: str
    problem: str
    violations: pd.Series

    @property
    def helper_column(self) -> str:
        """Return the name of the helper column GX validates."""
        return f"{self.column} ({self.check})"


@dataclass(frozen=True)
class ContractParameters:
    """The thresholds and reference data of one validation run."""

    now: dt.datetime
    known_currencies: frozenset[str]
    quarantine_max_ratio: float
    future_tolerance_hours: float
    vocabularies: Mapping[str, tuple[str, ...]]
    contract: Mapping[str, ContractTable]
    formats: TextFormats

    @property
    def now_utc(self) -> pd.Timestamp:
        """Return `now` in UTC (a naive `now` is UTC)."""
        now = pd.Timestamp(self.now)
        return now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")

    @property
    def latest_plausible(self) -> pd.Timestamp:
        """Return the latest timestamp accepted: now plus the tolerance, in UTC."""
        return self.now_utc + pd.Timedelta(hours=self.future_tolerance_hours)


def usable_columns(contract: ContractTable, frame: pd.DataFrame) -> set[str]:
    """Return the contract columns of `frame` that hold values of their family's kinds."""
    return {
        column.name
        for column in contract.columns
        if column.name in frame.columns
        and set(_value_kinds(frame[column.name])) <= FAMILY_KINDS[column.family]
    }


def row_checks(
    table: str,
    frame: pd.DataFrame,
    params: ContractParameters,
    usable: set[str] | None = None,
) -> list[RowCheck]:
    """Compute the row-level checks of `table` on the columns they can read.

    A check whose column is missing or holds values of the wrong kind is left out: the
    blocking schema failure is the one to report, and the values could not be read anyway.
    `usable` (default: `usable_columns` of the frame) lists the columns the checks may read.
    The checks and their order are the dbt quarantine's (macros/landing_contract/
    quarantine_checks.sql), from the same landing contract (`params.contract`).
    """
    contract = params.contract[table]
    usable = usable_columns(contract, frame) if usable is None else usable
    checks: list[RowCheck] = []
    declared = contract.columns

    for column in [c.name for c in declared if c.key or c.reference]:
        if column in usable:
            raw = frame[column]
            bad = raw.isna()
            if not pd.api.types.is_datetime64_any_dtype(raw.dtype):
                bad |= _as_text(raw, params.formats).fillna("").eq("")
            checks.append(
                RowCheck(
                    "missing_key",
                    column,
                    "is not null or blank",
                    f"have no {column} (null or blank)",
                    _violations(raw, bad),
                )
            )

    for column in [c.name for c in declared if c.vocabulary]:
        words = params.vocabularies.get(f"{table}.{column}")
        if column in usable and words is not None:
            raw = frame[column]
            bad = ~normalise_status(raw, params.formats).isin(words).astype(bool)
            checks.append(
                RowCheck(
                    "unknown_status",
                    column,
                    f"reads as one of {', '.join(words)} (trimmed, lower case, spaces and "
                    "hyphens as _, cancelled as canceled)",
                    f"are not one of {', '.join(words)}",
                    _violations(raw, bad),
                )
            )

    for column in [c.name for c in declared if c.required]:
        if column in usable:
            raw = frame[column]
            checks.append(
                RowCheck(
                    "missing_value",
                    column,
                    "is not null",
                    f"have no {column} (null), which the landing contract requires",
                    _violations(raw, raw.isna()),
                )
            )

    # every date and timestamp read once, for the not_a_date, future and period checks
    stamps = {
        column: read_timestamps(frame[column], params.formats)
        for column in [c.name for c in declared if c.family == "date"]
        if column in usable
    }
    for column, read in stamps.items():
        raw = frame[column]
        checks.append(
            RowCheck(
                "not_a_date",
                column,
                "is null or reads as a date or timestamp (YYYY-MM-DD, optionally a time and "
                "an offset)",
                "do not read as a date or timestamp (YYYY-MM-DD, optionally a time and an offset)",
                _violations(raw, not_a_date(raw, read)),
            )
        )

    for column, integer in [(c.name, c.whole) for c in declared if c.family == "number"]:
        if column in usable:
            raw = frame[column]
            kind = "a whole number" if integer else "a number"
            pattern = "(digits, optional sign and decimal point)"
            checks.append(
                RowCheck(
                    "not_a_number",
                    column,
                    f"is null or {kind} {pattern}",
                    f"are not {kind} {pattern}",
                    _violations(raw, not_a_number(raw, integer=integer, formats=params.formats)),
                )
            )
            checks.append(
                RowCheck(
                    "negative_amount",
                    column,
                    "is not negative",
                    "are negative",
                    _violations(raw, negative_amount(raw, integer=integer, formats=params.formats)),
                )
            )

    for column, money_column in [(c.name, c.currency_of) for c in declared if c.currency_of]:
        if column in usable and money_column in usable:
            raw = frame[column]
            known = sorted(params.known_currencies)
            bad = ~_as_text(raw, params.formats).str.upper().isin(known).astype(bool)
            bad &= frame[money_column].notna()
            when = f" where {money_column} is not null"
            checks.append(
                RowCheck(
                    "unknown_currency",
                    column,
                    f"is one of {', '.join(known)} (seeds/fx_rates.csv){when}",
                    f"have a currency without a rate in seeds/fx_rates.csv{when}",
                    _violations(raw, bad),
                )
            )

    latest = params.latest_plausible
    latest_text = f"{latest:%Y-%m-%d %H:%M} UTC (now + {params.future_tolerance_hours:g} h)"
    for column in [c.name for c in declared if c.not_in_future]:
        if column in usable:
            raw = frame[column]
            checks.append(
                RowCheck(
                    "timestamp_in_future",
                    column,
                    f"is not later than {latest_text}",
                    f"are later than {latest_text}",
                    _violations(raw, (stamps[column] > latest).fillna(False).astype(bool)),
                )
            )

    for column in [c for c in declared if c.not_before]:
        later, earlier = column.name, column.not_before["column"]
        if {later, earlier} <= usable:
            start, end = frame[earlier], frame[later]
            ends = read_dates(end, stamps[later], params.formats)
            starts = read_dates(start, stamps[earlier], params.formats)
            mask = (ends < starts).fillna(False).to_numpy(dtype=bool)
            shown = [
                f"{_display(first)} to {_display(last)}"
                for first, last in zip(start[mask], end[mask], strict=True)
            ]
            checks.append(
                RowCheck(
                    column.not_before["reason"],
                    later,
                    f"is on or after {earlier}",
                    f"end before they start ({later} before {earlier})",
                    _helper_column(frame.index, mask, shown),
                )
            )
    return checks


def build_suite(
    table: str, frame: pd.DataFrame, checks: Sequence[RowCheck], params: ContractParameters
) -> gx.ExpectationSuite:
    """Build the suite `raw_<table>`: blocking schema checks, then each row check twice.

    A column the frame lacks gets only its existence check: the missing column is the
    blocking failure to report.
    """
    expectations: list[gxe.Expectation] = []
    for column, family in [(c.name, c.family) for c in params.contract[table].columns]:
        expectations.append(
            gxe.ExpectColumnToExist(
                column=column,
                severity="critical",
                description=f"blocking: {column} is present (landing contract)",
                meta={"check": "column_exists", "column": column},
            )
        )
        if column in frame.columns:
            expectations.append(
                ExpectColumnTypeToBeInFamily(
                    column=column,
                    family=family,
                    severity="critical",
                    description=f"blocking: {column} holds {FAMILY_WORDS[family]}",
                    meta={"check": "column_type", "column": column, "family": family},
                )
            )
    expectations.append(
        gxe.ExpectTableRowCountToBeBetween(
            min_value=1,
            severity="critical",
            description="blocking: the table has at least one row",
            meta={"check": "row_count", "column": None},
        )
    )
    blocking_mostly = 1 - params.quarantine_max_ratio
    for check in checks:
        meta = {"check": check.check, "column": check.column, "problem": check.problem}
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=check.helper_column,
                severity="warning",
                description=f"warning: {check.column} {check.rule}, in every row",
                meta=meta,
            )
        )
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=check.helper_column,
                mostly=blocking_mostly,
                severity="critical",
                description=(
                    f"blocking: {check.column} {check.rule}, in at least "
                    f"{blocking_mostly * 100:g}% of rows (quarantine_max_ratio)"
                ),
                meta={**meta, "quarantine_max_ratio": params.quarantine_max_ratio},
            )
        )
    # Given all at once: ExpectationSuite.add_expectation compares each new one with all.
    return gx.ExpectationSuite(name=f"raw_{table}", expectations=expectations)


def _percent(share: float) -> str:
    """Show a share in percent, readable at both ends: '<0.1%', '0.1%', '12.5%'."""
    return "<0.1%" if 0 < share < 0.1 else f"{share:.1f}%"


def _where(row: Mapping[str, Any]) -> str:
    """Return where a report row is about: 'table.column', or 'table' for table checks."""
    return f"{row['source_table']}.{row['column']}" if row["column"] else row["source_table"]


def _summary(row: dict[str, Any], meta: Mapping[str, Any], observed: Any, columns: str) -> str:
    """Return the readable sentence of one report row: what, where, how many, what to do.

    `observed` is the expectation's observed value (the type check's), `columns` the columns
    the table has (named when one is missing).
    """
    where = _where(row)
    passed = row["success"]
    if row["check"] == "column_exists":
        if passed:
            return f"{where} is present."
        return (
            f"{where} is missing: the landing contract requires it (columns present: "
            f"{columns}); fix the extract or the landing job (a renamed column?)."
        )
    if row["check"] == "column_type":
        words = FAMILY_WORDS[meta["family"]]
        if passed:
            return f"{where} holds {observed}, accepted as {words}."
        return f"{where} holds {observed}, not {words}; fix the column's type in the extract."
    if row["check"] == "row_count":
        if passed:
            return f"{where} has {row['element_count']:,} rows."
        return f"{where} has no rows; check the landing job and rerun."
    sentence = (
        f"{where}: {row['unexpected_count']:,} of {row['element_count']:,} rows "
        f"{meta['problem']} ({_percent(row['unexpected_percent'] or 0.0)}"
    )
    if passed:
        return sentence + ")."
    if row["level"] == "blocking":
        ratio = meta["quarantine_max_ratio"] * 100
        return sentence + (
            f", more than the {ratio:g}% quarantine_max_ratio), e.g. {row['sample']}; the dbt "
            "build would refuse the day: fix the rows at the source, or let one run through "
            "with completeness_override_reason."
        )
    return sentence + (
        f"), e.g. {row['sample']}; the dbt build quarantines these rows "
        "(stg_quarantined_rows): fix them at the source."
    )


@dataclass
class ContractReport:
    """What the data contracts found: one row per expectation result, in suite order.

    Each row is a plain dict: source_table, check (the check's code, e.g. missing_key),
    expectation (GX type), column (null for table checks), level ('blocking' or 'warning'),
    success, element_count (the table's rows), unexpected_count and unexpected_percent (row
    checks only; percent of the table's rows), sample (up to 5 offending values) and summary
    (one sentence).
    """

    rows: list[dict[str, Any]]
    tables: int
    run_name: str
    docs_index: Path | None = None
    results_file: Path | None = None

    @property
    def blocking_failures(self) -> list[dict[str, Any]]:
        """The failed blocking expectations."""
        return [row for row in self.rows if row["level"] == "blocking" and not row["success"]]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        """The failed warning expectations."""
        return [row for row in self.rows if row["level"] == "warning" and not row["success"]]

    @property
    def structural_failures(self) -> list[dict[str, Any]]:
        """The failed table-level checks: a column missing or of the wrong kind, no rows."""
        return [
            row
            for row in self.blocking_failures
            if row["check"] in ("column_exists", "column_type", "row_count")
        ]

    @property
    def ok(self) -> bool:
        """True when no blocking expectation failed (warnings are allowed)."""
        return not self.blocking_failures

    def summary_text(self) -> str:
        """Return a few lines: the counts, then one line per blocking failure and per warning."""
        blocking, warnings = self.blocking_failures, self.warnings
        lines = [
            f"data contracts: {_plural(len(blocking), 'blocking failure')}, "
            f"{_plural(len(warnings), 'warning')} on {_plural(self.tables, 'table')}"
        ]
        lines += [f"  BLOCKING {row['summary']}" for row in blocking]
        lines += [f"  warning  {row['summary']}" for row in warnings]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Return the rows as a DataFrame with fixed columns and nullable dtypes (for a table)."""
        frame = pd.DataFrame(self.rows, columns=list(FRAME_DTYPES))
        return frame.astype(FRAME_DTYPES)


def _plural(count: int, noun: str) -> str:
    """Return '1 warning' or '2 warnings'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _context(docs_dir: Path | None) -> AbstractDataContext:
    """Create an ephemeral GX context: in-memory stores, no analytics, no progress bars.

    With `docs_dir`, one Data Docs site writes static HTML there.
    """
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        ),
    )
    if docs_dir is not None:
        context.add_data_docs_site(
            SITE_NAME,
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(docs_dir).resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def contract_parameters(
    now: dt.datetime,
    known_currencies: Iterable[str],
    quarantine_max_ratio: float,
    future_tolerance_hours: float,
    vocabularies: Mapping[str, Iterable[str]],
    contract: Mapping[str, ContractTable],
    text_formats: Mapping[str, str],
) -> ContractParameters:
    """Check and gather the run's parameters; raise ValueError naming a bad one.

    `contract` is the landing contract (`recon.landing_contract.load`); `vocabularies` the
    words of each of its `vocabulary` columns, by '<table>.<column>' (dbt var
    status_vocabulary).
    """
    if not 0 <= quarantine_max_ratio <= 1:
        raise ValueError(f"quarantine_max_ratio must be from 0 to 1, got {quarantine_max_ratio}")
    if future_tolerance_hours < 0:
        raise ValueError(f"future_tolerance_hours must be 0 or more, got {future_tolerance_hours}")
    declared = {
        f"{table.table}.{column.name}"
        for table in contract.values()
        for column in table.columns
        if column.vocabulary
    }
    for key in vocabularies:
        if key not in declared:
            raise ValueError(
                f"vocabularies: '{key}' is not a <raw table>.<column> the landing contract "
                "marks `vocabulary: true`"
            )
    for key in sorted(declared - set(vocabularies)):
        raise ValueError(f"vocabularies: no list of words for '{key}' (var status_vocabulary)")
    return ContractParameters(
        now=now,
        known_currencies=frozenset(code.strip().upper() for code in known_currencies),
        quarantine_max_ratio=quarantine_max_ratio,
        future_tolerance_hours=future_tolerance_hours,
        vocabularies={key: tuple(words) for key, words in vocabularies.items()},
        contract=dict(contract),
        formats=TextFormats.from_var(text_formats),
    )


def validate_raw_tables(
    frames: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]],
    *,
    contract: Mapping[str, ContractTable],
    vocabularies: Mapping[str, Iterable[str]],
    text_formats: Mapping[str, str],
    now: dt.datetime,
    known_currencies: Iterable[str],
    quarantine_max_ratio: float,
    future_tolerance_hours: float,
    docs_dir: Path | None = None,
    results_dir: Path | None = None,
    run_name: str | None = None,
) -> ContractReport:
    """Validate the raw tables against their landing contract, one GX Checkpoint per batch.

    A table comes whole (a DataFrame) or in batches (an iterable of DataFrames with the same
    columns, e.g. `duckdb_batches`), so memory holds one batch at a time: each batch is
    validated by its own Checkpoint against the table's suite, and `merge_batch_rows` adds
    the batches' counts up, so the report and the blocking ratio are the whole table's. All
    Checkpoints run under one run name; with `docs_dir` the Data Docs are built once at the
    end (one page per batch).

    Args:
        frames: the raw tables by name (every table of `contract`), each a DataFrame or an
            iterable of batches; they are not modified.
        contract: the landing contract (`recon.landing_contract.load` of the project).
        vocabularies: words per '<table>.<column>' (dbt var status_vocabulary).
        text_formats: dbt var text_formats: how text must look to read as a number or date.
        now: the time the extracts are judged at (naive means UTC), e.g. dbt's
            run_started_at; a timestamp later than now + future_tolerance_hours is flagged.
        known_currencies: the currency codes with a rate (seeds/fx_rates.csv).
        quarantine_max_ratio: share of a table's rows a row-level check may flag before it
            blocks (dbt var of the same name).
        future_tolerance_hours: dbt var of the same name.
        docs_dir: build Data Docs (static HTML, index.html) into this folder.
        results_dir: write the full GX validation results there as `<run_name>.json`.
        run_name: the GX run name and the results file's name; default
            `raw_contracts_<now as YYYYmmddTHHMMSSZ>`.

    Returns:
        The report; `report.ok` is False when a blocking expectation failed.

    Raises:
        ValueError: a table is missing or unknown, a frame is neither a DataFrame nor
            batches, an iterable gives no batch, or a parameter is out of range.

    """
    if set(frames) != set(contract):
        missing, unknown = sorted(set(contract) - set(frames)), sorted(set(frames) - set(contract))
        raise ValueError(
            f"frames must hold every raw table of the contract; missing: {missing or 'none'}, "
            f"unknown: {unknown or 'none'}"
        )
    for table, frame in frames.items():
        if not isinstance(frame, (pd.DataFrame, Iterable)) or isinstance(frame, (str, bytes)):
            raise ValueError(
                f"frames['{table}'] is a {type(frame).__name__}, not a DataFrame or batches"
            )
    params = contract_parameters(
        now,
        known_currencies,
        quarantine_max_ratio,
        future_tolerance_hours,
        vocabularies,
        contract,
        text_formats,
    )
    run_name = run_name or f"raw_contracts_{params.now_utc:%Y%m%dT%H%M%SZ}"
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", run_name):
        raise ValueError(f"run_name must be letters, digits, '_', '.' or '-', got {run_name!r}")

    context = _context(docs_dir)
    datasource = context.data_sources.add_pandas("raw")
    run_id = gx.RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.timezone.utc))
    results: dict[str, list[ExpectationSuiteValidationResult]] = {}
    rows: list[dict[str, Any]] = []
    for table in contract:
        asset = datasource.add_dataframe_asset(table)
        suite, usable = None, None
        results[table], batch_rows, first_row = [], [], 0
        for frame in [frames[table]] if isinstance(frames[table], pd.DataFrame) else frames[table]:
            # the first batch decides the suite and the columns the row checks read; a later
            # batch with values of another kind fails its type check (blocking), and a check
            # it cannot compute raises in GX, so the table's report says it could not check
            readable = usable_columns(contract[table], frame)
            usable = readable if usable is None else usable
            checks = row_checks(table, frame, params, usable & readable)
            checked = frame.assign(**{check.helper_column: check.violations for check in checks})
            suite = suite or context.suites.add(build_suite(table, frame, checks, params))
            name = f"rows {first_row + 1}-{first_row + len(frame)}"
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=f"raw_{table} {name}",
                    data=asset.add_batch_definition_whole_dataframe(name),
                    suite=suite,
                )
            )
            checkpoint = context.checkpoints.add(
                gx.Checkpoint(
                    name=f"raw_contracts_{table} {name}",
                    validation_definitions=[validation],
                    result_format={
                        "result_format": "SUMMARY",
                        "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
                    },
                )
            )
            outcome = checkpoint.run(batch_parameters={"dataframe": checked}, run_id=run_id)
            (result,) = outcome.run_results.values()
            results[table].append(result)
            batch_rows.append(_rows(table, result, frame))
            first_row += len(frame)
        if not batch_rows:
            raise ValueError(f"frames['{table}'] gave no batch (an empty table is one empty batch)")
        rows += merge_batch_rows(batch_rows)

    if docs_dir is not None:
        context.build_data_docs(site_names=[SITE_NAME])
    report = ContractReport(
        rows=rows,
        tables=len(results),
        run_name=run_name,
        docs_index=None if docs_dir is None else Path(docs_dir).resolve() / "index.html",
    )
    if results_dir is not None:
        report.results_file = _write_results(results_dir, run_name, params, report, results)
    return report


def _row_key(row: Mapping[str, Any]) -> tuple:
    """Identify an expectation across batches (GX lists raised expectations first)."""
    return (row["expectation"], row["check"], row["column"], row["level"])


def _common_dtype(dtypes: Iterable[str]) -> str:
    """Return the dtype a column made of batches of these dtypes has, as pandas combines them.

    int64 and float64 give float64; anything with object gives object.
    """
    names = list(dict.fromkeys(dtypes))
    if len(names) == 1:
        return names[0]
    try:
        return str(pd.concat([pd.Series([], dtype=name) for name in names]).dtype)
    except (TypeError, ValueError):
        return "object"


def merge_batch_rows(batches: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Return one table's report rows from the rows of its batches, in the first's order.

    Rows are matched by expectation, check, column and level. Counts add up over the batches
    and percentages are of the whole table (as GX computes them); a check passes when it
    passed on every batch, except a row check, which is judged on the table's totals (the
    warning: no bad row; the blocking one GX's `mostly`: good rows / all rows at least
    1 - its `quarantine_max_ratio`). An expectation that raised on any batch fails. The
    sample keeps the first PARTIAL_UNEXPECTED_COUNT bad values in row order, as one GX
    validation of the whole table would, and the type check the kinds found in any batch.
    One batch is returned as GX reported it.
    """
    if len(batches) == 1:
        return [_summarised(dict(row)) for row in batches[0]]
    keyed = [{_row_key(row): row for row in rows} for rows in batches]
    if any(set(rows) != set(keyed[0]) for rows in keyed):
        raise ValueError("the batches of one table were validated against different suites")
    merged = []
    for key in (_row_key(row) for row in batches[0]):
        versions = [rows[key] for rows in keyed]
        row = dict(versions[0])
        row["element_count"] = total = sum(version["element_count"] for version in versions)
        row["partial"] = [value for version in versions for value in version["partial"]][
            :PARTIAL_UNEXPECTED_COUNT
        ]
        row["exception"] = next(
            (version["exception"] for version in versions if version["exception"]), None
        )
        failed = [version for version in versions if not version["success"]]
        row["observed"] = (failed or versions)[0]["observed"]
        if row["check"] == "column_type" and all(version["kinds"] for version in versions):
            dtype = _common_dtype(version["kinds"]["dtype"] for version in versions)
            kinds = sorted({kind for version in versions for kind in version["kinds"]["kinds"]})
            row["observed"] = f"{dtype} ({', '.join(kinds) or 'no values'})"
        if row["unexpected_count"] is None:
            row["success"] = not failed
        else:
            bad = sum(version["unexpected_count"] or 0 for version in versions)
            row["unexpected_count"] = bad
            row["unexpected_percent"] = bad / total * 100 if total else None
            if not total:
                row["success"] = True  # GX: nothing to judge (the row count check fails)
            elif row["level"] == "blocking":
                ratio = row["meta"]["quarantine_max_ratio"]
                row["success"] = (total - bad) / total >= 1 - ratio
            else:
                row["success"] = bad == 0
        if row["check"] == "row_count":
            row["success"] = total > 0
        if row["exception"]:
            row["success"] = False
        merged.append(_summarised(row))
    return merged


def _summarised(row: dict[str, Any]) -> dict[str, Any]:
    """Finish a report row: its sample and its sentence; drop the working fields."""
    partial, exception, _ = row.pop("partial"), row.pop("exception"), row.pop("kinds")
    observed, meta, columns = row.pop("observed"), row.pop("meta"), row.pop("columns")
    row["sample"] = ", ".join(list(dict.fromkeys(map(str, partial)))[:SAMPLE_SIZE])
    if exception:
        row["summary"] = f"{_where(row)}: could not be checked ({exception})."
    else:
        row["summary"] = _summary(row, meta, observed, columns)
    return row


def _exception_message(info: Mapping[str, Any] | None) -> str | None:
    """Return why GX could not compute an expectation, or None when it could.

    GX reports an expectation's own failure flat (`raised_exception`, `exception_message`)
    and a failed metric (e.g. a column the batch lacks) nested under the metric's id.
    """
    info = info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, Mapping) and value.get("exception_message"):
            return str(value["exception_message"])
    return None


def _rows(
    table: str, result: ExpectationSuiteValidationResult, frame: pd.DataFrame
) -> list[dict[str, Any]]:
    """Return the report rows of one batch's validation result, with their working fields.

    `merge_batch_rows` turns them into the table's rows (sample and sentence).
    """
    columns = ", ".join(map(str, frame.columns)) or "none"
    rows = []
    for expectation_result in result.results:
        config, details = expectation_result.expectation_config, expectation_result.result
        row_check = "problem" in config.meta
        rows.append(
            {
                "source_table": table,
                "check": config.meta["check"],
                "expectation": config.type,
                "column": config.meta["column"],
                "level": LEVEL_OF_SEVERITY[config.severity.value],
                "success": bool(expectation_result.success),
                "element_count": len(frame),
                "unexpected_count": details.get("unexpected_count") if row_check else None,
                "unexpected_percent": details.get("unexpected_percent") if row_check else None,
                "partial": details.get("partial_unexpected_list") or [],
                "exception": _exception_message(expectation_result.exception_info),
                "observed": details.get("observed_value"),
                "kinds": details.get("details"),
                "meta": config.meta,
                "columns": columns,
            }
        )
    return rows


def _write_results(
    results_dir: Path,
    run_name: str,
    params: ContractParameters,
    report: ContractReport,
    results: Mapping[str, Sequence[ExpectationSuiteValidationResult]],
) -> Path:
    """Write the run's parameters and every table's full GX results as `<run_name>.json`.

    `validation_results` holds, per table, a list of GX results: one per batch.
    """
    path = Path(results_dir) / f"{run_name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "run_name": run_name,
        "now": params.now_utc.isoformat(),
        "ok": report.ok,
        "blocking_failures": len(report.blocking_failures),
        "warnings": len(report.warnings),
        "parameters": {
            "quarantine_max_ratio": params.quarantine_max_ratio,
            "future_tolerance_hours": params.future_tolerance_hours,
            "known_currencies": sorted(params.known_currencies),
            "vocabularies": {key: list(words) for key, words in params.vocabularies.items()},
        },
        # per table, one GX result per batch (one batch unless the table came in batches)
        "validation_results": {
            table: [result.to_json_dict() for result in batches]
            for table, batches in results.items()
        },
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


class SourceUnavailableError(Exception):
    """The raw tables cannot be read (no database, no table, a lock): exit status 2."""


def _frame_of(table: pa.Table) -> pd.DataFrame:
    """Return Arrow rows as pandas with the types DuckDB's `.df()` gives them.

    Decimals become float64 (not Decimal objects) and dates datetime64[us] (not date objects).
    """

    def like_df(field: pa.Field) -> pa.Field:
        if pa.types.is_decimal(field.type):
            return pa.field(field.name, pa.float64())
        if pa.types.is_date(field.type):
            return pa.field(field.name, pa.timestamp("us"))
        return field

    schema = pa.schema(like_df(field) for field in table.schema)
    return table.cast(schema).to_pandas(date_as_object=False)


def duckdb_batches(relation: duckdb.DuckDBPyRelation, batch_rows: int) -> Iterator[pd.DataFrame]:
    """Yield a DuckDB relation's rows as DataFrames of about `batch_rows` rows each.

    Streams (memory holds one batch); an empty relation gives one empty batch, so its
    columns and its emptiness are still checked.
    """
    reader = relation.to_arrow_reader(batch_rows)
    pending: list[pa.RecordBatch] = []
    rows, given = 0, False
    for batch in reader:
        pending.append(batch)
        rows += batch.num_rows
        if rows >= batch_rows:
            yield _frame_of(pa.Table.from_batches(pending, reader.schema))
            pending, rows, given = [], 0, True
    if rows or not given:
        yield _frame_of(pa.Table.from_batches(pending, reader.schema))


def postgres_batches(
    connection: psycopg2.extensions.connection,
    schema: str,
    table: str,
    batch_rows: int,
) -> Iterator[pd.DataFrame]:
    """Yield a PostgreSQL table's rows as DataFrames of at most `batch_rows` rows each.

    A server-side cursor streams them (memory holds one batch); an empty table gives one
    empty batch.
    """
    with connection.cursor(name=f"contracts_{table}") as cursor:
        cursor.itersize = batch_rows
        cursor.execute(f"select * from {_quote(schema)}.{_quote(table)}")
        given = False
        while True:
            records = cursor.fetchmany(batch_rows)
            if given and not records:
                return
            columns = [description.name for description in cursor.description]
            yield pd.DataFrame.from_records(records, columns=columns)
            given = True


def _frame_of_spark(table: pa.Table) -> pd.DataFrame:
    """Return Spark's Arrow rows as pandas with the types `duckdb_batches` gives them.

    Timestamps become naive UTC (Spark's carry the session time zone) and large strings
    plain ones; then as `_frame_of`: decimals float64, dates datetime64[us].
    """

    def like_duckdb(field: pa.Field) -> pa.Field:
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            return pa.field(field.name, pa.timestamp(field.type.unit))
        if pa.types.is_large_string(field.type):
            return pa.field(field.name, pa.string())
        return field

    return _frame_of(table.cast(pa.schema(like_duckdb(field) for field in table.schema)))


def spark_batches(frame: SparkDataFrame, batch_rows: int) -> Iterator[pd.DataFrame]:
    """Yield a Spark DataFrame's rows as DataFrames of at most `batch_rows` rows each.

    The executors hand their Arrow batches over as they make them, one serialised batch per
    row (`mapInArrow`), and the driver fetches them one partition at a time
    (`toLocalIterator`), so memory holds a batch and one partition's share, not the table.
    Types are those of `duckdb_batches` (`_frame_of_spark`); an empty table gives one empty
    batch, so its columns and its emptiness are still checked.
    """

    # defined here so that Spark's Python workers get it by value, without importing recon
    def serialised(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, batch.schema) as writer:
                writer.write_batch(batch)
            yield pa.RecordBatch.from_pydict({"ipc": [sink.getvalue().to_pybytes()]})

    pending: list[pa.RecordBatch] = []
    rows, given = 0, False
    for row in frame.mapInArrow(serialised, "ipc binary").toLocalIterator():
        for batch in pa.ipc.open_stream(row.ipc):
            pending.append(batch)
            rows += batch.num_rows
        while rows >= batch_rows:
            table = pa.Table.from_batches(pending)
            yield _frame_of_spark(table.slice(0, batch_rows))
            rest = table.slice(batch_rows)
            pending, rows, given = rest.to_batches(), rest.num_rows, True
    if rows or not given:
        yield _frame_of_spark(pa.Table.from_batches(pending) if rows else frame.limit(0).toArrow())


@contextmanager
def open_duckdb(
    path: Path, schema: str, tables: Sequence[str], batch_rows: int
) -> Iterator[dict[str, Iterator[pd.DataFrame]]]:
    """Open a DuckDB file read-only; give the raw `tables` as streams of batches."""
    if not Path(path).exists():
        raise SourceUnavailableError(f"DuckDB file {path} does not exist")
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise SourceUnavailableError(f"cannot open {path}: {error}") from error
    with connection:
        try:
            # binding each relation now names a missing table before anything is validated
            relations = {
                table: connection.sql(f"select * from {_quote(schema)}.{_quote(table)}")
                for table in tables
            }
            yield {
                table: duckdb_batches(relation, batch_rows) for table, relation in relations.items()
            }
        except duckdb.Error as error:
            raise SourceUnavailableError(f"cannot read {schema} from {path}: {error}") from error


@contextmanager
def open_postgres(
    schema: str, tables: Sequence[str], environ: Mapping[str, str], batch_rows: int
) -> Iterator[dict[str, Iterator[pd.DataFrame]]]:
    """Connect to PostgreSQL read-only; give the raw `tables` as streams of batches.

    RECON_PG_* variables; one read-only transaction.
    """
    settings = {
        "host": environ.get("RECON_PG_HOST", "localhost"),
        "port": environ.get("RECON_PG_PORT", "5432"),
        "user": environ.get("RECON_PG_USER"),
        "password": environ.get("RECON_PG_PASSWORD"),
        "dbname": environ.get("RECON_PG_DBNAME"),
    }
    try:
        connection = psycopg2.connect(**{key: value for key, value in settings.items() if value})
    except psycopg2.Error as error:
        raise SourceUnavailableError(f"cannot connect to PostgreSQL: {error}") from error
    try:
        connection.set_session(readonly=True)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"select * from {_quote(schema)}.{_quote(table)} limit 0")
        yield {table: postgres_batches(connection, schema, table, batch_rows) for table in tables}
    except psycopg2.Error as error:
        raise SourceUnavailableError(f"cannot read {schema} from PostgreSQL: {error}") from error
    finally:
        connection.close()


@contextmanager
def open_spark(
    schema: str, tables: Sequence[str], environ: Mapping[str, str], batch_rows: int
) -> Iterator[dict[str, Iterator[pd.DataFrame]]]:
    """Open the Spark warehouse of the profile's `spark` target; give the raw `tables` as streams.

    RECON_SPARK_HOME and RECON_SPARK_DRIVER_MEMORY (`recon.local_spark`); the local session
    only reads and is stopped at the end. Spark's Python workers run this Python unless
    PYSPARK_PYTHON says otherwise.
    """
    if not local_spark.available():
        raise SourceUnavailableError(
            "Spark needs pyspark and a Java 17 runtime (java on PATH, or JAVA_HOME)"
        )
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    home = local_spark.spark_home(environ)
    if not (home / "metastore_db").is_dir():
        raise SourceUnavailableError(
            f"no Spark warehouse in {home} (RECON_SPARK_HOME): land the raw tables first, "
            "e.g. recon demo-data --spark"
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        spark = local_spark.session(environ)
    except (PySparkException, Py4JError) as error:
        raise SourceUnavailableError(f"cannot start Spark on {home}: {error}") from error
    try:
        names = {table: f"{_quote_spark(schema)}.{_quote_spark(table)}" for table in tables}
        missing = [table for table, name in names.items() if not spark.catalog.tableExists(name)]
        if missing:
            raise SourceUnavailableError(
                f"Spark ({home}) has no table {', '.join(f'{schema}.{t}' for t in missing)}: "
                "land the raw extracts there (recon demo-data --spark for the demo world), or "
                "point RECON_SPARK_HOME at the warehouse that holds them"
            )
        yield {table: spark_batches(spark.table(name), batch_rows) for table, name in names.items()}
    except (PySparkException, Py4JError) as error:
        held = "MetaStoreClient" in str(error)  # Derby's lock, most often
        hint = "; is another process (a dbt run?) using this metastore?" if held else ""
        raise SourceUnavailableError(
            f"cannot read {schema} from Spark ({home}): {error}{hint}"
        ) from error
    finally:
        spark.stop()


def _quote(identifier: str) -> str:
    """Quote a SQL identifier (DuckDB and PostgreSQL)."""
    return '"' + identifier.replace('"', '""') + '"'


def _quote_spark(identifier: str) -> str:
    """Quote a Spark SQL identifier."""
    return "`" + identifier.replace("`", "``") + "`"


def read_known_currencies(fx_seed: Path) -> set[str]:
    """Read the currency codes of the fx_rates seed."""
    with Path(fx_seed).open(newline="", encoding="utf-8") as handle:
        return {row["currency"].strip().upper() for row in csv.DictReader(handle)}


def contract_settings(project_dir: Path) -> dict[str, Any]:
    """Read what the dbt build checks the raw tables with, from the project's vars.

    The landing contract (`contract`), thresholds, vocabularies and batch size, as
    `validate_raw_tables`'s keyword arguments (`batch_rows` besides).
    """
    found = read_dbt_vars(project_dir)
    names = {
        "quarantine_max_ratio": "quarantine_max_ratio",
        "future_tolerance_hours": "future_tolerance_hours",
        "status_vocabulary": "vocabularies",
        "text_formats": "text_formats",
        "data_contracts_batch_rows": "batch_rows",
    }
    settings = {argument: found[var] for var, argument in names.items() if var in found}
    settings["contract"] = landing_contract.load(project_dir)
    return settings


def _positive_int(text: str) -> int:
    """Parse --batch-rows: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _utc_datetime(text: str) -> dt.datetime:
    """Parse an ISO date-time for --now (naive means UTC)."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        prog="recon contracts",
        epilog="Example: recon contracts --duckdb-path data/reconciliation.duckdb",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--duckdb-path",
        type=Path,
        default=Path(os.environ.get("RECON_DUCKDB_PATH", "data/reconciliation.duckdb")),
        help="DuckDB file with the raw tables, opened read-only "
        "(default: $RECON_DUCKDB_PATH or data/reconciliation.duckdb)",
    )
    source.add_argument(
        "--postgres",
        action="store_true",
        help="read PostgreSQL instead (RECON_PG_HOST, _PORT, _USER, _PASSWORD, _DBNAME)",
    )
    source.add_argument(
        "--spark",
        action="store_true",
        help="read the Spark warehouse of the profile's spark target instead "
        "($RECON_SPARK_HOME, default data/spark; $RECON_SPARK_DRIVER_MEMORY)",
    )
    parser.add_argument("--raw-schema", default="raw", help="raw tables schema (default raw)")
    parser.add_argument(
        "--fx-seed",
        type=Path,
        help="fx rates seed: its currencies are the known ones (default the project's "
        "seeds/fx_rates.csv)",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        help="dbt project whose dbt_project.yml vars give the landing contract, "
        "quarantine_max_ratio, future_tolerance_hours and status_vocabulary (default: the "
        "project recon runs in, or $RECON_PROJECT_DIR)",
    )
    parser.add_argument(
        "--docs-dir",
        type=Path,
        help="Data Docs folder (default <project>/data/data_contracts/docs)",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        help="folder of the JSON validation results (default "
        "<project>/data/data_contracts/results)",
    )
    parser.add_argument(
        "--batch-rows",
        type=_positive_int,
        help="rows validated at a time; memory holds one batch (default: the project's var "
        "data_contracts_batch_rows)",
    )
    parser.add_argument(
        "--now",
        type=_utc_datetime,
        default=dt.datetime.now(dt.timezone.utc),
        help="judge timestamps as of this ISO date-time, naive = UTC (default: now)",
    )
    args = parser.parse_args(argv)
    args.project_dir = args.project_dir or find_project_dir()
    args.fx_seed = args.fx_seed or args.project_dir / "seeds" / "fx_rates.csv"
    args.docs_dir = args.docs_dir or args.project_dir / "data" / "data_contracts" / "docs"
    args.results_dir = args.results_dir or args.project_dir / "data" / "data_contracts" / "results"
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the contracts; 0 when nothing blocks, 1 on a blocking failure, 2 without data."""
    args = parse_args(argv)
    try:
        project_vars = contract_settings(args.project_dir)
    except ValueError as error:
        print(f"data contracts: {error}", file=sys.stderr)
        return 2
    project_rows = project_vars.pop("batch_rows", None)
    batch_rows = args.batch_rows or project_rows
    if batch_rows is None:
        print(
            f"data contracts: {args.project_dir / 'dbt_project.yml'} has no var "
            "data_contracts_batch_rows; give --batch-rows",
            file=sys.stderr,
        )
        return 2
    tables = list(project_vars["contract"])
    if args.postgres:
        source = open_postgres(args.raw_schema, tables, os.environ, batch_rows)
    elif args.spark:
        source = open_spark(args.raw_schema, tables, os.environ, batch_rows)
    else:
        source = open_duckdb(args.duckdb_path, args.raw_schema, tables, batch_rows)
    try:
        with source as frames:
            report = validate_raw_tables(
                frames,
                now=args.now,
                known_currencies=read_known_currencies(args.fx_seed),
                docs_dir=args.docs_dir,
                results_dir=args.results_dir,
                **project_vars,
            )
    except SourceUnavailableError as error:
        print(f"data contracts: {error}", file=sys.stderr)
        return 2
    print(report.summary_text())
    print(f"Data Docs: {report.docs_index}\nresults:   {report.results_file}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
