"""A raw row that cannot be used is quarantined with its reason, never dropped; too many of
them refuse the day.

Each test lands a small demo world with the real generator, breaks rows in it with SQL, builds,
and checks the quarantine, the accounting (rows read = rows used + rows quarantined) and the
marts.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd
from conftest import PROJECT_DIR, DbtProject, assert_failed_with, assert_succeeded

from recon import landing_contract
from recon.data_contracts import (
    contract_parameters,
    contract_settings,
    read_known_currencies,
    row_checks,
)

RAW_TABLES = list(landing_contract.load(PROJECT_DIR))

ALL_BUT_UNIT_TESTS = ("--exclude", "test_type:unit")


def nth_key(project: DbtProject, table: str, column: str, n: int) -> str:
    """The n-th smallest key of a raw table, as it arrived, among the rows of real customers
    (their keys have digits; the generator's own unusable rows have none)."""
    return project.query(
        f"select {column} from raw.{table} where regexp_matches({column}, '[0-9]') "
        f"order by {column} limit 1 offset {n}"
    )[0][0]


def quarantined(project: DbtProject) -> set[tuple[str, str | None, str]]:
    return set(
        project.query(
            "select source_table, source_key, quarantine_reason "
            "from recon_marts.fact_quarantined_rows"
        )
    )


def checked_by_great_expectations(project: DbtProject) -> set[tuple[str, str | None, str]]:
    """Every failed row-level check of the Great Expectations suites on the raw tables, as
    (table, the row's key as the quarantine names it, reason code): the rows GX reports."""
    settings = contract_settings(project.root)
    params = contract_parameters(
        now=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        known_currencies=read_known_currencies(project.root / "seeds" / "fx_rates.csv"),
        quarantine_max_ratio=settings["quarantine_max_ratio"],
        future_tolerance_hours=settings["future_tolerance_hours"],
        vocabularies=settings["vocabularies"],
        contract=settings["contract"],
        text_formats=settings["text_formats"],
    )
    found = set()
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        for table in RAW_TABLES:
            frame = con.sql(f"select * from raw.{table}").df()
            # the row's key as the quarantine names it: its key columns joined by ' on '
            key_columns = settings["contract"][table].key_columns
            keys = frame[key_columns[0]]
            for column in key_columns[1:]:
                keys = keys + " on " + frame[column].astype(str)
            for check in row_checks(table, frame, params):
                for row in check.violations.dropna().index:
                    key = keys[row]
                    found.add((table, None if pd.isna(key) else str(key), check.check))
    return found


def test_each_unusable_row_is_quarantined_with_its_reason_and_nothing_is_lost(
    project: DbtProject,
) -> None:
    project.generate(customers=200)
    raw_counts = {
        table: project.query(f"select count(*) from raw.{table}")[0][0] for table in RAW_TABLES
    }
    account = nth_key(project, "crm_accounts", "account_id", 3)
    account_without_money = nth_key(project, "crm_accounts", "account_id", 4)
    sub_status, sub_customer, sub_qty, sub_currency = (
        nth_key(project, "billing_subscriptions", "subscription_id", n) for n in (1, 2, 3, 4)
    )
    inv_text, inv_word, inv_negative, inv_zero, inv_period = (
        nth_key(project, "billing_invoices", "invoice_id", n) for n in (1, 2, 3, 4, 5)
    )
    tenant = nth_key(project, "ops_tenants", "tenant_id", 2)
    customer = nth_key(project, "billing_customers", "customer_id", 5)
    usage_tenant, usage_day = project.query(
        "select tenant_id, usage_date from raw.ops_usage_daily where events >= 0 "
        "order by tenant_id, usage_date limit 1"
    )[0]
    inv_no_start = nth_key(project, "billing_invoices", "invoice_id", 6)
    provider = nth_key(project, "ops_providers", "provider_id", 7)
    project.execute(
        # amounts landed as text, as a CSV load does: some do not read as numbers
        "alter table raw.billing_invoices alter amount_due type varchar;"
        f"update raw.billing_invoices set amount_due = '12,50' where invoice_id = '{inv_text}';"
        f"update raw.billing_invoices set amount_due = 'n/a' where invoice_id = '{inv_word}';"
        f"update raw.billing_invoices set amount_due = '-4.00' where invoice_id = '{inv_negative}';"
        f"update raw.billing_invoices set amount_due = ' 0 ' where invoice_id = '{inv_zero}';"
        "update raw.billing_invoices set period_end = period_start - 1 "
        f"where invoice_id = '{inv_period}';"
        f"update raw.crm_accounts set updated_at = now() + interval 3 day "
        f"where account_id = '{account}';"
        # no MRR, so its currency carries no money: neither quarantined nor a stop
        "update raw.crm_accounts set contract_mrr = null, currency = 'XXX' "
        f"where account_id = '{account_without_money}';"
        "update raw.billing_subscriptions set status = 'paused' "
        f"where subscription_id = '{sub_status}';"
        "update raw.billing_subscriptions set customer_id = '  ' "
        f"where subscription_id = '{sub_customer}';"
        "update raw.billing_subscriptions set quantity = -2 "
        f"where subscription_id = '{sub_qty}';"
        "update raw.billing_subscriptions set currency = 'JPY' "
        f"where subscription_id = '{sub_currency}';"
        f"update raw.ops_tenants set status = 'Actve' where tenant_id = '{tenant}';"
        f"update raw.billing_customers set is_deleted = null where customer_id = '{customer}';"
        # a count landed as a fraction
        "alter table raw.ops_usage_daily alter active_users type double;"
        "update raw.ops_usage_daily set active_users = 2.5 "
        f"where tenant_id = '{usage_tenant}' and usage_date = '{usage_day}';"
        "update raw.billing_invoices set period_start = null "
        f"where invoice_id = '{inv_no_start}';"
        f"update raw.ops_providers set tenant_id = null where provider_id = '{provider}';"
        # a provider row without its key, landed twice: both copies are kept
        "insert into raw.ops_providers (provider_id, tenant_id, is_active, activated_at) "
        "values (null, 't_x', true, timestamp '2026-01-01'), (null, 't_x', true, "
        "timestamp '2026-01-01')"
    )

    assert_succeeded(
        project.dbt("build", *ALL_BUT_UNIT_TESTS, extra_vars={"quarantine_max_ratio": 0.5})
    )

    usage_key = project.query(
        "select tenant_id || ' on ' || cast(usage_date as varchar) "
        "from raw.ops_usage_daily where events < 0"
    )[0][0]
    assert quarantined(project) == {
        # the generator's own unusable rows, one of each kind
        ("crm_accounts", "   ", "missing_key"),
        ("billing_subscriptions", "sub_paused_demo", "unknown_status"),
        ("billing_invoices", "inv_credit_demo", "negative_amount"),
        ("billing_invoices", "inv_jpy_demo", "unknown_currency"),
        ("ops_tenants", "ten_clock_skew", "timestamp_in_future"),
        ("ops_usage_daily", usage_key, "negative_amount"),
        # this test's
        ("crm_accounts", account, "timestamp_in_future"),
        ("billing_subscriptions", sub_status, "unknown_status"),
        ("billing_subscriptions", sub_customer, "missing_key"),
        ("billing_subscriptions", sub_qty, "negative_amount"),
        ("billing_subscriptions", sub_currency, "unknown_currency"),
        ("billing_invoices", inv_text, "not_a_number"),
        ("billing_invoices", inv_word, "not_a_number"),
        ("billing_invoices", inv_negative, "negative_amount"),
        ("billing_invoices", inv_period, "period_end_before_start"),
        ("ops_tenants", tenant, "unknown_status"),
        ("billing_customers", customer, "missing_value"),
        ("ops_usage_daily", f"{usage_tenant} on {usage_day}", "not_a_number"),
        ("billing_invoices", inv_no_start, "missing_value"),
        ("ops_providers", provider, "missing_key"),
        ("ops_providers", None, "missing_key"),
    }
    # Great Expectations reports the same rows for the same reasons, row by row
    assert checked_by_great_expectations(project) == quarantined(project)
    details = dict(
        project.query(
            "select source_key, quarantine_detail from recon_marts.fact_quarantined_rows "
            "where source_table = 'billing_invoices'"
        )
    )
    assert details[inv_text] == (
        "amount_due '12,50' does not read as a number (digits, optional sign and decimal point)"
    )
    assert details[inv_negative] == "amount_due '-4.00' is negative"
    raw_row = project.query(
        f"select source_row from recon_marts.fact_quarantined_rows where source_key = '{inv_word}'"
    )[0][0]
    assert json.loads(raw_row)["amount_due"] == "n/a"
    assert json.loads(raw_row)["invoice_id"] == inv_word

    # ' 0 ' reads as zero: used, not quarantined
    assert project.query(
        "select amount_due from recon_staging.stg_billing__invoices "
        f"where invoice_id = lower(trim('{inv_zero}'))"
    ) == [(0,)]
    # nothing lost: every raw row is used or quarantined, and each is counted once
    counts = {
        row[0]: row[1:]
        for row in project.query(
            "select source_table, rows_read, rows_used, rows_quarantined "
            "from recon_intermediate.int_extract_counts"
        )
    }
    raw_counts["ops_providers"] += 2
    for table in RAW_TABLES:
        in_quarantine = project.query(
            f"select count(*) from recon_marts.fact_quarantined_rows where source_table = '{table}'"
        )[0][0]
        assert counts[table] == (
            raw_counts[table],
            raw_counts[table] - in_quarantine,
            in_quarantine,
        )
    # the quarantined subscription with an unknown status is not read as anything
    assert project.query(
        "select count(*) from recon_staging.stg_billing__subscriptions "
        f"where subscription_id = lower(trim('{sub_status}'))"
    ) == [(0,)]


def test_too_many_quarantined_rows_refuse_the_day_and_keep_the_marts(
    project: DbtProject,
) -> None:
    # The SQL guard inside the models (the only one on PostgreSQL). With the Great
    # Expectations checkpoint on, it stops the same run earlier: test_data_contracts_in_build.
    project.generate(customers=200)
    assert_succeeded(project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-15"))
    before = project.marts()
    invoices = project.query("select count(*) from raw.billing_invoices")[0][0]
    already = project.query(
        "select count(*) from recon_staging.stg_quarantined_rows "
        "where source_table = 'billing_invoices'"
    )[0][0]
    # just over 5%: the smallest count that is more than quarantine_max_ratio of the rows
    bad = invoices // 20 + 1
    project.execute(
        "update raw.billing_invoices set amount_due = -1 where invoice_id in "
        "(select invoice_id from raw.billing_invoices where amount_due > 0 and currency != 'JPY' "
        f"order by invoice_id limit {bad - already})"
    )

    result = project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-16")

    percent = (Decimal(100 * bad) / invoices).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert_failed_with(
        result,
        f"reconciliation not trustworthy: billing_invoices has {bad:,} of {invoices:,} rows "
        f"quarantined ({percent}%), more than quarantine_max_ratio 5.0%",
        "recon_staging.stg_quarantined_rows",
    )
    after = project.marts()
    assert after == before
    # the rows are there to look at, although the day was refused
    assert project.query(
        "select count(*) from recon_staging.stg_quarantined_rows "
        "where source_table = 'billing_invoices'"
    ) == [(bad,)]

    # one row fewer is exactly at the limit or under it: the day goes through
    project.execute(
        "update raw.billing_invoices set amount_due = 1 where invoice_id = "
        "(select min(invoice_id) from raw.billing_invoices where amount_due = -1)"
    )
    assert_succeeded(project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-16"))
    assert project.query(
        "select count(*) from recon_marts.fact_quarantined_rows "
        "where as_of_date = '2026-06-16' and source_table = 'billing_invoices'"
    ) == [(bad - 1,)]


def test_a_refused_day_without_quarantined_rows_leaves_their_history_alone(
    project: DbtProject,
) -> None:
    # With nothing to quarantine the mart's query has no rows of its own: the day's check
    # must still run, or a refused day would empty the day's partition.
    project.generate()
    assert_succeeded(project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-15"))
    assert_succeeded(project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-16"))
    before = project.marts()
    assert before["recon_marts.fact_quarantined_rows"], "the demo world has unusable rows"
    project.execute(
        # no unusable row left, and a tenth of the subscriptions
        "delete from raw.crm_accounts where not regexp_matches(account_id, '[0-9]');"
        "delete from raw.billing_subscriptions where not regexp_matches(subscription_id, '[0-9]');"
        "delete from raw.billing_invoices where not regexp_matches(invoice_id, '[0-9]');"
        "delete from raw.ops_tenants where not regexp_matches(tenant_id, '[0-9]');"
        "delete from raw.ops_usage_daily where events < 0;"
        "delete from raw.billing_subscriptions where hash(subscription_id) % 10 != 0"
    )

    result = project.dbt("build", *ALL_BUT_UNIT_TESTS, as_of="2026-06-16")

    assert_failed_with(result, "reconciliation not trustworthy: billing_subscriptions has")
    assert "ERROR creating sql incremental model recon_marts.fact_quarantined_rows" in (
        result.stdout
    )
    after = project.marts()
    assert after == before


def test_dates_and_timestamps_that_do_not_read_are_quarantined_naming_the_row(
    project: DbtProject,
) -> None:
    # A CSV landing gives text dates. Each engine's own parser accepts different extras, so the
    # project reads ISO 8601 only (var text_formats' timestamp), then a real calendar.
    project.generate(customers=200)
    subs = [nth_key(project, "billing_subscriptions", "subscription_id", n) for n in range(13)]
    invoice = nth_key(project, "billing_invoices", "invoice_id", 1)
    usage_tenant, usage_day = project.query(
        "select tenant_id, usage_date from raw.ops_usage_daily where events >= 0 "
        "order by tenant_id, usage_date limit 1"
    )[0]
    started = {
        subs[0]: "15/06/2026",  # day first: ambiguous, refused
        subs[1]: "2026-02-30 10:00:00",  # no such day
        subs[2]: "2026-06-01 25:00:00",  # no such hour
        subs[3]: "infinity",  # DuckDB would read it
        subs[4]: "2026-6-1",  # DuckDB would read it, not ISO 8601
        subs[5]: "  ",  # blank text is not a date, as blank text is not a number
        subs[9]: "2026-06-01 24:00:00",  # engines read it as the next day
        subs[10]: "2026-06-01 23:59:60",  # PostgreSQL reads a leap second
        subs[11]: "2026-06-01 10:00:00+16:00",  # DuckDB reads any offset
        subs[12]: "0999-06-01",  # DuckDB reads any year
        subs[6]: "2026-06-01T10:00:00+02:00",  # reads: 08:00 UTC
        subs[7]: " 2026-06-01 10:00:00.123456Z ",  # reads, white space trimmed
        subs[8]: "2026-06-01",  # reads: midnight UTC
    }
    project.execute(
        "alter table raw.billing_subscriptions alter started_at type varchar;"
        + "".join(
            f"update raw.billing_subscriptions set started_at = '{value}' "
            f"where subscription_id = '{key}';"
            for key, value in started.items()
        )
        + "alter table raw.billing_invoices alter period_end type varchar;"
        f"update raw.billing_invoices set period_end = '2026-04-31' where invoice_id = '{invoice}';"
        "alter table raw.ops_usage_daily alter usage_date type varchar;"
        "update raw.ops_usage_daily set usage_date = 'yesterday' "
        f"where tenant_id = '{usage_tenant}' and usage_date = '{usage_day}'"
    )

    assert_succeeded(
        project.dbt("build", *ALL_BUT_UNIT_TESTS, extra_vars={"quarantine_max_ratio": 0.5})
    )

    not_a_date = dict(
        project.query(
            "select source_key, quarantine_detail from recon_marts.fact_quarantined_rows "
            "where quarantine_reason = 'not_a_date'"
        )
    )
    suffix = "does not read as a date or timestamp (YYYY-MM-DD, optionally a time and an offset)"
    assert not_a_date == {
        **{key: f"started_at '{started[key]}' {suffix}" for key in subs[:6] + subs[9:]},
        invoice: f"period_end '2026-04-31' {suffix}",
        # the usage row is named by its key as it arrived, the unreadable date included
        f"{usage_tenant} on yesterday": f"usage_date 'yesterday' {suffix}",
    }
    read = dict(
        project.query(
            "select subscription_id, cast(started_at as varchar) "
            "from recon_staging.stg_billing__subscriptions where subscription_id in "
            f"(lower(trim('{subs[6]}')), lower(trim('{subs[7]}')), lower(trim('{subs[8]}')))"
        )
    )
    assert read == {
        subs[6].strip().lower(): "2026-06-01 08:00:00",
        subs[7].strip().lower(): "2026-06-01 10:00:00.123456",
        subs[8].strip().lower(): "2026-06-01 00:00:00",
    }
