"""Read the marts of the last build, on the engine it ran on, by the models' names.

dbt's manifest (target/manifest.json, written by every `dbt build`) says which adapter built
the project and where each model, seed and snapshot lives (its schema and alias), so no
schema is written into Python: `Warehouse.sql` turns `{{ ref('rpt_open_exceptions') }}` into
the relation the last build wrote (`Warehouse.include_disabled` also names a model the
target disables, whose table something else writes). The connection is the profile's target,
by the same environment variables profiles.example.yml reads: RECON_DUCKDB_PATH for DuckDB
(opened read-only), RECON_PG_HOST, _PORT, _USER, _PASSWORD, _DBNAME for PostgreSQL. Queries
take named parameters written `:name`.

The SQL a command runs lives in recon/sql/<command>/<name>.sql.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import psycopg2

from recon.project import find_project_dir

REF = re.compile(r"\{\{\s*ref\('([A-Za-z0-9_]+)'\)\s*\}\}")
PARAMETER = re.compile(r"(?<![:\w]):([a-z_]+)\b")


class WarehouseError(Exception):
    """What is missing to read the marts, said so that a person knows what to do next."""


def sql_text(command: str, name: str) -> str:
    """Return the text of recon/sql/<command>/<name>.sql."""
    return (resources.files("recon") / "sql" / command / f"{name}.sql").read_text(encoding="utf-8")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_manifest(manifest_path: Path) -> dict[str, Any]:
    """Return dbt's manifest of the last build; WarehouseError when there is none."""
    if not manifest_path.is_file():
        raise WarehouseError(
            f"no dbt manifest at {manifest_path}: run the daily build (dbt build) in the project "
            "first, or point --manifest at the target/manifest.json it wrote"
        )
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def node_relations(nodes: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Return `"schema"."alias"` per model, seed and snapshot among the manifest's `nodes`."""
    return {
        node["name"]: f"{_quote(node['schema'])}.{_quote(node.get('alias') or node['name'])}"
        for node in nodes
        if node["resource_type"] in ("model", "seed", "snapshot")
    }


def disabled_relations(manifest: Mapping[str, Any]) -> dict[str, str]:
    """Return `"schema"."alias"` per model, seed and snapshot disabled on the build's target.

    dbt computes a disabled model's schema and alias as for an enabled one (rpt_match_suggestions
    on PostgreSQL: the marts schema), and lists it under "disabled", one list per unique id.
    """
    return node_relations(
        node for nodes in (manifest.get("disabled") or {}).values() for node in nodes
    )


def read_relations(manifest_path: Path) -> tuple[str, dict[str, str]]:
    """Return the adapter of the build and `"schema"."alias"` per model, seed and snapshot."""
    manifest = read_manifest(manifest_path)
    return manifest["metadata"]["adapter_type"], node_relations(manifest["nodes"].values())


def postgres_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """Return the PostgreSQL connection settings of the profile's target (RECON_PG_*)."""
    return {
        "host": environ.get("RECON_PG_HOST", "127.0.0.1"),
        "port": environ.get("RECON_PG_PORT", "5432"),
        "user": environ.get("RECON_PG_USER", "recon"),
        "password": environ.get("RECON_PG_PASSWORD", ""),
        "dbname": environ.get("RECON_PG_DBNAME", "recon"),
    }


class Warehouse:
    """A read-only connection to the engine of the last build, with its relations."""

    def __init__(
        self,
        manifest_path: Path,
        duckdb_path: str | None = None,
        environ: Mapping[str, str] = os.environ,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """Open the engine named by the manifest (`duckdb_path` or RECON_DUCKDB_PATH for DuckDB).

        `connection`: a DuckDB connection already open on the build's file (the replay's,
        whose process holds the file), used instead of opening one; not closed here.
        """
        manifest = read_manifest(Path(manifest_path))
        self.adapter = manifest["metadata"]["adapter_type"]
        self.relations = node_relations(manifest["nodes"].values())
        self.disabled = disabled_relations(manifest)
        self._owned = connection is None
        if connection is not None and self.adapter == "duckdb":
            self.where = "the replay's DuckDB file"
            self._duckdb = connection
        elif self.adapter == "duckdb":
            path = duckdb_path or environ.get("RECON_DUCKDB_PATH", "data/reconciliation.duckdb")
            self.where = path
            if not Path(path).is_file():
                raise WarehouseError(
                    f"no DuckDB file at {path}: run the daily build first (make demo), or point "
                    "--duckdb-path (or $RECON_DUCKDB_PATH) at the file the build wrote"
                )
            try:
                self._duckdb = duckdb.connect(path, read_only=True)
            except duckdb.Error as error:
                raise WarehouseError(f"cannot open {path} read-only: {error}") from error
        elif self.adapter == "postgres":
            settings = postgres_settings(environ)
            self.where = f"PostgreSQL {settings['dbname']} on {settings['host']}:{settings['port']}"
            try:
                self._postgres = psycopg2.connect(**{k: v for k, v in settings.items() if v})
            except psycopg2.Error as error:
                raise WarehouseError(f"cannot connect to {self.where}: {error}") from error
            self._postgres.set_session(readonly=True, autocommit=True)
        else:
            raise WarehouseError(
                f"the last build ran on {self.adapter}; the commands read DuckDB and PostgreSQL"
            )

    def relation(self, name: str) -> str:
        """Return the relation the last build wrote for the model, seed or snapshot `name`."""
        if name not in self.relations:
            raise WarehouseError(f"the dbt manifest has no model, seed or snapshot {name}")
        return self.relations[name]

    def include_disabled(self, name: str) -> str | None:
        """Return the relation of the model `name`, also where this target disables it.

        A model the manifest lists as built keeps its relation. One it lists as disabled on
        this target (rpt_match_suggestions on PostgreSQL, where dbt runs no Python models and
        `recon match suggest --postgres` writes the table) gets the schema and alias dbt
        computed for it, and from then on `relation`, `sql` and `has` name it; whether its
        table exists is for `has` to say. None when the manifest lists no model `name`.
        """
        if name not in self.relations and name in self.disabled:
            self.relations[name] = self.disabled[name]
        return self.relations.get(name)

    def sql(self, text: str) -> str:
        """Return `text` with each `{{ ref('name') }}` replaced by the built relation."""
        return REF.sub(lambda match: self.relation(match.group(1)), text)

    def has(self, name: str) -> bool:
        """Return whether the model `name` exists in the warehouse (it may be disabled)."""
        if name not in self.relations:
            return False
        schema, table = (part.strip('"') for part in self.relations[name].split(".", 1))
        return bool(
            self.rows(
                "select count(*) from information_schema.tables "
                "where table_schema = :schema and table_name = :table",
                {"schema": schema, "table": table},
            )[0][0]
        )

    def rows(self, text: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one query (`:name` parameters) and return its rows."""
        query = self.sql(text)
        params = dict(params or {})
        try:
            if self.adapter == "duckdb":
                return self._duckdb.execute(PARAMETER.sub(r"$\1", query), params or None).fetchall()
            with self._postgres.cursor() as cursor:
                cursor.execute(PARAMETER.sub(r"%(\1)s", query.replace("%", "%%")), params)
                return cursor.fetchall()
        except (duckdb.Error, psycopg2.Error) as error:
            raise WarehouseError(
                f"{self.where}: {str(error).splitlines()[0]}. Build the project first (dbt build)"
            ) from error

    def close(self) -> None:
        """Close the connection (unless it was handed in)."""
        if not self._owned:
            return
        if self.adapter == "duckdb":
            self._duckdb.close()
        else:
            self._postgres.close()

    def __enter__(self) -> Warehouse:
        """Use the warehouse in a with block, which closes it."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the connection."""
        self.close()


def as_date(value: Any) -> dt.date:
    """Return a date as both engines give it (DuckDB and psycopg2 give datetime.date)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def add_warehouse_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --manifest: which build's relations to read (default the project's target/)."""
    parser.add_argument(
        "--manifest",
        help="dbt manifest of the build to read (default <project>/target/manifest.json)",
    )


def open_warehouse(args: argparse.Namespace) -> Warehouse:
    """Open the warehouse of the build `args` name (--manifest, --duckdb-path)."""
    manifest = args.manifest or find_project_dir() / "target" / "manifest.json"
    return Warehouse(manifest, duckdb_path=args.duckdb_path)
