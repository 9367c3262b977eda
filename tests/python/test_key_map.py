"""The key map (seed or warehouse table): guards, history (snapshot), the map as of the day."""

from __future__ import annotations

from conftest import DbtProject, assert_failed_with, assert_succeeded

# The seed and the model that reads (and tests) it.
MAP = ("canonical_entity_map", "stg_canonical_entity_map")


def billing_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in rows if row["source_system"] == "billing" and not row["effective_to"]]


def test_overlapping_mappings_fail_naming_the_record_and_both_ranges(project: DbtProject) -> None:
    project.generate()
    rows = project.read_map()
    taken = billing_rows(rows)[0]
    rows.append(
        {
            **taken,
            "canonical_id": "cust_somebody_else",
            "source_id": "  " + taken["source_id"].upper(),
            "effective_from": "2026-03-01",
            "effective_to": "2026-07-01",
            "notes": "typed twice",
        }
    )
    project.write_map(rows)

    result = project.dbt("build", "--select", *MAP)

    assert_failed_with(
        result,
        f"seeds/canonical_entity_map.csv: 'billing' '{taken['source_id'].lower()}' is mapped to",
        f"'{taken['canonical_id']}' on [{taken['effective_from']}, open)",
        "'cust_somebody_else' on [2026-03-01, 2026-07-01)",
    )


def test_adjacent_ranges_do_not_overlap(project: DbtProject) -> None:
    project.generate()
    rows = project.read_map()
    moved = billing_rows(rows)[0]
    moved["effective_to"] = "2026-06-15"
    rows.append(
        {
            **moved,
            "canonical_id": "cust_new_owner",
            "effective_from": "2026-06-15",
            "effective_to": "",
            "notes": "moved",
        }
    )
    project.write_map(rows)

    assert_succeeded(project.dbt("build", "--select", *MAP, "int_canonical_map_as_of"))

    owner = project.query(
        "select canonical_id from recon_intermediate.int_canonical_map_as_of "
        f"where source_system = 'billing' and source_id = '{moved['source_id'].lower()}'"
    )
    assert owner == [("cust_new_owner",)]


def test_inverted_range_fails_naming_the_row(project: DbtProject) -> None:
    project.generate()
    rows = project.read_map()
    bad = billing_rows(rows)[0]
    bad["effective_from"], bad["effective_to"] = "2026-05-01", "2026-04-01"
    project.write_map(rows)

    result = project.dbt("build", "--select", *MAP)

    assert_failed_with(
        result,
        f"seeds/canonical_entity_map.csv: 'billing' '{bad['source_id']}' -> "
        f"'{bad['canonical_id']}' on ['2026-05-01', '2026-04-01'): "
        "effective_from must be before effective_to",
    )


def test_unknown_source_system_fails_naming_the_row(project: DbtProject) -> None:
    project.generate()
    rows = project.read_map()
    rows[0]["source_system"] = "erp"
    project.write_map(rows)

    result = project.dbt("build", "--select", *MAP)

    assert_failed_with(
        result,
        "seeds/canonical_entity_map.csv: source_system is 'erp' in the row "
        f'{{"canonical_id":"{rows[0]["canonical_id"]}","source_system":"erp",'
        f'"source_id":"{rows[0]["source_id"]}"',
        "which is not one of: crm, billing, ops. Use one of those words",
    )


def test_snapshot_closes_edited_and_removed_rows_and_opens_new_ones(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("build", "--select", *MAP, "snap_canonical_entity_map"))
    rows = project.read_map()
    edited, removed = billing_rows(rows)[:2]
    edited["canonical_id"] = "cust_reassigned"
    rows.remove(removed)
    project.write_map(rows)

    assert_succeeded(project.dbt("build", "--select", *MAP, "snap_canonical_entity_map"))

    def versions(row: dict[str, str]) -> list[tuple]:
        return project.query(
            "select canonical_id, dbt_valid_to is null as is_open "
            "from recon_snapshots.snap_canonical_entity_map "
            f"where source_system = 'billing' and source_id = '{row['source_id']}' "
            "order by dbt_valid_from"
        )

    original_owner = removed["canonical_id"]
    assert versions(edited)[0][1] is False
    assert versions(edited)[1] == ("cust_reassigned", True)
    assert len(versions(edited)) == 2
    assert versions(removed) == [(original_owner, False)]
    open_rows = project.query(
        "select count(*) from recon_snapshots.snap_canonical_entity_map where dbt_valid_to is null"
    )[0][0]
    assert open_rows == len(rows)


def test_a_large_map_lives_in_a_warehouse_table_with_the_same_guards_and_history(
    project: DbtProject,
) -> None:
    table = "master_data.key_map"
    project.generate(extra=["--map-table", table])
    in_table = {"canonical_map_table": table}
    build = ("build", "--select", "stg_canonical_entity_map+1", "snap_canonical_entity_map")
    holding = project.query(
        f"select count(*) from {table} where effective_from <= date '2026-06-15' "
        "and (effective_to is null or date '2026-06-15' < effective_to)"
    )[0][0]

    assert_succeeded(project.dbt(*build, extra_vars=in_table))

    assert project.query("select count(*) from recon_intermediate.int_canonical_map_as_of") == [
        (holding,)
    ]
    loaded = project.query(
        "select count(*) from information_schema.tables where table_name = 'canonical_entity_map'"
    )
    assert loaded == [(0,)]  # the seed is not loaded
    # an edit of the table is recorded by the same snapshot
    project.execute(
        f"update {table} set canonical_id = 'cust_reassigned' "
        "where source_system = 'billing' and source_id = 'cus_0000001'"
    )
    assert_succeeded(project.dbt(*build, extra_vars=in_table))
    assert project.query(
        "select canonical_id, dbt_valid_to is null from recon_snapshots.snap_canonical_entity_map "
        "where source_system = 'billing' and source_id = 'cus_0000001' order by dbt_valid_from"
    ) == [("cust_0000001", False), ("cust_reassigned", True)]
    # a bad row stops the build naming the table and the row
    project.execute(f"update {table} set canonical_id = '  ' where source_id = 'cus_0000002'")
    assert_failed_with(
        project.dbt(*build, extra_vars=in_table),
        f"{table}: canonical_id is '  ' (empty or blank) in the row "
        '{"canonical_id":"  ","source_system":"billing","source_id":"cus_0000002"',
    )
