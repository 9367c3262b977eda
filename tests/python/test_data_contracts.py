"""Great Expectations data contracts on the raw tables (scripts/data_contracts.py).

Small hand-built frames with every contract column, in the dtypes the landings produce
(pandas strings, object columns of text, Decimal and date values, tz-aware timestamps), so
no dbt build is needed. Each table has 20 rows: one bad row is 5 %, exactly what
quarantine_max_ratio allows; two are 10 %, which blocks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from decimal import Decimal

import duckdb
import pandas as pd
import pytest
from conftest import PROJECT_DIR

from recon.data_contracts import (
    TextFormats,
    contract_settings,
    duckdb_batches,
    main,
    validate_raw_tables,
)

# the project's landing contract and vocabularies, as the build reads them
SETTINGS = contract_settings(PROJECT_DIR)
CONTRACT = {table: declared.names for table, declared in SETTINGS["contract"].items()}

ROWS = 20
NOW = dt.datetime(2026, 6, 15, 6, 0, tzinfo=dt.timezone.utc)
CURRENCIES = ["USD", "EUR", "GBP", "CAD"]


def cycle(values: list, rows: int = ROWS) -> list:
    return [values[i % len(values)] for i in range(rows)]


def stamps(start: str, rows: int = ROWS, tz: str | None = None) -> pd.Series:
    return pd.Series(pd.date_range(start, periods=rows, freq="h", tz=tz))


def clean_frames() -> dict[str, pd.DataFrame]:
    """A world every check passes, in the many shapes the landings give."""
    ids = [f"{i:04d}" for i in range(ROWS)]
    frames = {
        "crm_accounts": pd.DataFrame(
            {
                "account_id": [f" ACC_{i} " for i in ids],
                "account_name": [f"Customer {i}" for i in ids],
                "domain": cycle([None, "example.com"]),
                "status": cycle(["active", " Active ", "CHURNED", "Closed-Lost", "prospect"]),
                "plan": cycle(["starter", None]),
                "contract_signed_date": stamps("2025-01-01"),
                "contract_start_date": stamps("2025-02-01"),
                "contract_end_date": pd.Series([pd.NaT] * ROWS, dtype="datetime64[us]"),
                "contracted_seats": pd.array(cycle([10, None]), dtype="Int64"),
                "contract_mrr": cycle([1200.5, None]),
                "currency": cycle(["USD", None, " eur", None]),  # null where no MRR
                "is_deleted": False,
                "updated_at": stamps("2026-06-01"),
            }
        ),
        "billing_customers": pd.DataFrame(
            {
                "customer_id": [f"cus_{i}" for i in ids],
                "name": [f"Customer {i}" for i in ids],
                "email": cycle([None, "ap@example.com"]),
                "crm_account_ref": cycle([None, "acc_0001"]),
                "is_deleted": cycle([True, False]),
                "created_at": stamps("2025-01-01", tz="Europe/Paris"),
                "updated_at": stamps("2026-06-14", tz="Europe/Paris"),
            }
        ),
        "billing_subscriptions": pd.DataFrame(
            {
                "subscription_id": [f"sub_{i}" for i in ids],
                "customer_id": [f"cus_{i}" for i in ids],
                "plan": "growth",
                "status": cycle(["Past-Due", "Cancelled", "active", "TRIALING", "unpaid"]),
                "quantity": cycle([3, 0]),
                "unit_amount": pd.Series(cycle([Decimal("49.00"), Decimal("0.00")]), dtype=object),
                "billing_interval": cycle(["Month", "year "]),
                "currency": cycle(["GBP", "cad"]),
                "started_at": cycle(["2025-03-01 10:00:00+02:00", "2025-03-01T08:00:00Z"]),
                "canceled_at": pd.Series([None] * ROWS, dtype=object),
                "updated_at": stamps("2026-06-10"),
            }
        ),
        "billing_invoices": pd.DataFrame(
            {
                "invoice_id": [f"inv_{i}" for i in ids],
                "customer_id": [f"cus_{i}" for i in ids],
                "subscription_id": cycle([None, "sub_0001"]),
                "period_start": pd.Series([dt.date(2026, 5, 1)] * ROWS, dtype=object),
                "period_end": pd.Series(cycle([dt.date(2026, 5, 31), dt.date(2026, 5, 1)])),
                "amount_due": pd.Series(cycle(["120.00", " 7 ", "+3.5", 12.5]), dtype=object),
                "currency": "USD",
                "status": cycle(["paid", "Void", "open", "draft", "uncollectible"]),
                "issued_at": stamps("2026-06-01"),
            }
        ),
        "ops_tenants": pd.DataFrame(
            {
                "tenant_id": [f"ten_{i}" for i in ids],
                "tenant_name": [f"Tenant {i}" for i in ids],
                "status": cycle(["active", "Suspended", "deactivated"]),
                "plan": None,
                "go_live_date": pd.Series(cycle(["2025-01-01", None]), dtype="str"),
                "deactivated_at": pd.Series([pd.NaT] * ROWS, dtype="datetime64[us, UTC]"),
                "updated_at": stamps("2026-06-15 05:00"),
            }
        ),
        "ops_providers": pd.DataFrame(
            {
                "provider_id": [f"prov_{i}" for i in ids],
                "tenant_id": [f"ten_{i}" for i in ids],
                "is_active": pd.array(cycle([True, False]), dtype="boolean"),
                "activated_at": stamps("2025-01-01"),
                "deactivated_at": pd.Series([pd.NaT] * ROWS, dtype="datetime64[us]"),
            }
        ),
        "ops_usage_daily": pd.DataFrame(
            {
                "tenant_id": [f"ten_{i}" for i in ids],
                "usage_date": pd.Series(pd.date_range("2026-05-27", periods=ROWS, freq="D")),
                "active_users": cycle([3, 0]),
                "events": pd.Series(cycle([120.0, 7.0])),
            }
        ),
    }
    assert {table: list(frame.columns) for table, frame in frames.items()} == {
        table: list(columns) for table, columns in CONTRACT.items()
    }
    return frames


def validate(frames: dict[str, pd.DataFrame], **kwargs: object):
    settings = {
        "contract": SETTINGS["contract"],
        "vocabularies": SETTINGS["vocabularies"],
        "text_formats": SETTINGS["text_formats"],
        "quarantine_max_ratio": SETTINGS["quarantine_max_ratio"],
        "future_tolerance_hours": SETTINGS["future_tolerance_hours"],
        **kwargs,
    }
    return validate_raw_tables(frames, now=NOW, known_currencies=CURRENCIES, **settings)


def with_value(table: str, column: str, value: object, rows: tuple[int, ...] = (0,)):
    """The clean world with `value` in `column` of the given rows of `table`."""
    frames = clean_frames()
    frame = frames[table]
    frame[column] = frame[column].astype(object)
    for row in rows:
        frame.at[row, column] = value
    return frames


def test_clean_world_passes_with_no_warnings():
    report = validate(clean_frames())

    assert report.ok
    assert report.blocking_failures == []
    assert report.warnings == []
    assert report.summary_text() == "data contracts: 0 blocking failures, 0 warnings on 7 tables"
    assert {row["source_table"] for row in report.rows} == set(CONTRACT)
    assert {row["level"] for row in report.rows} == {"blocking", "warning"}
    type_rows = {
        (row["source_table"], row["column"]): row["summary"]
        for row in report.rows
        if row["check"] == "column_type"
    }
    assert type_rows[("billing_subscriptions", "unit_amount")] == (
        "billing_subscriptions.unit_amount holds object (number), accepted as numbers or text."
    )


IN_FUTURE = pd.Timestamp("2026-06-18 06:00:00")  # 3 days after NOW
BAD_ROWS = {
    "null key": ("billing_invoices", "invoice_id", None, "missing_key", "null"),
    "blank key": ("ops_providers", "tenant_id", "   ", "missing_key", "'   '"),
    "unknown status": ("crm_accounts", "status", " Actve", "unknown_status", "' Actve'"),
    "decimal comma": ("billing_invoices", "amount_due", "12,50", "not_a_number", "'12,50'"),
    "not a number": ("crm_accounts", "contract_mrr", "abc", "not_a_number", "'abc'"),
    "negative amount": ("billing_subscriptions", "unit_amount", -4.0, "negative_amount", "-4.00"),
    "fractional count": ("ops_usage_daily", "active_users", 2.5, "not_a_number", "2.50"),
    "unknown currency": ("billing_subscriptions", "currency", "XYZ", "unknown_currency", "'XYZ'"),
    "null required value": ("billing_subscriptions", "unit_amount", None, "missing_value", "null"),
    "day-first date": (
        "billing_subscriptions",
        "started_at",
        "15/06/2026",
        "not_a_date",
        "'15/06/2026'",
    ),
    "no such day": ("billing_invoices", "period_end", "2026-04-31", "not_a_date", "'2026-04-31'"),
    "no such hour": (
        "ops_tenants",
        "updated_at",
        "2026-06-01 25:00",
        "not_a_date",
        "'2026-06-01 25:00'",
    ),
    "a word for a date": (
        "ops_usage_daily",
        "usage_date",
        "yesterday",
        "not_a_date",
        "'yesterday'",
    ),
    "blank date": ("crm_accounts", "contract_end_date", " ", "not_a_date", "' '"),
    "future updated_at": (
        "crm_accounts",
        "updated_at",
        IN_FUTURE,
        "timestamp_in_future",
        "2026-06-18 06:00:00",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_row_is_a_warning_only(case):
    table, column, value, check, shown = case
    report = validate(with_value(table, column, value))

    assert report.ok
    assert report.blocking_failures == []
    [warning] = report.warnings
    assert (warning["source_table"], warning["column"], warning["check"]) == (table, column, check)
    assert warning["unexpected_count"] == 1
    assert warning["unexpected_percent"] == pytest.approx(5.0)
    assert warning["sample"] == shown
    assert warning["summary"].startswith(f"{table}.{column}: 1 of 20 rows ")
    assert f"(5.0%), e.g. {shown}; the dbt build quarantines these rows" in warning["summary"]
    assert f"  warning  {warning['summary']}" in report.summary_text().splitlines()


def test_text_formats_come_from_the_var_the_macros_read():
    # one declaration (var text_formats) for SQL and Python: the macros and the twin read it
    formats = TextFormats.from_var(SETTINGS["text_formats"])
    assert formats.white_space == " \t\n\v\f\r"  # the var spells them as regex escapes
    for macro in ("parse_number", "parse_timestamp", "trim_text", "normalize_status"):
        text = (PROJECT_DIR / "macros" / "reading" / f"{macro}.sql").read_text()
        assert "var('text_formats')" in text, macro
    assert re.match(formats.timestamp, "2026-06-01T10:00:00+02:00")
    assert not re.match(formats.timestamp, "2026-6-1")
    assert re.match(formats.count, "12.00") and not re.match(formats.count, "12.50")
    with pytest.raises(ValueError, match="var text_formats has no timestamp"):
        TextFormats.from_var({"white_space": " ", "amount": "^1$", "count": "^1$"})


@pytest.mark.parametrize(
    "value",
    ["2026-06-01 24:00:00", "2026-06-01 23:59:60", "2026-06-01 10:00+16:00", "0999-06-01"],
)
def test_each_field_of_a_text_date_is_bounded(value):
    [warning] = validate(with_value("billing_subscriptions", "started_at", value)).warnings
    assert warning["check"] == "not_a_date"


def test_dates_as_text_that_read_are_not_flagged():
    frames = clean_frames()
    for row, value in enumerate(
        [
            "2026-06-01",
            " 2026-06-01T10:00:00Z ",
            "2026-06-01 10:00:00.123456+02:00",
            "2026-06-01 10:00+0530",
        ]
    ):
        frames["billing_subscriptions"].at[row, "started_at"] = value
    frames["ops_usage_daily"].at[0, "usage_date"] = "2026-05-27 00:00:00"

    assert validate(frames).warnings == []


def test_period_ending_before_it_starts_is_a_warning():
    frames = clean_frames()
    frames["billing_invoices"].at[3, "period_end"] = dt.date(2026, 4, 30)

    [warning] = validate(frames).warnings

    assert (warning["column"], warning["check"]) == ("period_end", "period_end_before_start")
    assert warning["sample"] == "2026-05-01 to 2026-04-30"


def test_an_amount_that_rounds_to_zero_cents_is_not_negative():
    # as the dbt build reads it: cast to numeric(18, 2) first, then the sign
    assert validate(with_value("billing_invoices", "amount_due", "-0.004")).warnings == []
    [warning] = validate(with_value("billing_invoices", "amount_due", "-0.005")).warnings
    assert warning["check"] == "negative_amount"


def test_currency_without_money_is_not_checked_on_crm_accounts():
    frames = with_value("crm_accounts", "currency", "XYZ", rows=(1,))  # contract_mrr null there

    assert validate(frames).warnings == []


def test_future_tolerance_edge():
    edge = pd.Timestamp("2026-06-16 06:00:00")  # exactly now + 24 h, naive = UTC
    at_edge = validate(with_value("ops_tenants", "updated_at", edge))
    beyond = validate(with_value("ops_tenants", "updated_at", edge + pd.Timedelta(seconds=1)))
    offset = validate(with_value("ops_tenants", "updated_at", "2026-06-16T08:00:01+02:00"))

    assert at_edge.warnings == []
    [warning] = beyond.warnings
    assert warning["check"] == "timestamp_in_future"
    assert "are later than 2026-06-16 06:00 UTC (now + 24 h)" in warning["summary"]
    assert [row["sample"] for row in offset.warnings] == ["'2026-06-16T08:00:01+02:00'"]
    assert validate(
        with_value("ops_tenants", "updated_at", edge), future_tolerance_hours=1
    ).warnings


def test_more_than_the_quarantine_ratio_blocks():
    report = validate(with_value("billing_invoices", "amount_due", "12,50", rows=(0, 1)))

    assert not report.ok
    [blocking] = report.blocking_failures
    assert (blocking["source_table"], blocking["column"]) == ("billing_invoices", "amount_due")
    assert blocking["unexpected_count"] == 2
    assert "(10.0%, more than the 5% quarantine_max_ratio), e.g. '12,50'" in blocking["summary"]
    assert "the dbt build would refuse the day" in blocking["summary"]
    assert len(report.warnings) == 1  # the same rows, at the warning level
    lines = report.summary_text().splitlines()
    assert lines[0] == "data contracts: 1 blocking failure, 1 warning on 7 tables"
    assert lines[1] == f"  BLOCKING {blocking['summary']}"
    # a looser ratio lets the same rows through
    assert validate(
        with_value("billing_invoices", "amount_due", "12,50", rows=(0, 1)),
        quarantine_max_ratio=0.1,
    ).ok


def in_batches(frame: pd.DataFrame, rows: int) -> list[pd.DataFrame]:
    """The frame as consecutive batches of `rows` rows (the last may be shorter)."""
    return [frame.iloc[start : start + rows] for start in range(0, len(frame), rows)]


def test_batches_give_the_whole_tables_report():
    bad = with_value("billing_invoices", "amount_due", "12,50", rows=(3, 17))
    bad["crm_accounts"].at[12, "status"] = " Actve"
    whole = validate(bad)

    batched = validate({table: in_batches(frame, 7) for table, frame in bad.items()})

    assert batched.rows == whole.rows  # counts, percentages, samples and sentences
    assert [row["unexpected_count"] for row in batched.blocking_failures] == [2]
    assert "billing_invoices.amount_due: 2 of 20 rows are not a number" in (batched.summary_text())


def test_batches_are_judged_on_the_whole_tables_ratio():
    # 2 bad rows of 20 (10 %): both in the first batch of 2 rows, which alone is 100 % bad
    # (the other tables in one batch each: their batches are not what is judged here)
    def invoices_in_batches_of_two() -> dict[str, list[pd.DataFrame]]:
        frames = with_value("billing_invoices", "amount_due", "12,50", rows=(0, 1))
        return {
            table: in_batches(frame, 2 if table == "billing_invoices" else len(frame))
            for table, frame in frames.items()
        }

    assert not validate(invoices_in_batches_of_two(), quarantine_max_ratio=0.09).ok
    report = validate(invoices_in_batches_of_two(), quarantine_max_ratio=0.1)  # at the ratio
    assert report.ok
    [warning] = report.warnings
    assert (warning["unexpected_count"], warning["element_count"]) == (2, 20)


def test_batches_sample_and_type_like_one_validation_of_the_whole_table():
    frames = clean_frames()
    invoices = pd.concat([frames["billing_invoices"]] * 3, ignore_index=True).astype(
        {"amount_due": object}
    )
    invoices.loc[0:21, "amount_due"] = "12,50"  # 22 bad rows in the first batch
    invoices.loc[45:50, "amount_due"] = "1e3"  # more, of another value, in the second
    frames["billing_invoices"] = invoices
    users = frames["ops_usage_daily"]["active_users"]
    frames["ops_usage_daily"]["active_users"] = users.astype("float64")
    frames["ops_usage_daily"].loc[15, "active_users"] = None  # a null in the second batch only
    whole = validate(frames)
    batches = {
        table: in_batches(frame, 30 if len(frame) > 20 else 10) for table, frame in frames.items()
    }
    batches["ops_usage_daily"][0] = batches["ops_usage_daily"][0].astype({"active_users": "int64"})

    batched = validate(batches)

    assert batched.rows == whole.rows
    [sample] = {
        row["sample"] for row in batched.rows if row["column"] == "amount_due" and row["sample"]
    }
    assert sample == "'12,50'"  # the first 20 bad values, as one validation keeps them
    assert "ops_usage_daily.active_users holds float64 (number)" in " ".join(
        row["summary"] for row in batched.rows
    )


def test_a_later_batch_of_another_kind_blocks_and_its_checks_are_not_passed():
    frames = with_value("billing_invoices", "amount_due", "12,50", rows=(3,))
    batches = {table: in_batches(frame, 10) for table, frame in frames.items()}
    batches["billing_invoices"][1] = batches["billing_invoices"][1].assign(amount_due=True)

    report = validate(batches)

    failed = {(row["check"], row["column"]) for row in report.blocking_failures}
    assert ("column_type", "amount_due") in failed
    amount_checks = [
        row
        for row in report.rows
        if row["column"] == "amount_due" and row["check"] in ("not_a_number", "negative_amount")
    ]
    # both checks of the column, each at its two levels (warning and blocking)
    assert len(amount_checks) == 4 and not any(row["success"] for row in amount_checks)
    assert all("could not be checked" in row["summary"] for row in amount_checks)


def test_duckdb_batches_stream_a_table_typed_like_df(tmp_path):
    with duckdb.connect(str(tmp_path / "batches.duckdb")) as connection:
        connection.execute(
            "create table t as select i, cast(i as decimal(18, 2)) as amount, "
            "date '2026-01-01' + cast(i as integer) as day, 'x' || i as word, "
            "timestamp '2026-01-01 10:00' as at from range(5000) as r(i)"
        )
        batches = list(duckdb_batches(connection.sql("select * from t"), 2048))
        whole = connection.sql("select * from t").df()
        empty = list(duckdb_batches(connection.sql("select * from t where i < 0"), 2048))

    assert [len(batch) for batch in batches] == [2048, 2048, 904]
    joined = pd.concat(batches, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)
    [nothing] = empty  # an empty table is one empty batch, with its columns
    assert list(nothing.columns) == list(whole.columns) and nothing.empty


def test_missing_column_blocks_and_is_named():
    frames = clean_frames()
    frames["billing_invoices"] = frames["billing_invoices"].drop(columns=["amount_due"])

    report = validate(frames)

    assert not report.ok
    [blocking] = report.blocking_failures
    assert (blocking["check"], blocking["column"]) == ("column_exists", "amount_due")
    assert report.warnings == []  # the checks of the missing column are left out
    text = report.summary_text()
    assert "data contracts: 1 blocking failure, 0 warnings on 7 tables" in text
    assert (
        "BLOCKING billing_invoices.amount_due is missing: the landing contract requires it" in text
    )


def test_wrong_type_and_empty_table_block():
    frames = clean_frames()
    frames["billing_invoices"]["amount_due"] = True
    frames["ops_tenants"] = frames["ops_tenants"].iloc[0:0]

    report = validate(frames)

    failed = {(row["source_table"], row["check"]) for row in report.blocking_failures}
    assert failed == {("billing_invoices", "column_type"), ("ops_tenants", "row_count")}
    assert report.warnings == []  # the checks of a column of the wrong type are left out
    assert "billing_invoices.amount_due holds bool (boolean), not numbers or text" in (
        report.summary_text()
    )
    assert "ops_tenants has no rows; check the landing job and rerun." in report.summary_text()


def test_caller_frames_are_not_changed():
    frames = with_value("billing_invoices", "amount_due", "12,50")
    before = {table: frame.copy(deep=True) for table, frame in frames.items()}

    validate(frames)

    for table, frame in frames.items():
        pd.testing.assert_frame_equal(frame, before[table])


def test_data_docs_and_results_are_written(tmp_path):
    report = validate(
        with_value("crm_accounts", "status", "Actve"),
        docs_dir=tmp_path / "docs",
        results_dir=tmp_path / "results",
        run_name="test_run",
    )

    assert report.docs_index == (tmp_path / "docs" / "index.html").resolve()
    assert report.docs_index.is_file()
    validation_pages = list((tmp_path / "docs" / "validations").rglob("*.html"))
    assert {page.parts[-4] for page in validation_pages} == {f"raw_{t}" for t in CONTRACT}
    assert "Actve" in "".join(page.read_text() for page in validation_pages)
    assert report.results_file == tmp_path / "results" / "test_run.json"
    document = json.loads(report.results_file.read_text())
    assert document["run_name"] == "test_run"
    assert (document["ok"], document["blocking_failures"], document["warnings"]) == (True, 0, 1)
    assert set(document["validation_results"]) == set(CONTRACT)
    [crm] = document["validation_results"]["crm_accounts"]  # one batch: the whole frame
    assert crm["success"] is False
    severities = {result["expectation_config"]["severity"] for result in crm["results"]}
    assert severities == {"critical", "warning"}


def test_nothing_touches_the_network(monkeypatch, tmp_path):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    assert validate(clean_frames(), docs_dir=tmp_path / "docs").ok


def test_to_frame_has_stable_columns_and_dtypes():
    frame = validate(with_value("crm_accounts", "status", "Actve")).to_frame()

    assert dict(frame.dtypes.astype(str)) == {
        "source_table": "string",
        "check": "string",
        "expectation": "string",
        "column": "string",
        "level": "string",
        "success": "boolean",
        "element_count": "Int64",
        "unexpected_count": "Int64",
        "unexpected_percent": "Float64",
        "sample": "string",
        "summary": "string",
    }
    table_check = frame[frame["check"] == "row_count"].iloc[0]
    assert pd.isna(table_check["column"]) and pd.isna(table_check["unexpected_count"])


def test_command_line_on_duckdb(tmp_path, capsys):
    database = tmp_path / "landing.duckdb"
    frames = with_value("billing_invoices", "amount_due", "12,50", rows=(0, 1))
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema raw")
        for table, frame in frames.items():
            text = frame.astype("string")  # a CSV-like landing: every column text
            connection.register("frame", text)
            connection.execute(f"create table raw.{table} as select * from frame")
            connection.unregister("frame")
    arguments = [
        "--duckdb-path",
        str(database),
        "--docs-dir",
        str(tmp_path / "docs"),
        "--results-dir",
        str(tmp_path / "results"),
        "--now",
        "2026-06-15T06:00:00",
    ]

    assert main(arguments) == 1
    output = capsys.readouterr().out
    assert output.startswith("data contracts: 1 blocking failure, 1 warning on 7 tables\n")
    assert "BLOCKING billing_invoices.amount_due: 2 of 20 rows are not a number" in output
    assert (tmp_path / "docs" / "index.html").is_file()
    # in batches of 3 rows the same rows are found
    assert main([*arguments, "--batch-rows", "3"]) == 1
    assert "BLOCKING billing_invoices.amount_due: 2 of 20 rows are not a number" in (
        capsys.readouterr().out
    )
    [results] = (tmp_path / "results").glob("*.json")
    assert len(json.loads(results.read_text())["validation_results"]["billing_invoices"]) == 7
    assert main(["--duckdb-path", str(tmp_path / "absent.duckdb")]) == 2
