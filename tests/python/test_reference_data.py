"""Reference data is input too: every bad value in a seed stops the build, naming the file,
the row and the value, and saying what to do.

Each case changes one value of one seed in a copy of the project (the committed seeds are a
good world) and builds that seed with its tests. The README's bad-input table has a row per
case. The headline case (a blank canonical id) is also built end to end, to show the day is
refused and the marts stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import DbtProject, assert_failed_with, assert_succeeded

Rows = list[dict[str, str]]


def change(column: str, value: str, row: int = 0) -> Callable[[Rows], Rows]:
    """A mutation: `column` of the `row`-th row set to `value`."""

    def mutate(rows: Rows) -> Rows:
        rows[row] = {**rows[row], column: value}
        return rows

    return mutate


def append(**values: str) -> Callable[[Rows], Rows]:
    """A mutation: a copy of the first row with `values`, added at the end."""

    def mutate(rows: Rows) -> Rows:
        return [*rows, {**rows[0], **values}]

    return mutate


RESOLUTION = {
    "exception_id": "0123456789abcdef",
    "resolution_status": "fixed_in_source",
    "root_cause": "manual_override",
    "resolution_note": "billing canceled by hand",
    "assignee": "",
    "resolved_by": "ar@example.com",
    "resolved_at": "2026-06-12 16:00:00",
}


def resolution(**values: str) -> Callable[[Rows], Rows]:
    """A mutation of the (empty) resolutions seed: one resolution with `values`."""
    return lambda rows: [{**RESOLUTION, **values}]


# The model that reads a seed and carries its tests (the key map may live in a table instead).
SEED_READERS = {"canonical_entity_map": ("stg_canonical_entity_map",)}

# seed, mutation, fragments the failure message must contain
CASES: dict[str, tuple[str, Callable[[Rows], Rows], tuple[str, ...]]] = {
    "map: blank canonical_id": (
        "canonical_entity_map",
        change("canonical_id", "   "),
        (
            "seeds/canonical_entity_map.csv: canonical_id is '   ' (empty or blank) in the row "
            '{"canonical_id":"   ","source_system":"billing","source_id":"cus_0000001"',
            "Fill in canonical_id, or remove the row, in seeds/canonical_entity_map.csv",
        ),
    ),
    "map: empty canonical_id": (
        "canonical_entity_map",
        change("canonical_id", ""),
        ("seeds/canonical_entity_map.csv: canonical_id is null (empty or blank) in the row",),
    ),
    "map: blank source_id": (
        "canonical_entity_map",
        change("source_id", " \t "),
        (
            "seeds/canonical_entity_map.csv: source_id is ' \t ' (empty or blank) in the row "
            '{"canonical_id":"cust_0000001","source_system":"billing"',
        ),
    ),
    "map: source_system in upper case": (
        "canonical_entity_map",
        change("source_system", "CRM"),
        (
            "seeds/canonical_entity_map.csv: source_system is 'CRM' in the row "
            '{"canonical_id":"cust_0000001","source_system":"CRM"',
            "which is not one of: crm, billing, ops",
        ),
    ),
    "map: no source_system": (
        "canonical_entity_map",
        change("source_system", ""),
        (
            "seeds/canonical_entity_map.csv: source_system is null in the row "
            '{"canonical_id":"cust_0000001","source_system":null',
            "Fill in source_system in seeds/canonical_entity_map.csv",
        ),
    ),
    "map: no effective_from": (
        "canonical_entity_map",
        change("effective_from", ""),
        ("seeds/canonical_entity_map.csv: effective_from is null in the row",),
    ),
    "map: effective_from not a date": (
        "canonical_entity_map",
        change("effective_from", "2026-13-01"),
        (
            "CSV Error on Line: 2",
            "cust_0000001,billing,cus_0000001,2026-13-01",
            'Error when converting column "effective_from"',
            "seeds/canonical_entity_map.csv",
        ),
    ),
    "map: effective_to not a date": (
        "canonical_entity_map",
        change("effective_to", "someday"),
        ("CSV Error on Line: 2", 'Error when converting column "effective_to"'),
    ),
    "fx: currency in lower case": (
        "fx_rates",
        change("currency", "eur", row=1),
        (
            "seeds/fx_rates.csv: currency 'eur' from '2024-01-01': currency must be a "
            "three-letter ISO 4217 code in upper case",
        ),
    ),
    "fx: no currency": (
        "fx_rates",
        change("currency", "", row=1),
        ("seeds/fx_rates.csv: currency null from '2024-01-01': currency must be",),
    ),
    "fx: rate zero": (
        "fx_rates",
        change("rate_to_usd", "0", row=1),
        (
            "seeds/fx_rates.csv: 'EUR' from '2024-01-01' (rate '0.00000000'): rate_to_usd must be "
            "a positive number",
        ),
    ),
    "fx: rate negative": (
        "fx_rates",
        change("rate_to_usd", "-1.08", row=1),
        ("seeds/fx_rates.csv: 'EUR' from '2024-01-01' (rate '-1.08000000'): rate_to_usd must",),
    ),
    "fx: no rate": (
        "fx_rates",
        change("rate_to_usd", "", row=1),
        ("seeds/fx_rates.csv: rate_to_usd is null in the row", '"currency":"EUR"'),
    ),
    "fx: rate not a number": (
        "fx_rates",
        change("rate_to_usd", "1,085", row=1),
        ("CSV Error on Line: 3", 'Error when converting column "rate_to_usd"'),
    ),
    "fx: two rates for one currency and day": (
        "fx_rates",
        append(currency="EUR", rate_to_usd="1.5", valid_from="2026-01-01"),
        (
            "seeds/fx_rates.csv: currency 'EUR', valid_from '2026-01-01' is in 2 rows: "
            '{"currency":"EUR","rate_to_usd":1.07800000,"valid_from":"2026-01-01"} and '
            '{"currency":"EUR","rate_to_usd":1.50000000,"valid_from":"2026-01-01"}',
            "Keep one row for these values in seeds/fx_rates.csv",
        ),
    ),
    "fx: no valid_from": (
        "fx_rates",
        change("valid_from", "", row=1),
        ("seeds/fx_rates.csv: valid_from is null in the row",),
    ),
    "catalog: blank rule_name": (
        "rule_catalog",
        change("rule_name", " "),
        ("seeds/rule_catalog.csv: rule_name is ' ' (empty or blank) in the row",),
    ),
    "catalog: rule listed twice": (
        "rule_catalog",
        append(),
        (
            "seeds/rule_catalog.csv: rule_name 'BILLING_ACTIVE_CRM_INACTIVE' is in 2 rows, "
            "and must be in one. Keep one row for it",
        ),
    ),
    "catalog: a row without its rule model": (
        "rule_catalog",
        append(rule_name="DORMANT_TENANT"),
        (
            "seeds/rule_catalog.csv: row 'DORMANT_TENANT' has no model "
            "models/rules/rule_dormant_tenant.sql",
        ),
    ),
    "catalog: unknown rule_level": (
        "rule_catalog",
        change("rule_level", "customer"),
        (
            "seeds/rule_catalog.csv: rule_level is 'customer' in the row "
            '{"rule_name":"BILLING_ACTIVE_CRM_INACTIVE"',
            "which is not one of: entity, product, provider, revenue, usage",
        ),
    ),
    "catalog: blank description": (
        "rule_catalog",
        change("description", "  "),
        ("seeds/rule_catalog.csv: description is '  ' (empty or blank) in the row",),
    ),
    "catalog: unknown owner_team": (
        "rule_catalog",
        change("owner_team", "finance"),
        (
            "seeds/rule_catalog.csv: owner_team is 'finance' in the row",
            "which is not one of: accounts_receivable, account_management, product_operations",
        ),
    ),
    "catalog: unknown escalation_team": (
        "rule_catalog",
        change("escalation_team", "the_ceo"),
        (
            "seeds/rule_catalog.csv: escalation_team is 'the_ceo' in the row",
            "which is not one of: finance_controlling, revenue_operations",
        ),
    ),
    "catalog: no escalation_team": (
        "rule_catalog",
        change("escalation_team", ""),
        ("seeds/rule_catalog.csv: escalation_team is null in the row",),
    ),
    "catalog: escalates to its own owner team": (
        "rule_catalog",
        change("escalation_team", "account_management"),
        (
            "seeds/rule_catalog.csv: 'BILLING_ACTIVE_CRM_INACTIVE' (owner_team "
            "'account_management', escalation_team 'account_management'): an exception that "
            "breached its SLA escalates to another team",
        ),
    ),
    "catalog: unknown response_policy": (
        "rule_catalog",
        change("response_policy", "autofix"),
        (
            "seeds/rule_catalog.csv: response_policy is 'autofix' in the row",
            "which is not one of: report, auto_fix, quarantine",
        ),
    ),
    "catalog: sla_days zero": (
        "rule_catalog",
        change("sla_days", "0"),
        (
            "seeds/rule_catalog.csv: 'BILLING_ACTIVE_CRM_INACTIVE' (sla_days '0'): sla_days "
            "must be a whole number of days from 1 to 365",
        ),
    ),
    "catalog: sla_days over a year": (
        "rule_catalog",
        change("sla_days", "366"),
        ("seeds/rule_catalog.csv: 'BILLING_ACTIVE_CRM_INACTIVE' (sla_days '366'): sla_days",),
    ),
    "catalog: sla_days with a space": (
        "rule_catalog",
        change("sla_days", " 3"),
        ("seeds/rule_catalog.csv: 'BILLING_ACTIVE_CRM_INACTIVE' (sla_days ' 3'): sla_days",),
    ),
    "catalog: no sla_days": (
        "rule_catalog",
        change("sla_days", ""),
        ("seeds/rule_catalog.csv: sla_days is null in the row",),
    ),
    "catalog: sla_days with a fraction": (
        "rule_catalog",
        change("sla_days", "2.5"),
        ("seeds/rule_catalog.csv: 'BILLING_ACTIVE_CRM_INACTIVE' (sla_days '2.5'): sla_days",),
    ),
    "catalog: enabled not a boolean": (
        "rule_catalog",
        change("enabled", "maybe"),
        ("CSV Error on Line: 2", 'Error when converting column "enabled"'),
    ),
    "catalog: enabled empty": (
        "rule_catalog",
        change("enabled", ""),
        ("seeds/rule_catalog.csv: enabled is null in the row",),
    ),
    "resolutions: blank exception_id": (
        "exception_resolutions",
        resolution(exception_id=" "),
        ("seeds/exception_resolutions.csv: exception_id is ' ' (empty or blank) in the row",),
    ),
    "resolutions: unknown resolution_status": (
        "exception_resolutions",
        resolution(resolution_status="done"),
        (
            "seeds/exception_resolutions.csv: resolution_status is 'done' in the row "
            '{"exception_id":"0123456789abcdef"',
            "which is not one of: investigating, released, fixed_in_source, "
            "accepted_difference, false_positive",
        ),
    ),
    "resolutions: unknown root_cause": (
        "exception_resolutions",
        resolution(root_cause="gremlins"),
        ("seeds/exception_resolutions.csv: root_cause is 'gremlins' in the row",),
    ),
    "resolutions: a claim without an assignee": (
        "exception_resolutions",
        resolution(resolution_status="investigating", assignee=" "),
        (
            "seeds/exception_resolutions.csv: exception_id '0123456789abcdef' resolved_at "
            "'2026-06-12 16:00:00': an investigating entry claims the exception and must name "
            "who works it",
        ),
    ),
    "resolutions: nobody resolved it": (
        "exception_resolutions",
        resolution(resolved_by=""),
        ("seeds/exception_resolutions.csv: resolved_by is null (empty or blank) in the row",),
    ),
    "resolutions: no resolved_at": (
        "exception_resolutions",
        resolution(resolved_at=""),
        ("seeds/exception_resolutions.csv: resolved_at is null in the row",),
    ),
    "resolutions: resolved_at not a timestamp": (
        "exception_resolutions",
        resolution(resolved_at="yesterday"),
        (
            "seeds/exception_resolutions.csv: exception_id '0123456789abcdef' resolved_at "
            "'yesterday': resolved_at does not read as a timestamp",
        ),
    ),
    "resolutions: resolved_at infinity": (
        "exception_resolutions",
        resolution(resolved_at="infinity"),
        ("resolved_at 'infinity': resolved_at does not read as a timestamp",),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_seed_value_stops_the_build_naming_file_row_and_value(
    project: DbtProject, case: tuple[str, Callable[[Rows], Rows], tuple[str, ...]]
) -> None:
    seed, mutate, fragments = case
    project.write_seed(seed, mutate(project.read_seed(seed)))

    selected = (seed, *SEED_READERS.get(seed, ()))
    result = project.dbt("build", "--select", *selected, "--indirect-selection", "cautious")

    assert_failed_with(result, *fragments)
    assert "Got 1 result" not in result.stdout


def test_the_committed_seeds_pass_every_check(project: DbtProject) -> None:
    seeds = ("canonical_entity_map", "fx_rates", "rule_catalog", "exception_resolutions")
    selected = (*seeds, *(model for seed in seeds for model in SEED_READERS.get(seed, ())))
    assert_succeeded(
        project.dbt("build", "--select", *selected, "--indirect-selection", "cautious")
    )
    # the edges the cases above step over: one day of SLA, a year of SLA, a tiny rate, the
    # loader's other spellings of a boolean, a resolution without a note, a claim
    catalog = project.read_seed("rule_catalog")
    catalog[0]["sla_days"], catalog[1]["sla_days"] = "1", "365"
    catalog[2]["enabled"], catalog[3]["enabled"] = "t", "yes"
    project.write_seed("rule_catalog", catalog)
    rates = project.read_seed("fx_rates")
    rates[1]["rate_to_usd"] = "0.00000001"
    project.write_seed("fx_rates", rates)
    project.write_seed(
        "exception_resolutions",
        [
            {**RESOLUTION, "resolution_note": ""},
            {**RESOLUTION, "resolved_at": "2026-06-12T18:00:00+02:00"},
            {**RESOLUTION, "resolution_status": "investigating", "assignee": "ar@example.com"},
        ],
    )
    assert_succeeded(
        project.dbt(
            "build",
            "--select",
            "fx_rates",
            "rule_catalog",
            "exception_resolutions",
            "--indirect-selection",
            "cautious",
        )
    )


def test_a_blank_canonical_id_refuses_the_day_and_keeps_the_marts(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit"))
    before = project.marts()
    rows = project.read_map()
    tenant = next(row for row in rows if row["source_system"] == "ops")
    tenant["canonical_id"] = "  "
    project.write_map(rows)

    result = project.dbt("build", "--exclude", "test_type:unit", as_of="2026-06-16")

    assert_failed_with(
        result,
        "seeds/canonical_entity_map.csv: canonical_id is '  ' (empty or blank) in the row",
        f'"source_id":"{tenant["source_id"]}"',
    )
    assert project.marts() == before
    assert project.query(
        "select count(*) from recon_marts.fact_customer_reconciliation where canonical_id = ''"
    ) == [(0,)]
