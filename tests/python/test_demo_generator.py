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
    # 1,142 before the match story took 12 of them (group unmapped_known_customer)
    assert default.groups["consistent"] == 1130
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


def test_names_carry_no_number_and_the_truth_names_every_story_record(tmp_path: Path) -> None:
    db_path = tmp_path / "world.duckdb"
    generator.main(
        ["--customers", "1600", "--as-of", "2026-06-15", "--duckdb-path", str(db_path)]
        + ["--map-seed", str(tmp_path / "map.csv")]
    )
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = con.execute(
            "select account_name from raw.crm_accounts union all select name from "
            "raw.billing_customers union all select tenant_name from raw.ops_tenants"
        ).fetchall()
        truth = con.execute(
            "select story_kind, count(*), count(true_canonical_id) from demo_truth.match_truth "
            "group by story_kind order by story_kind"
        ).fetchall()
        # every record of the truth is a landed record that the key map leaves unmapped
        landed = con.execute(
            "select count(*) from demo_truth.match_truth as t where exists (select 1 from ("
            "select 'crm' as s, lower(trim(account_id)) as i from raw.crm_accounts union all "
            "select 'billing', lower(trim(customer_id)) from raw.billing_customers union all "
            "select 'ops', lower(trim(tenant_id)) from raw.ops_tenants) as r "
            "where r.s = t.source_system and r.i = t.source_id)"
        ).fetchone()[0]
    assert not [name for (name,) in names if name and any(ch.isdigit() for ch in name)]
    kinds = generator.MATCH_STORY_KINDS
    assert truth == sorted(
        [(kind, 2, 2) for kind in kinds] + [("new_customer", 6, 0)], key=lambda row: row[0]
    )
    assert landed == 18
    mapped = {row.split(",")[2].strip().lower() for row in (tmp_path / "map.csv").open()}
    with duckdb.connect(str(db_path), read_only=True) as con:
        story_ids = [
            i for (i,) in con.execute("select source_id from demo_truth.match_truth").fetchall()
        ]
    assert not mapped & set(story_ids)


def test_the_replay_names_a_customer_as_the_generator_does() -> None:
    """One naming rule: a customer's name depends on the seed and its index alone."""
    import datetime as dt

    import numpy as np

    from recon.replay import World

    plan = generator.draw_customer_plan(generator.group_sizes(50), seed=9)
    world = World(plan, dt.date(2026, 6, 1), seed=9)
    existing = world.customer(3)
    assert existing.company == plan.column("company")[3].as_py()
    # the replay's customers 50 and 51 are named as the generator names customers 50 and 51
    # of a larger world of the same seed (the domain's top-level domain follows the currency,
    # which the replay draws on its own)
    new = world.new_customers(np.random.default_rng(1), 2, dt.date(2026, 6, 2))
    larger = generator.draw_customer_plan(generator.group_sizes(52), seed=9).to_pylist()[50:]

    def domain_name(domain: str, currency: str) -> str:
        return domain.removesuffix(generator.TOP_LEVEL_DOMAINS[currency])

    assert [c.company for c in new] == [row["company"] for row in larger]
    assert [domain_name(c.domain, c.currency) for c in new] == [
        domain_name(row["domain"], row["currency"]) for row in larger
    ]
    assert len({c.company for c in new} | {existing.company}) == 3
    assert not any(ch.isdigit() for c in new for ch in c.company)
