"""The replay: an interrupted replay resumes to the same facts, each event tells its story on
the days it promises, fixes enter their resolutions, the repository's seeds stay as they are,
and the copy's seeds keep their own columns.

One small world (300 customers) is replayed twice and shared by the tests: straight through
until the first webhook that never lands and the first manual cancellation have been fixed;
and two days, then an interruption after evolving the third day but before building it, then
four days.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import BIN_DIR, PROJECT_DIR

from recon import replay

SEED = 35  # a seed whose stories all end within the first week, to keep the test short
CUSTOMERS = 300
START = dt.date(2026, 5, 30)  # the replay crosses the monthly billing run of 1 June
ARGS = ("--customers", str(CUSTOMERS), "--seed", str(SEED), "--start", START.isoformat())
MUST_TELL = ("webhook_never_lands", "manual_cancellation")
ROOT_CAUSES = {
    "webhook_never_lands": {"integration_delay"},
    "required_field_missing": {"system_bug"},
    "manual_cancellation": {"manual_override", "contract_amendment"},
    "late_fix": {"migration_artifact", "manual_override"},
}


def run_replay(workdir: Path, days: int, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN_DIR / "recon"),
            "replay",
            "--days",
            str(days),
            "--workdir",
            str(workdir),
            *ARGS,
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def succeeded(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def query(workdir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(workdir / "replay.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def facts(workdir: Path, where: str = "") -> list[tuple]:
    return sorted(
        query(workdir, f"select * from recon_marts.fact_reconciliation_exceptions {where}"),
        key=repr,
    )


def seeds_fingerprint() -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((PROJECT_DIR / "seeds").iterdir())
    }


@pytest.fixture(scope="module")
def replays(tmp_path_factory: pytest.TempPathFactory) -> dict:
    plan = replay.plan_replay(SEED, CUSTOMERS, START, 10)
    first_fix = {
        kind: min(story.gone for story in plan.stories if story.kind == kind) for kind in MUST_TELL
    }
    days = max(first_fix.values()) + 1
    assert days <= 8, f"the stories of seed {SEED} end too late for a short test: {first_fix}"

    seeds_before = seeds_fingerprint()
    root = tmp_path_factory.mktemp("replay")
    straight, resumed = root / "straight", root / "resumed"
    succeeded(run_replay(straight, days))

    succeeded(run_replay(resumed, 2))
    # Interrupted after evolving the third day, before building it.
    replay.evolve_day(resumed / "replay.duckdb", replay.plan_replay(SEED, CUSTOMERS, START, 3), 2)
    evolved = query(resumed, "select day, evolved_at from replay.replay.replay_log")
    resumed_output = succeeded(run_replay(resumed, 4))
    wrong_seed = run_replay(resumed, 4, "--seed", str(SEED + 1))

    return {
        "days": days,
        "plan": replay.plan_replay(SEED, CUSTOMERS, START, days),
        "straight": straight,
        "resumed": resumed,
        "evolved": evolved,
        "resumed_output": resumed_output,
        "wrong_seed": wrong_seed,
        "seeds_before": seeds_before,
    }


def test_an_interrupted_replay_resumes_to_the_same_facts(replays: dict) -> None:
    resumed = replays["resumed"]
    assert "4 days built" in replays["resumed_output"]
    assert "2 in this run" in replays["resumed_output"]
    log = query(resumed, "select day, evolved_at, built_at from replay.replay.replay_log")
    assert sorted(day for day, _, _ in log) == [START + dt.timedelta(days=i) for i in range(4)]
    assert all(built_at is not None for _, _, built_at in log)
    # The third day was only built: it keeps the evolution logged before the interruption.
    assert set(replays["evolved"]) <= {(day, evolved_at) for day, evolved_at, _ in log}
    # Day i depends only on days up to i, so the straight run's first four days are what an
    # uninterrupted four-day replay gives.
    last = START + dt.timedelta(days=3)
    assert facts(resumed) == facts(replays["straight"], f"where as_of_date <= '{last}'")

    wrong_seed = replays["wrong_seed"]
    assert wrong_seed.returncode == 1
    assert f"started with --seed {SEED}, not {SEED + 1}" in wrong_seed.stderr
    assert "--restart" in wrong_seed.stderr


def test_each_event_shows_its_exception_until_the_fix_day(replays: dict) -> None:
    days, plan = replays["days"], replays["plan"]
    seen = {
        (as_of, rule, canonical_id): in_grace
        for as_of, rule, canonical_id, in_grace in query(
            replays["straight"],
            "select as_of_date, rule_name, canonical_id, in_grace_period "
            "from recon_marts.fact_reconciliation_exceptions",
        )
    }
    told = set()
    for story in plan.stories:
        if story.gone >= days:
            continue
        told.add(story.kind)
        for day in range(story.appears, story.gone + 1):
            if day == story.gone:
                expected = "gone"
            elif story.open_from is None or day < story.open_from:
                expected = "in grace"
            else:
                expected = "open"
            state = seen.get((plan.on(day), story.rule_name, story.canonical_id))
            actual = "gone" if state is None else "in grace" if state else "open"
            assert actual == expected, f"{story} on day {day} ({plan.on(day)})"
    assert told >= set(MUST_TELL)


def test_fixes_enter_their_resolutions(replays: dict) -> None:
    days, plan = replays["days"], replays["plan"]
    lifecycle = {
        row[:2]: row[2:]
        for row in query(
            replays["straight"],
            "select rule_name, canonical_id, status, resolved_on, resolution_status, root_cause, "
            "resolved_by from recon_marts.fact_exception_lifecycle",
        )
    }
    checked = 0
    for story in plan.stories:
        if story.gone >= days or story.kind not in ROOT_CAUSES:
            continue
        status, resolved_on, resolution, root_cause, resolved_by = lifecycle[
            (story.rule_name, story.canonical_id)
        ]
        assert (status, resolved_on) == ("resolved", plan.on(story.gone)), story
        assert (resolution, resolved_by) == ("fixed_in_source", "replay"), story
        assert root_cause in ROOT_CAUSES[story.kind], story
        checked += 1
    assert checked >= len(MUST_TELL)


def test_the_repository_seeds_are_untouched(replays: dict) -> None:
    assert seeds_fingerprint() == replays["seeds_before"]
    copy = replays["straight"] / "project" / "seeds"
    assert "replay: " in (copy / "canonical_entity_map.csv").read_text()
    assert "replay: " in (copy / "exception_resolutions.csv").read_text()


def test_each_replayed_day_gets_its_morning_digest(replays: dict) -> None:
    straight, days = replays["straight"], replays["days"]
    first_day = START.isoformat()
    written = sorted(path.name for path in (straight / "digest").iterdir())
    # The first built day has everything open as new, so its digest is always written.
    assert f"digest_{first_day}.md" in written
    assert f"digest_{first_day}.json" in written
    for name in written:
        day = dt.date.fromisoformat(name.split("_", 1)[1].split(".")[0])
        assert START <= day < START + dt.timedelta(days=days)


def test_the_seeds_keep_their_own_columns(tmp_path: Path) -> None:
    """A seed column the replay does not know (added later) is kept, empty in its rows."""
    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir(parents=True)
    for name, kept in (
        (
            "canonical_entity_map.csv",
            {"canonical_id": "cust_0000001", "source_system": "crm", "source_id": "acc_0000001"},
        ),
        (
            "exception_resolutions.csv",
            {"exception_id": "abc", "resolution_status": "investigating", "resolved_by": "ann"},
        ),
    ):
        header = (PROJECT_DIR / "seeds" / name).read_text().splitlines()[0].split(",")
        with (seeds / name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*header, "added_later"], restval="")
            writer.writeheader()
            writer.writerow({**kept, "added_later": "kept"})
    # The marts of the days built so far: the story's exception, and the manifest naming it.
    with duckdb.connect(str(tmp_path / "replay.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fact_exception_lifecycle as select 'id_1' as exception_id, "
            "'MISSING_IN_CRM' as rule_name, 'cust_0000002' as canonical_id"
        )
    target = tmp_path / "project" / "target"
    target.mkdir()
    node = {"resource_type": "model", "name": "fact_exception_lifecycle", "schema": "marts"}
    (target / "manifest.json").write_text(
        json.dumps({"metadata": {"adapter_type": "duckdb"}, "nodes": {"lifecycle": node}})
    )
    plan = replay.ReplayPlan(START)
    plan.map(1, "cust_0000002", "crm", "acc_0000002")
    story = replay.Story("late_fix", "MISSING_IN_CRM", "cust_0000002", 0, 0, 1)
    plan.resolve(1, plan.at(1, 12), story, "migration_artifact", "recreated")

    replay.write_seeds(seeds, plan, 1, tmp_path / "replay.duckdb")

    def rows(name: str) -> list[dict[str, str]]:
        with (seeds / name).open(newline="") as handle:
            return list(csv.DictReader(handle))

    mapped = {row["source_id"]: row for row in rows("canonical_entity_map.csv")}
    assert mapped["acc_0000001"]["added_later"] == "kept"
    assert mapped["acc_0000002"]["added_later"] == ""
    assert mapped["acc_0000002"]["notes"].startswith("replay: ")
    resolutions = {row["exception_id"]: row for row in rows("exception_resolutions.csv")}
    assert resolutions["abc"]["added_later"] == "kept"
    assert resolutions["id_1"]["added_later"] == ""
    assert resolutions["id_1"]["resolution_status"] == "fixed_in_source"
    assert resolutions["id_1"]["resolved_by"] == "replay"
