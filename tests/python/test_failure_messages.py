"""No data test reports a failure without naming a row.

Every data test of the project, dbt's built-in ones included (macros/default__test_*.sql
override them), closes with `raise_first_failure`, which stops the build with the first
failure's own sentence; a test configured as a warning keeps its named rows in a table
instead. Compiled here on a small world, so a new test written the plain dbt way (whose
failure would only say "Got 3 results") fails this check.
"""

from __future__ import annotations

import json

from conftest import DbtProject, assert_succeeded


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
