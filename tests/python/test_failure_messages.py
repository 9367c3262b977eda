"""No data test reports a failure without naming a row.

Every data test of the project, dbt's built-in ones included (macros/default__test_*.sql
override them), closes with `raise_first_failure`, which stops the build with the first
failure's own sentence; a test configured as a warning keeps its named rows in a table
instead. Compiled here on a small world, so a new test written the plain dbt way (whose
failure would only say "Got 3 results") fails this check.
"""

from __future__ import annotations

import json

from conftest import DbtProject, assert_failed_with, assert_succeeded


def test_every_data_test_names_the_rows_it_finds(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("compile", "--select", "test_type:data"))
    manifest = json.loads((project.root / "target" / "manifest.json").read_text())
    tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]

    plain = []
    for test in tests:
        code = test["compiled_code"]
        if test["config"]["severity"].lower() == "warn":
            if not (test["config"]["store_failures"] and "failure_message" in code):
                plain.append(test["name"])
        elif "problem(s) in all" not in code:
            plain.append(test["name"])

    assert len(tests) > 150
    assert plain == []


def test_a_daily_mart_is_tested_on_the_day_built(project: DbtProject) -> None:
    # The run replaces one day's partition and leaves the others as their runs tested them,
    # so the marts' tests read that day only (macros/failures/default__get_where_subquery.sql):
    # their cost stays flat as history grows, and a failure names the relation and the day.
    project.generate()
    everything = ("build", "--exclude", "test_type:unit")
    assert_succeeded(project.dbt(*everything, as_of="2026-06-15"))
    project.execute(
        "insert into recon_marts.fact_quarantined_rows select * replace "
        "('gremlins' as quarantine_reason) from recon_marts.fact_quarantined_rows "
        "where as_of_date = '2026-06-15' limit 1"
    )

    assert_succeeded(project.dbt(*everything, as_of="2026-06-16"))

    marts_yaml = project.root / "models" / "marts" / "_marts.yml"
    marts_yaml.write_text(marts_yaml.read_text().replace("values: [missing_key, ", "values: ["))
    result = project.dbt("build", "--select", "fact_quarantined_rows", as_of="2026-06-16")
    assert_failed_with(
        result,
        "recon_marts.fact_quarantined_rows (the day built): quarantine_reason is 'missing_key' "
        'in the row {"as_of_date":"2026-06-16"',
    )
