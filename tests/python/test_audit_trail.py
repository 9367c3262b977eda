"""The audit trail: a map edit, a catalog edit, a threshold change and a resolution entered
between two builds are each one row of rpt_audit_trail, with before and after.

One small demo world, built on 2026-06-15 (the baseline: every map row, rule and var
`added`), then edited as people do in pull requests and built on 2026-06-16 with another
seat tolerance, then once more with the default (a change back is a change too).
"""

from __future__ import annotations

import os

from conftest import DbtProject, assert_succeeded

DAY_1, DAY_2, DAY_3 = "2026-06-15", "2026-06-16", "2026-06-17"
TRAIL = "recon_marts.rpt_audit_trail"
COLUMNS = (
    "change_area",
    "object_key",
    "change_kind",
    "before_value",
    "after_value",
    "changed_by",
    "note",
)


def trail(project: DbtProject, where: str = "true") -> list[dict[str, object]]:
    rows = project.query(
        f"select {', '.join(COLUMNS)}, took_effect_at from {TRAIL} where {where} "
        "order by took_effect_at, change_area, object_key, change_kind"
    )
    return [dict(zip((*COLUMNS, "took_effect_at"), row, strict=True)) for row in rows]


def without_time(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in row.items() if k != "took_effect_at"} for row in rows]


def test_map_catalog_threshold_and_resolution_changes_are_in_the_trail(
    project: DbtProject,
) -> None:
    project.generate()
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of=DAY_1))
    user = os.environ.get("USER", "unknown")
    baseline = trail(project)
    map_rows = project.read_map()
    catalog = project.read_seed("rule_catalog")
    kinds = {(row["change_area"], row["change_kind"]) for row in baseline}
    assert kinds == {("key_map", "added"), ("rule_catalog", "added"), ("run_var", "added")}
    assert sum(row["change_area"] == "key_map" for row in baseline) == len(map_rows)
    assert sorted(
        r["object_key"] for r in baseline if r["change_area"] == "rule_catalog"
    ) == sorted(rule["rule_name"] for rule in catalog)
    tolerance = next(r for r in baseline if r["object_key"] == "seat_tolerance_abs")
    assert (tolerance["before_value"], tolerance["after_value"]) == (None, "1")
    assert tolerance["changed_by"] == user
    assert not any(r["object_key"] == "as_of_date" for r in baseline)  # changes every run
    first_seen = max(row["took_effect_at"] for row in baseline)

    # the pull request: a map row's notes edited, another row re-dated (removed, added again
    # from a later day), an SLA raised, and a claim on an exception of day 1
    edited, redated = map_rows[0], map_rows[1]
    new_notes = "merged after review"
    later = {**redated, "effective_from": "2020-01-01"}
    project.write_map([{**edited, "notes": new_notes}, later, *map_rows[2:]])
    rule = "SEAT_COUNT_DRIFT"
    old_sla = next(r["sla_days"] for r in catalog if r["rule_name"] == rule)
    project.write_seed(
        "rule_catalog",
        [{**r, "sla_days": "20"} if r["rule_name"] == rule else r for r in catalog],
    )
    exception_id = project.query(
        "select min(exception_id) from recon_marts.fact_reconciliation_exceptions "
        f"where as_of_date = '{DAY_1}'"
    )[0][0]
    project.write_seed(
        "exception_resolutions",
        [
            {
                "exception_id": exception_id,
                "resolution_status": "investigating",
                "root_cause": "other",
                "resolution_note": "asked billing for the contract",
                "assignee": "alice@example.com",
                "resolved_by": "alice@example.com",
                "resolved_at": "2026-06-16 09:30:00",
            },
            {
                "exception_id": exception_id,
                "resolution_status": "released",
                "root_cause": "other",
                "resolution_note": "back to the queue",
                "assignee": "",
                "resolved_by": "alice@example.com",
                "resolved_at": "2026-06-16T12:00:00+02:00",
            },
        ],
    )
    assert_succeeded(
        project.dbt(
            "build",
            "--exclude",
            "test_type:unit",
            as_of=DAY_2,
            extra_vars={"seat_tolerance_abs": 3},
        )
    )

    # a resolution takes effect when it was entered (resolved_at), not when a build saw it
    changes = trail(
        project, f"took_effect_at > timestamp '{first_seen}' or change_area = 'resolution'"
    )
    label = f"{edited['source_system']}:{edited['source_id']} from {edited['effective_from']}"
    old_label = (
        f"{redated['source_system']}:{redated['source_id']} from {redated['effective_from']}"
    )
    new_label = f"{redated['source_system']}:{redated['source_id']} from 2020-01-01"
    run_note = next(r["note"] for r in changes if r["change_area"] == "run_var")
    assert run_note.endswith(f" for {DAY_2}")
    redated_values = (
        f"canonical_id={redated['canonical_id']}; effective_to="
        f"{redated['effective_to'] or '(empty)'}; notes={redated['notes'] or '(empty)'}"
    )
    expected = [
        {
            "change_area": "key_map",
            "object_key": label,
            "change_kind": "edited",
            "before_value": f"notes={edited['notes'] or '(empty)'}",
            "after_value": f"notes={new_notes}",
            "changed_by": None,
            "note": None,
        },
        {
            "change_area": "key_map",
            "object_key": old_label,
            "change_kind": "removed",
            "before_value": redated_values,
            "after_value": None,
            "changed_by": None,
            "note": None,
        },
        {
            "change_area": "key_map",
            "object_key": new_label,
            "change_kind": "added",
            "before_value": None,
            "after_value": redated_values,
            "changed_by": None,
            "note": None,
        },
        {
            "change_area": "resolution",
            "object_key": exception_id,
            "change_kind": "added",
            "before_value": None,
            "after_value": (
                "resolution_status=investigating; root_cause=other; assignee=alice@example.com"
            ),
            "changed_by": "alice@example.com",
            "note": "asked billing for the contract",
        },
        {
            "change_area": "resolution",
            "object_key": exception_id,
            "change_kind": "added",
            "before_value": "resolution_status=investigating; assignee=alice@example.com",
            "after_value": "resolution_status=released; root_cause=other; assignee=(empty)",
            "changed_by": "alice@example.com",
            "note": "back to the queue",
        },
        {
            "change_area": "rule_catalog",
            "object_key": rule,
            "change_kind": "edited",
            "before_value": f"sla_days={old_sla}",
            "after_value": "sla_days=20",
            "changed_by": None,
            "note": None,
        },
        {
            "change_area": "run_var",
            "object_key": "seat_tolerance_abs",
            "change_kind": "edited",
            "before_value": "1",
            "after_value": "3",
            "changed_by": user,
            "note": run_note,
        },
    ]
    key = lambda row: (  # noqa: E731
        row["change_area"],
        row["object_key"],
        row["change_kind"],
        row["after_value"] or "",
    )
    assert sorted(without_time(changes), key=key) == sorted(expected, key=key)
    # the build saw the map and the catalog after the run started; the var took effect at
    # the start of the run; the resolution when it was entered
    # (an offset is converted: 12:00 at +02:00 is 10:00 UTC)
    assert [str(r["took_effect_at"]) for r in changes if r["change_area"] == "resolution"] == [
        "2026-06-16 09:30:00",
        "2026-06-16 10:00:00",
    ]

    # the default again: the tolerance changes back, and nothing else changes
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", as_of=DAY_3))
    latest = max(row["took_effect_at"] for row in changes if row["change_area"] != "resolution")
    back = without_time(
        trail(project, f"took_effect_at > timestamp '{latest}' and change_area <> 'resolution'")
    )
    assert [(r["object_key"], r["before_value"], r["after_value"]) for r in back] == [
        ("seat_tolerance_abs", "3", "1")
    ]
