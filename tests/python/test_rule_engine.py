"""The rule engine end to end: the demo story, the catalog, and the daily partitions."""

from __future__ import annotations

import csv
import subprocess

from conftest import BIN_DIR, DbtProject, assert_failed_with, assert_succeeded

EXCEPTIONS = "recon_marts.fact_reconciliation_exceptions"
CUSTOMERS = "recon_marts.fact_customer_reconciliation"


def per_rule(project: DbtProject, as_of: str) -> dict[str, tuple[int, int]]:
    return {
        rule: (total, grace)
        for rule, total, grace in project.query(
            "select rule_name, count(*), count(*) filter (where in_grace_period) "
            f"from {EXCEPTIONS} where as_of_date = '{as_of}' group by rule_name"
        )
    }


def test_default_world_tells_the_readme_story(project: DbtProject) -> None:
    project.generate(customers=1600, seed=42)
    assert_succeeded(project.dbt("build"))

    assert per_rule(project, "2026-06-15") == {
        "BILLING_ACTIVE_CRM_INACTIVE": (36, 5),  # 31 canceled in the CRM, 5 churned today
        "MISSING_IN_CRM": (13, 0),
        "CRM_ACTIVE_BILLING_INACTIVE": (5, 5),  # canceled in billing today
        "SEAT_COUNT_DRIFT": (12, 4),
        "PLAN_MISMATCH": (7, 3),
        "REVENUE_MISMATCH": (6, 0),
        "OPS_ACTIVE_BILLING_INACTIVE": (5, 0),
        "BILLING_ACTIVE_OPS_INACTIVE": (4, 0),
        # 6 records of 2 new customers, 12 new records of known ones (the match story)
        "UNMAPPED_SOURCE_RECORD": (18, 0),
    }
    currencies_and_intervals = set(
        project.query(
            "select distinct s.currency, s.billing_interval "
            f"from {EXCEPTIONS} as e "
            "inner join recon_intermediate.int_billing_subscriptions_as_of as s "
            "on e.canonical_id = s.canonical_id "
            "where e.rule_name = 'REVENUE_MISMATCH'"
        )
    )
    assert ("EUR", "month") in currencies_and_intervals
    assert any(interval == "year" for _, interval in currencies_and_intervals)

    summary = subprocess.run(
        [
            str(BIN_DIR / "recon"),
            "summary",
            "--as-of",
            "2026-06-15",
            "--duckdb-path",
            str(project.db_path),
        ],
        env=project.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = {
        line.rsplit(maxsplit=1)[0].strip(): line.split()[-1]
        for line in summary.splitlines()
        if line.strip()
    }
    # 1,180 and 1,224 customers, plus the match story's 2 CRM accounts and 6 billing customers
    assert lines["CRM accounts, active"] == "1,182"
    assert lines["billing customers, with a live subscription"] == "1,230"
    assert lines["canceled in the CRM, still billed"] == "31"
    assert lines["billed, never reached the CRM"] == "13"
    assert "Ten largest open exceptions by money at risk" in summary


def test_rule_disabled_in_the_catalog_disappears_from_the_facts(project: DbtProject) -> None:
    project.generate(customers=300)
    catalog_path = project.root / "seeds" / "rule_catalog.csv"
    with catalog_path.open(newline="") as handle:
        catalog = list(csv.DictReader(handle))
    for row in catalog:
        if row["rule_name"] == "BILLING_ACTIVE_CRM_INACTIVE":
            row["enabled"] = "false"
    with catalog_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(catalog[0]))
        writer.writeheader()
        writer.writerows(catalog)

    assert_succeeded(project.dbt("build"))

    still_detected = project.query(
        "select count(*) from recon_rules.rule_billing_active_crm_inactive"
    )[0][0]
    assert still_detected > 0
    assert "BILLING_ACTIVE_CRM_INACTIVE" not in per_rule(project, "2026-06-15")
    assert project.query(
        f"select count(*) from {CUSTOMERS} "
        "where mismatched_rules like '%BILLING_ACTIVE_CRM_INACTIVE%' "
        "or in_grace_rules like '%BILLING_ACTIVE_CRM_INACTIVE%'"
    ) == [(0,)]


def test_rule_model_without_catalog_row_or_union_line_fails_naming_the_fix(
    project: DbtProject,
) -> None:
    project.generate()
    (project.root / "models" / "rules" / "rule_dormant_tenant.sql").write_text(
        "select * from {{ ref('rule_missing_in_crm') }}\n"
    )

    result = project.dbt(
        "build", "--select", "assert_rule_catalog_matches_rule_models", "+rule_catalog"
    )

    assert_failed_with(
        result,
        "int_reconciliation_exceptions: rule model rule_dormant_tenant is not unioned",
        "(2 problem(s) in all)",
    )


def test_each_day_keeps_its_partition_and_rebuilding_a_day_changes_nothing(
    project: DbtProject,
) -> None:
    project.generate(customers=200)
    assert_succeeded(project.dbt("build", as_of="2026-06-15"))
    first = project.query(f"select * from {EXCEPTIONS} order by as_of_date, exception_id")
    first_customers = project.query(f"select * from {CUSTOMERS} order by as_of_date, canonical_id")
    assert_succeeded(project.dbt("build", as_of="2026-06-16"))
    second_day = project.query(
        f"select * from {EXCEPTIONS} where as_of_date = '2026-06-16' order by exception_id"
    )
    assert second_day

    assert_succeeded(project.dbt("build", as_of="2026-06-15"))

    day_one = "where as_of_date = '2026-06-15' order by as_of_date"
    assert project.query(f"select * from {EXCEPTIONS} {day_one}, exception_id") == first
    assert project.query(f"select * from {CUSTOMERS} {day_one}, canonical_id") == first_customers
    assert (
        project.query(
            f"select * from {EXCEPTIONS} where as_of_date = '2026-06-16' order by exception_id"
        )
        == second_day
    )
    persisting = project.query(
        f"select count(*) from {EXCEPTIONS} as d1 inner join {EXCEPTIONS} as d2 "
        "on d1.exception_id = d2.exception_id and d1.rule_name = d2.rule_name "
        "and d1.as_of_date = '2026-06-15' and d2.as_of_date = '2026-06-16'"
    )[0][0]
    assert persisting > 0


def test_marts_built_alone_for_another_day_refuse_and_keep_the_partition(
    project: DbtProject,
) -> None:
    project.generate(customers=120)
    assert_succeeded(project.dbt("build", as_of="2026-06-15"))
    before = project.query(f"select * from {EXCEPTIONS} order by exception_id")

    result = project.dbt("build", "--select", "marts", as_of="2026-06-16")

    assert_failed_with(
        result,
        "was built for another as_of_date than 2026-06-16",
        "Build the upstream models in the same run: dbt build --select +",
    )
    assert project.query(f"select * from {EXCEPTIONS} order by exception_id") == before
