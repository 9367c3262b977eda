"""Raw input that makes a whole extract suspect stops the build with a message that names the
table, the row and the value; spellings that only look different are read as one.

Each test lands a small demo world, breaks one thing in it, and runs the staging model that
reads it. The previous table must stay as it was when the build fails. Rows that are merely
unusable are quarantined instead: see test_quarantine.py.
"""

from __future__ import annotations

from conftest import BUILD_UP_TO, DbtProject, assert_failed_with, assert_succeeded


def first_key(project: DbtProject, table: str, column: str) -> str:
    """The smallest normalised key of a real customer's row (their keys have digits; the
    generator's own unusable rows have none)."""
    return project.query(
        f"select min(lower(trim({column}))) from raw.{table} "
        f"where regexp_matches({column}, '[0-9]')"
    )[0][0]


def test_known_status_words_in_any_spelling_are_read(project: DbtProject) -> None:
    project.generate()
    project.execute(
        "update raw.billing_subscriptions set status = case "
        "when status ilike '%cancel%' then ' CANCELLED ' "
        "when subscription_id = (select min(subscription_id) from raw.billing_subscriptions) "
        "then 'Past Due' else status end"
    )

    assert_succeeded(project.dbt(*BUILD_UP_TO, "+stg_billing__subscriptions"))

    statuses = {
        row[0]
        for row in project.query("select status from recon_staging.stg_billing__subscriptions")
    }
    assert statuses <= {"trialing", "active", "past_due", "canceled", "unpaid"}
    assert {"canceled", "past_due"} <= statuses


def test_conflicting_duplicate_key_fails_naming_the_key(project: DbtProject) -> None:
    project.generate()
    customer = first_key(project, "billing_customers", "customer_id")
    project.execute(
        "insert into raw.billing_customers "
        "select upper(customer_id), name || ' (renamed)', email, crm_account_ref, is_deleted, "
        "created_at, updated_at from raw.billing_customers "
        f"where lower(trim(customer_id)) = '{customer}'"
    )

    result = project.dbt(*BUILD_UP_TO, "+stg_billing__customers")

    assert_failed_with(
        result,
        f"stg_billing__customers: customer_id '{customer}' has 2 different rows",
        "in raw.billing_customers (rows identical after normalisation are collapsed",
    )


def test_conflicting_usage_rows_for_one_tenant_day_fail_naming_both(project: DbtProject) -> None:
    project.generate()
    tenant, day = project.query(
        "select lower(trim(tenant_id)), usage_date from raw.ops_usage_daily where events >= 0 "
        "order by 1, 2 limit 1"
    )[0]
    project.execute(
        "insert into raw.ops_usage_daily select tenant_id, usage_date, active_users + 1, events "
        f"from raw.ops_usage_daily where lower(trim(tenant_id)) = '{tenant}' "
        f"and usage_date = '{day}'"
    )

    result = project.dbt(*BUILD_UP_TO, "+stg_ops__usage_daily")

    assert_failed_with(result, f"tenant_id and usage_date '{tenant} on {day}' has 2 different rows")


def test_exact_duplicates_and_key_spellings_collapse_to_one_row(project: DbtProject) -> None:
    project.generate()
    account = first_key(project, "crm_accounts", "account_id")
    project.execute(
        "insert into raw.crm_accounts "
        f"select * from raw.crm_accounts where lower(trim(account_id)) = '{account}' "
        "union all "
        "select ' ' || upper(account_id) || ' ', account_name, domain, upper(status), plan, "
        "contract_signed_date, contract_start_date, contract_end_date, contracted_seats, "
        "contract_mrr, currency, is_deleted, updated_at "
        f"from raw.crm_accounts where lower(trim(account_id)) = '{account}'"
    )

    assert_succeeded(project.dbt(*BUILD_UP_TO, "+stg_crm__accounts"))

    rows = project.query(
        "select account_id, account_id_raw from recon_staging.stg_crm__accounts "
        f"where account_id = '{account}'"
    )
    assert len(rows) == 1
    assert rows[0][1].strip().lower() == account


def test_failed_staging_build_leaves_previous_table_intact(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt(*BUILD_UP_TO, "+stg_ops__tenants"))
    before = project.query("select * from recon_staging.stg_ops__tenants order by tenant_id")
    tenant = first_key(project, "ops_tenants", "tenant_id")
    project.execute(
        "insert into raw.ops_tenants select upper(tenant_id), tenant_name, "
        "case when lower(trim(status)) = 'active' then 'suspended' else 'active' end, plan, "
        "go_live_date, deactivated_at, updated_at from raw.ops_tenants "
        f"where lower(trim(tenant_id)) = '{tenant}'"
    )

    result = project.dbt(*BUILD_UP_TO, "+stg_ops__tenants")

    assert_failed_with(result, f"stg_ops__tenants: tenant_id '{tenant}' has 2 different rows")
    after = project.query("select * from recon_staging.stg_ops__tenants order by tenant_id")
    assert after == before


def test_currency_whose_rates_start_after_the_day_fails_naming_the_currency(
    project: DbtProject,
) -> None:
    # A currency with no rate at all is quarantined (test_quarantine.py); one whose first
    # rate is valid only after the as-of date is a seed mistake, and stops the build.
    project.generate()
    with (project.root / "seeds" / "fx_rates.csv").open("a") as rates:
        rates.write("JPY,0.00650000,2027-01-01\n")
    project.execute(
        "update raw.billing_invoices set currency = 'JPY' where invoice_id in "
        "(select min(invoice_id) from raw.billing_invoices)"
    )

    result = project.dbt(
        "build", "--select", "+assert_every_raw_currency_has_fx_rate", "stg_billing__customers"
    )

    assert_failed_with(result, "fx_rates: no rate for currency 'JPY' (used in billing_invoices)")


def test_bad_as_of_date_var_is_refused_with_the_expected_format(project: DbtProject) -> None:
    project.generate()

    result = project.dbt("run", "--select", "int_canonical_map_as_of", as_of="15/06/2026")

    assert_failed_with(result, "var as_of_date must be a date written YYYY-MM-DD", "'15/06/2026'")


def test_timestamps_with_an_offset_are_converted_to_utc(project: DbtProject) -> None:
    project.generate()
    account = first_key(project, "crm_accounts", "account_id")
    project.execute(
        "alter table raw.crm_accounts alter updated_at type varchar;"
        "update raw.crm_accounts set updated_at = case "
        f"when lower(trim(account_id)) = '{account}' then '2026-06-10 10:00:00+02:00' "
        "else '2026-06-10 10:00:00' end"
    )

    assert_succeeded(project.dbt(*BUILD_UP_TO, "+stg_crm__accounts"))

    converted = dict(
        project.query(
            "select account_id = "
            f"'{account}', min(cast(updated_at as varchar)) from recon_staging.stg_crm__accounts "
            "group by 1"
        )
    )
    assert converted == {True: "2026-06-10 08:00:00", False: "2026-06-10 10:00:00"}
