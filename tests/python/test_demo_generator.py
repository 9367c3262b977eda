"""The demo generator: sizes, determinism, the README story, and its command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import BIN_DIR, PROJECT_DIR, DbtProject

from recon import demo_data as generator
from recon import landing_contract

RAW_TABLES = list(landing_contract.load(PROJECT_DIR))


def table_fingerprints(db_path: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {
            table: con.execute(
                f"select count(*), sum(hash(columns(*))) from raw.{table}"
            ).fetchone()
            for table in RAW_TABLES
        }


def test_default_size_is_the_story_and_other_sizes_scale() -> None:
    default = generator.group_sizes(1600)
    assert default.customers == 1600
    assert {k: v for k, v in default.groups.items() if k != "consistent"} == generator.STORY_GROUPS
    assert default.groups["consistent"] == 1142
    for customers in (1, 7, 60, 12_345):
        assert generator.group_sizes(customers).customers == customers
    with pytest.raises(ValueError, match="at least 1"):
        generator.group_sizes(0)


def test_same_seed_same_world_other_seed_other_world(project: DbtProject, tmp_path: Path) -> None:
    worlds = {}
    for name, seed in (("first", 3), ("again", 3), ("other", 4)):
        db_path, map_path = tmp_path / f"{name}.duckdb", tmp_path / f"{name}.csv"
        generator.main(
            [
                "--seed",
                str(seed),
                "--customers",
                "300",
                "--as-of",
                "2026-06-15",
                "--duckdb-path",
                str(db_path),
                "--map-seed",
                str(map_path),
            ]
        )
        worlds[name] = (table_fingerprints(db_path), map_path.read_bytes())
    assert worlds["first"] == worlds["again"]
    assert worlds["first"][0] != worlds["other"][0]
    assert worlds["first"][1] != worlds["other"][1]


def test_key_map_does_not_depend_on_the_as_of_date(tmp_path: Path) -> None:
    maps = []
    for as_of in ("2026-06-15", "2026-11-26"):
        map_path = tmp_path / f"{as_of}.csv"
        generator.main(
            [
                "--customers",
                "200",
                "--as-of",
                as_of,
                "--duckdb-path",
                str(tmp_path / f"{as_of}.duckdb"),
                "--map-seed",
                str(map_path),
            ]
        )
        maps.append(map_path.read_bytes())
    assert maps[0] == maps[1]


def test_help_documents_every_option() -> None:
    result = subprocess.run(
        [str(BIN_DIR / "recon"), "demo-data", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--seed",
        "--customers",
        "--as-of",
        "--duckdb-path",
        "--postgres-dsn",
        "--map-seed",
    ):
        assert option in result.stdout
