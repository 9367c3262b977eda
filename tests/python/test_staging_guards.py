"""Bad raw input stops the build with a message that names the table, the row and the value.

Each test lands a small demo world, breaks one thing in it, and runs the staging model that
reads it. The previous table must stay as it was when the build fails.
"""

from __future__ import annotations

from conftest import DbtProject, assert_failed_with, assert_succeeded


def first_key(project: DbtProject, table: str, column: str) -> str:
    return project.query(f"select min(lower(trim({column}))) from raw.{table}")[0][0]


def test_unknown_status_word_fails_naming_table_key_and_value(project: DbtProject) -> None:
    project.generate()
    account = first_key(project, "crm_accounts", "account_id")
    project.execute(
        f"update raw.crm_accounts set status = ' Actve' where lower(trim(account_id)) = '{account}'"
    )

    result = project.dbt("run", "--select", "stg_crm__accounts")

    assert_failed_with(
        result,
        "stg_crm__accounts: account_id",
        f"'{account}'",
        "has status ' Actve' (read as 'actve')",
        "not one of: prospect, active, churned, closed_lost",
    )


def test_known_status_words_in_any_spelling_are_read(project: DbtProject) -> None:
    project.generate()
    project.execute(
        "update raw.billing_subscriptions set status = case "
        "when status ilike '%cancel%' then ' CANCELLED ' "
        "when subscription_id = (select min(subscription_id) from raw.billing_subscriptions) "
        "then 'Past Due' else status end"
    )

    assert_succeeded(project.dbt("run", "--select", "stg_billing__subscriptions"))

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

    result = project.dbt("run", "--select", "stg_billing__customers")

    assert_failed_with(
        result,
        f"stg_billing__customers: customer_id '{customer}' has 2 different rows",
        "in raw.billing_customers (rows identical after normalisation are collapsed",
    )


def test_conflicting_usage_rows_for_one_tenant_day_fail_naming_both(project: DbtProject) -> None:
    project.generate()
    tenant, day = project.query(
        "select lower(trim(tenant_id)), usage_date from raw.ops_usage_daily order by 1, 2 limit 1"
    )[0]
    project.execute(
        "insert into raw.ops_usage_daily select tenant_id, usage_date, active_users + 1, events "
        f"from raw.ops_usage_daily where lower(trim(tenant_id)) = '{tenant}' "
        f"and usage_date = '{day}'"
    )

    result = project.dbt("run", "--select", "stg_ops__usage_daily")

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

    assert_succeeded(project.dbt("run", "--select", "stg_crm__accounts"))

    rows = project.query(
        "select account_id, account_id_raw from recon_staging.stg_crm__accounts "
        f"where account_id = '{account}'"
    )
    assert len(rows) == 1
    assert rows[0][1].strip().lower() == account


def test_failed_staging_build_leaves_previous_table_intact(project: DbtProject) -> None:
    project.generate()
    assert_succeeded(project.dbt("run", "--select", "stg_ops__tenants"))
    before = project.query("select * from recon_staging.stg_ops__tenants order by tenant_id")
    project.execute(
        "update raw.ops_tenants set status = 'paused' where tenant_id in "
        "(select min(tenant_id) from raw.ops_tenants)"
    )

    result = project.dbt("run", "--select", "stg_ops__tenants")

    assert_failed_with(result, "has status 'paused'")
    after = project.query("select * from recon_staging.stg_ops__tenants order by tenant_id")
    assert after == before


def test_currency_without_rate_fails_naming_the_currency(project: DbtProject) -> None:
    project.generate()
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

    assert_succeeded(project.dbt("run", "--select", "stg_crm__accounts"))

    converted = dict(
        project.query(
            "select account_id = "
            f"'{account}', min(cast(updated_at as varchar)) from recon_staging.stg_crm__accounts "
            "group by 1"
        )
    )
    assert converted == {True: "2026-06-10 08:00:00", False: "2026-06-10 10:00:00"}


def test_invoice_period_ending_before_it_starts_fails_naming_the_invoice(
    project: DbtProject,
) -> None:
    project.generate()
    invoice = first_key(project, "billing_invoices", "invoice_id")
    project.execute(
        "update raw.billing_invoices set period_end = period_start - 1 "
        f"where lower(trim(invoice_id)) = '{invoice}'"
    )

    result = project.dbt("build", "--select", "stg_billing__invoices")

    assert_failed_with(
        result,
        f"stg_billing__invoices: invoice {invoice} covers",
        "period_end is before period_start",
    )
