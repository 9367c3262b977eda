"""The fix queue: one unambiguous fix is ready with a JSON action; the rest is held, with why."""

from __future__ import annotations

import json

from conftest import BUILD_UP_TO, DbtProject, assert_succeeded

QUEUE = "recon_marts.rpt_fix_queue"


def test_missing_billing_customer_is_ready_quarantine_and_ambiguous_are_held(
    project: DbtProject,
) -> None:
    project.generate(customers=300)
    assert_succeeded(project.dbt(*BUILD_UP_TO, "+int_customer_state"))
    single, double = (
        project.query(
            "select canonical_id from recon_intermediate.int_customer_state "
            f"where crm_active and billing_active and not in_grace_period "
            f"and crm_account_ids {'not ' if accounts == 1 else ''}like '%,%' "
            "order by canonical_id limit 1"
        )[0][0]
        for accounts in (1, 2)
    )
    # Both lose their billing customer (an old deletion, so not in grace).
    project.execute(
        "delete from raw.billing_customers where lower(trim(customer_id)) in ("
        "select source_id from recon_intermediate.int_canonical_map_as_of "
        f"where source_system = 'billing' and canonical_id in ('{single}', '{double}'))"
    )

    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit"))

    queue = {
        canonical_id: (rule, status, action, payload, reason)
        for canonical_id, rule, status, action, payload, reason in project.query(
            "select canonical_id, rule_name, queue_status, action_type, action_payload, "
            f"hold_reason from {QUEUE} where as_of_date = '2026-06-15'"
        )
    }
    rule, status, action, payload, reason = queue[single]
    assert (rule, status, action, reason) == (
        "MISSING_IN_BILLING",
        "ready",
        "create_billing_customer",
        None,
    )
    account = project.query(
        "select account_id, contracted_seats, currency from "
        "recon_intermediate.int_crm_accounts_as_of "
        f"where canonical_id = '{single}' and is_active_account"
    )[0]
    parsed = json.loads(payload)
    assert parsed["action"] == "create_billing_customer"
    assert (parsed["crm_account_id"], parsed["seats"], parsed["currency"]) == account
    assert queue[double][1:4] == ("held", None, None)
    assert queue[double][4].startswith("ambiguous: 2 active CRM accounts")
    held = project.query(
        f"select count(*) from {QUEUE} where rule_name = 'PLAN_MISMATCH' "
        "and queue_status = 'held' and hold_reason like 'response policy is quarantine%'"
    )[0][0]
    plan_mismatches = project.query(
        "select count(*) from recon_marts.fact_reconciliation_exceptions "
        "where rule_name = 'PLAN_MISMATCH' and not in_grace_period"
    )[0][0]
    assert held == plan_mismatches > 0
