"""Match suggestions for unmapped source records: write them, accept them, measure them.

`recon match suggest --postgres` writes rpt_match_suggestions on PostgreSQL, where dbt runs
no Python models: it reads int_match_records of the last PostgreSQL build, scores it with the
same code as the DuckDB model (recon.matching) and replaces the table in that build's marts
schema, granting SELECT to the finance reader role as dbt grants the marts. The vars it uses
(match_threshold, match_max_candidates, reader_roles) are dbt_project.yml's, overridden by
`--vars`: give it the --vars string the build was given, as dbt reads it. On DuckDB the
build itself writes the table; `recon match suggest` then prints how many there are.

`recon match accept --min-probability P` (or `--ids id1,id2`) appends the chosen suggestions
of the last build to the key map seed, seeds/canonical_entity_map.csv (columns from the
file's own header; effective_from the suggestion's as_of_date unless --effective-from;
notes "accepted match suggestion (p=0.97): <evidence>"). It refuses, naming the ids and
changing nothing, an unknown id, a record the seed already maps on an overlapping period, and
two suggestions that map one record to two customers. The rows are then reviewed in a pull
request; the next build maps the records and snap_canonical_entity_map records the change.

`recon match evaluate` prints the precision and recall of the suggestions (`is_suggested`)
against the demo world's truth (demo_truth.match_truth, written by `recon demo-data`).

The SQL is recon/sql/match/*.sql.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
import pyarrow as pa
import yaml
from psycopg2.extras import execute_values

from recon import matching
from recon.demo_data import TRUTH_SCHEMA, TRUTH_TABLE
from recon.project import find_project_dir, read_dbt_vars
from recon.warehouse import (
    Warehouse,
    WarehouseError,
    add_warehouse_arguments,
    as_date,
    open_warehouse,
    postgres_settings,
    sql_text,
)

MODEL = "rpt_match_suggestions"
MAP_SEED = Path("seeds") / "canonical_entity_map.csv"
NOTE = "accepted match suggestion (p={probability:.2f}): {evidence}"
# rpt_match_suggestions' column types on PostgreSQL, per Arrow type of matching.SUGGESTION_SCHEMA.
POSTGRES_TYPES = {
    pa.string(): "text",
    pa.date32(): "date",
    pa.float64(): "double precision",
    pa.int32(): "integer",
    pa.bool_(): "boolean",
    pa.decimal128(18, 2): "numeric(18, 2)",
}


class MatchError(Exception):
    """What stops a match command, said so that a person knows what to do."""


@dataclass(frozen=True)
class Suggestion:
    """One row of rpt_match_suggestions, the columns `accept` needs (read by name)."""

    suggestion_id: str
    as_of_date: dt.date
    source_system: str
    source_id: str
    candidate_canonical_id: str
    match_probability: float
    evidence: str


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="recon match", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    suggest = commands.add_parser(
        "suggest",
        help="write rpt_match_suggestions (--postgres: on PostgreSQL, from its last build)",
    )
    suggest.add_argument(
        "--postgres",
        action="store_true",
        help="score int_match_records of the last PostgreSQL build and write the table there "
        "(RECON_PG_HOST, _PORT, _USER, _PASSWORD, _DBNAME)",
    )
    suggest.add_argument(
        "--vars",
        help="the --vars string the build was given (YAML or JSON, as dbt reads it), over "
        "dbt_project.yml's vars: match_threshold, match_max_candidates and reader_roles are "
        "read from them (default: dbt_project.yml's)",
    )

    accept = commands.add_parser(
        "accept", help="append accepted suggestions to the key map seed, for a pull request"
    )
    chosen = accept.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--min-probability",
        type=float,
        help="accept every suggestion whose match_probability is at least this (0 to 1)",
    )
    chosen.add_argument("--ids", help="accept these suggestion_ids, comma-separated")
    accept.add_argument(
        "--effective-from",
        type=dt.date.fromisoformat,
        help="first day the mappings hold, YYYY-MM-DD (default: each suggestion's as_of_date)",
    )
    accept.add_argument(
        "--map-seed",
        type=Path,
        help=f"the key map seed to append to (default the project's {MAP_SEED})",
    )

    commands.add_parser(
        "evaluate",
        help="precision and recall of the suggestions against the demo world's truth",
    )
    for command in commands.choices.values():
        command.add_argument(
            "--duckdb-path",
            default=os.environ.get("RECON_DUCKDB_PATH", "data/reconciliation.duckdb"),
            help="DuckDB file of the build (default: $RECON_DUCKDB_PATH or "
            "data/reconciliation.duckdb)",
        )
        add_warehouse_arguments(command)
    args = parser.parse_args(argv)
    if (
        args.command == "accept"
        and args.min_probability is not None
        and not 0 <= args.min_probability <= 1
    ):
        parser.error(f"--min-probability must be from 0 to 1, got {args.min_probability}")
    return args


def select_columns(name: str, columns: Sequence[str]) -> str:
    """Return the query recon/sql/match/<name>.sql with `{columns}` filled in."""
    return sql_text("match", name).replace("{columns}", ", ".join(columns))


def record_table(warehouse: Warehouse) -> pa.Table:
    """Return int_match_records of the last build, with the columns recon.matching reads."""
    rows = warehouse.rows(select_columns("records", matching.RECORD_COLUMNS))
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in matching.RECORD_COLUMNS]
    return pa.table(
        [
            pa.array(
                [float(value) if isinstance(value, Decimal) else value for value in values],
                type=field.type,
            )
            for field, values in zip(matching.RECORD_SCHEMA, columns, strict=True)
        ],
        schema=matching.RECORD_SCHEMA,
    )


def create_table_sql(relation: str) -> str:
    """Return the PostgreSQL `create table` of rpt_match_suggestions, from SUGGESTION_SCHEMA."""
    columns = ",\n    ".join(
        f"{field.name} {POSTGRES_TYPES[field.type]}{'' if field.nullable else ' not null'}"
        for field in matching.SUGGESTION_SCHEMA
    )
    return sql_text("match", "create_table").format(relation=relation, columns=columns)


def build_vars(project_dir: Path, given: str | None = None) -> dict[str, Any]:
    """Return the build's vars: dbt_project.yml's, overridden by `given` (the --vars string).

    dbt reads --vars as YAML (JSON is YAML too), and a var given replaces its default whole.

    Raises:
        MatchError: `given` is not a YAML mapping.

    """
    found = read_dbt_vars(project_dir)
    if not given:
        return found
    try:
        overrides = yaml.safe_load(given)
    except yaml.YAMLError as error:
        raise MatchError(
            f"--vars is not YAML or JSON ({str(error).splitlines()[0]}): give the string the "
            "build was given, e.g. --vars '{match_threshold: 0.9}'"
        ) from error
    if not isinstance(overrides, dict):
        raise MatchError(
            f"--vars must be a mapping of var names to values, got {given!r}: give the string "
            "the build was given, e.g. --vars '{match_threshold: 0.9}'"
        )
    return {**found, **overrides}


def match_settings(settings: dict[str, Any]) -> tuple[float, int]:
    """Return (match_threshold, match_max_candidates) of the build's vars.

    Raises:
        MatchError: either is not a number (dbt build refuses such a value too).

    """
    try:
        return float(settings["match_threshold"]), int(settings["match_max_candidates"])
    except (TypeError, ValueError) as error:
        raise MatchError(
            f"vars match_threshold ({settings.get('match_threshold')!r}) and "
            f"match_max_candidates ({settings.get('match_max_candidates')!r}) must be numbers: "
            "give --vars the string the build was given"
        ) from error


def reader_role(settings: dict[str, Any]) -> str:
    """Return the finance audience's role (var reader_roles): dbt grants it every mart."""
    return str((settings.get("reader_roles") or {}).get("finance") or "")


def suggest_on_postgres(
    warehouse: Warehouse, project_dir: Path, given_vars: str | None = None
) -> int:
    """Score the last PostgreSQL build's records and replace its rpt_match_suggestions."""
    if warehouse.adapter != "postgres":
        raise MatchError(
            f"the last build ran on {warehouse.adapter}, not PostgreSQL: build there first "
            "(RECON_TARGET=postgres dbt build), or drop --postgres (on DuckDB the build writes "
            f"{MODEL} itself)"
        )
    settings = build_vars(project_dir, given_vars)
    threshold, max_candidates = match_settings(settings)
    suggestions = matching.suggest(
        record_table(warehouse), threshold=threshold, max_candidates=max_candidates
    )
    relation = warehouse.relation(MODEL)
    rows = [
        tuple(row.values()) for row in suggestions.select(matching.SUGGESTION_COLUMNS).to_pylist()
    ]
    role = reader_role(settings)
    pg_settings = postgres_settings(os.environ)
    # one transaction: readers see the old table or the new one
    con = psycopg2.connect(**{k: v for k, v in pg_settings.items() if v})
    try:
        with con, con.cursor() as cursor:
            cursor.execute(f"drop table if exists {relation}")
            cursor.execute(create_table_sql(relation))
            execute_values(
                cursor,
                f"insert into {relation} ({', '.join(matching.SUGGESTION_COLUMNS)}) values %s",
                rows,
            )
            cursor.execute("select 1 from pg_roles where rolname = %s", [role])
            if role and cursor.fetchall():
                cursor.execute(f'grant select on {relation} to "{role}"')
    finally:
        con.close()
    suggested = sum(1 for row in suggestions.column("is_suggested").to_pylist() if row)
    print(
        f"{MODEL}: {len(rows)} candidates, {suggested} suggested, written to {relation} on "
        f"{warehouse.where}"
    )
    return 0


def read_suggestions(warehouse: Warehouse) -> list[Suggestion]:
    """Return every row of rpt_match_suggestions of the last build."""
    if not warehouse.has(MODEL):
        raise MatchError(
            f"the last build has no {MODEL}: on DuckDB run dbt build, on PostgreSQL "
            "recon match suggest --postgres after it"
        )
    names = [field.name for field in fields(Suggestion)]
    suggestions = []
    for row in warehouse.rows(select_columns("suggestions", names)):
        values = dict(zip(names, row, strict=True))
        suggestions.append(
            Suggestion(
                **{
                    **values,
                    "as_of_date": as_date(values["as_of_date"]),
                    "match_probability": float(values["match_probability"]),
                    "evidence": values["evidence"] or "",
                }
            )
        )
    return suggestions


def normalized_key(value: str) -> str:
    """Return a source id as the key map matches it: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", value).strip().lower()


def overlaps(row: dict[str, str], start: dt.date) -> bool:
    """Return whether a seed row's [effective_from, effective_to) overlaps [start, open end)."""
    end = (row.get("effective_to") or "").strip()
    return not end or dt.date.fromisoformat(end) > start


def accept(
    suggestions: Sequence[Suggestion],
    *,
    map_seed: Path,
    ids: Sequence[str] | None = None,
    min_probability: float | None = None,
    effective_from: dt.date | None = None,
) -> list[dict[str, str]]:
    """Append the chosen suggestions to the map seed and return the rows appended.

    Raises:
        MatchError: an unknown id, a record already mapped on an overlapping period, two
            suggestions for one record, or nothing to accept; nothing is written then.

    """
    by_id = {suggestion.suggestion_id: suggestion for suggestion in suggestions}
    if ids is not None:
        unknown = [suggestion_id for suggestion_id in ids if suggestion_id not in by_id]
        if unknown:
            raise MatchError(
                f"unknown suggestion_id {', '.join(unknown)}: not in {MODEL} of the last "
                "build. Copy the ids from it (or rebuild first); nothing was appended"
            )
        chosen = [by_id[suggestion_id] for suggestion_id in dict.fromkeys(ids)]
    else:
        chosen = [s for s in suggestions if s.match_probability >= (min_probability or 0)]
    if not chosen:
        raise MatchError(f"no suggestion of {MODEL} was chosen; nothing was appended")
    per_record: dict[tuple[str, str], list[Suggestion]] = {}
    for suggestion in chosen:
        per_record.setdefault((suggestion.source_system, suggestion.source_id), []).append(
            suggestion
        )
    conflicts = [group for group in per_record.values() if len(group) > 1]
    if conflicts:
        named = "; ".join(
            f"{group[0].source_system} {group[0].source_id}: "
            + ", ".join(f"{s.suggestion_id} ({s.candidate_canonical_id})" for s in group)
            for group in conflicts
        )
        raise MatchError(
            f"two accepted suggestions map one source record to different customers: {named}. "
            "Accept one per record (--ids, or a higher --min-probability); nothing was appended"
        )
    if not map_seed.is_file():
        raise MatchError(f"no key map seed at {map_seed}: give --map-seed; nothing was appended")
    with map_seed.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        existing = list(reader)
    mapped = []
    for suggestion in chosen:
        start = effective_from or suggestion.as_of_date
        for row in existing:
            if (
                (row.get("source_system") or "").strip().lower() == suggestion.source_system
                and normalized_key(row.get("source_id") or "") == suggestion.source_id
                and overlaps(row, start)
            ):
                mapped.append(
                    f"{suggestion.suggestion_id} ({suggestion.source_system} "
                    f"{suggestion.source_id} is mapped to {row.get('canonical_id')} from "
                    f"{row.get('effective_from')} to {row.get('effective_to') or 'open'})"
                )
    if mapped:
        raise MatchError(
            f"already mapped in {map_seed} on an overlapping period: {'; '.join(mapped)}. "
            "End the existing row (effective_to) or leave the suggestion; nothing was appended"
        )
    rows = [
        {
            "canonical_id": suggestion.candidate_canonical_id,
            "source_system": suggestion.source_system,
            "source_id": suggestion.source_id,
            "effective_from": (effective_from or suggestion.as_of_date).isoformat(),
            "effective_to": "",
            "notes": NOTE.format(
                probability=suggestion.match_probability, evidence=suggestion.evidence
            ),
        }
        for suggestion in chosen
    ]
    ends_with_newline = map_seed.read_bytes().endswith(b"\n")
    with map_seed.open("a", newline="", encoding="utf-8") as handle:
        if not ends_with_newline:
            handle.write("\n")
        writer = csv.DictWriter(
            handle, fieldnames=header, restval="", extrasaction="ignore", lineterminator="\n"
        )
        writer.writerows(rows)
    return rows


@dataclass(frozen=True)
class Evaluation:
    """The suggestions against the demo world's truth."""

    suggested: int
    right: int
    known: int
    found: int
    new_records: int
    new_suggested: int

    @property
    def precision(self) -> float:
        """Share of the suggestions that name the record's true customer."""
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        """Share of the records of known customers whose true customer is suggested."""
        return self.found / self.known if self.known else 1.0


def evaluate(warehouse: Warehouse) -> Evaluation:
    """Compare the suggestions (is_suggested) with demo_truth.match_truth."""
    if not warehouse.has(MODEL):
        raise MatchError(f"the last build has no {MODEL}: build first")
    try:
        rows = warehouse.rows(sql_text("match", "evaluate"))
    except WarehouseError as error:
        raise MatchError(
            f"cannot read {TRUTH_SCHEMA}.{TRUTH_TABLE}, the demo world's truth ({error}); it "
            "exists only in a world landed by recon demo-data"
        ) from error
    per_record: dict[tuple[str, str], tuple[Any, list[str]]] = {}
    for system, source_id, truth, suggested in rows:
        entry = per_record.setdefault((system, source_id), (truth, []))
        if suggested is not None:
            entry[1].append(suggested)
    suggested = sum(len(names) for _, names in per_record.values())
    right = sum(names.count(truth) for truth, names in per_record.values() if truth)
    known = [(truth, names) for truth, names in per_record.values() if truth]
    new = [names for truth, names in per_record.values() if not truth]
    return Evaluation(
        suggested=suggested,
        right=right,
        known=len(known),
        found=sum(1 for truth, names in known if truth in names),
        new_records=len(new),
        new_suggested=sum(1 for names in new if names),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the subcommand; 2 when the build cannot be read or a request is refused."""
    args = parse_args(argv)
    project_dir = find_project_dir()
    try:
        with open_warehouse(args) as warehouse:
            # Disabled on PostgreSQL (no Python models there): this command writes it where
            # dbt would have, in the schema and under the alias the manifest computed.
            warehouse.include_disabled(MODEL)
            if args.command == "suggest" and args.postgres:
                return suggest_on_postgres(warehouse, project_dir, args.vars)
            if args.command == "suggest":
                suggestions = read_suggestions(warehouse)
                print(
                    f"{MODEL} of the last build ({warehouse.where}): {len(suggestions)} "
                    "candidates; the DuckDB build writes it (dbt build), --postgres writes it "
                    "on PostgreSQL"
                )
                return 0
            if args.command == "accept":
                map_seed = args.map_seed or project_dir / MAP_SEED
                ids = [part.strip() for part in args.ids.split(",")] if args.ids else None
                rows = accept(
                    read_suggestions(warehouse),
                    map_seed=map_seed,
                    ids=[suggestion_id for suggestion_id in ids if suggestion_id] if ids else None,
                    min_probability=args.min_probability,
                    effective_from=args.effective_from,
                )
                print(f"appended {len(rows)} row(s) to {map_seed}:")
                for row in rows:
                    print(
                        f"  {row['source_system']} {row['source_id']} -> {row['canonical_id']} "
                        f"from {row['effective_from']}: {row['notes']}"
                    )
                print(
                    "Review them in a pull request. The next build maps these records (their "
                    "UNMAPPED_SOURCE_RECORD exceptions close) and snap_canonical_entity_map "
                    "records the change."
                )
                return 0
            result = evaluate(warehouse)
    except (WarehouseError, MatchError) as error:
        print(f"recon match: error: {error}", file=sys.stderr)
        return 2
    print(
        f"match suggestions against the demo world's truth ({TRUTH_SCHEMA}.{TRUTH_TABLE}): "
        f"precision {result.precision:.2f} ({result.right} of {result.suggested} suggestions "
        f"right), recall {result.recall:.2f} ({result.found} of {result.known} records of "
        f"known customers suggested); {result.new_suggested} of {result.new_records} records "
        "of new customers got a suggestion"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
