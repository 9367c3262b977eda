"""A fourth source system added by declaration, as CONTRIBUTING's "Adding a source system" says.

A copy of the project gets a support desk's `support_accounts` (mapped through the canonical
map) by exactly the files CONTRIBUTING lists, and nothing else: the contract in
dbt_project.yml, the source's YAML, a base and a staging model, and their YAML. The build
then quarantines its bad rows, counts it in the completeness guard (an emptied extract is
refused) and the run audit, checks it with a Great Expectations suite, and flags an open
support account that no mapping holds as UNMAPPED_SOURCE_RECORD.
"""

from __future__ import annotations

import csv
import re

from conftest import PROJECT_DIR, DbtProject, assert_failed_with, assert_succeeded

AS_OF = "2026-06-15"
CONTRACTS_ON = {"data_contracts": True}

# Step 1 of CONTRIBUTING: the table's landing contract, its status words, its base folder.
CONTRACT = """\
    support_accounts:
      account_id: {type: text, key: true, mapped_when: "status = 'open'",
        description: "The support desk's account key (a source_id of the key map)."}
      company_name: {type: text, description: "Company as the support desk spells it."}
      status: {type: text, vocabulary: true,
        description: "Account status, any case: a word of var status_vocabulary."}
      open_tickets: {type: whole_number, required: true, description: "Tickets not closed."}
      updated_at: {type: timestamp, not_in_future: true, description: "Last change."}
"""
VOCABULARY = "    support_accounts.status: [open, closed]\n"
BASE_FOLDER = "      support:\n        base: *base_models\n"

SOURCES = """\
version: 2

sources:
  - name: support
    description: >
      The support desk's full extract, landed in the raw schema (var `raw_schema`). Each
      table's columns: its landing contract (var `landing_contract` in dbt_project.yml).
    schema: "{{ var('raw_schema', 'raw') }}"
    tables:
      - name: support_accounts
        description: One row per support desk account.
        data_tests: [matches_landing_contract]
"""

BASE_MODEL = """\
{#- Every row of raw support_accounts, read and typed, with its quarantine verdict. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('support', 'support_accounts')) %}

with

source as (

    select * from {{ source('support', 'support_accounts') }}

),

checked as (

    select
        account_id as account_id_raw,
        {{ normalize_key('account_id') }} as account_id,
        {{ normalize_text('company_name') }} as company_name,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ parse_number('open_tickets', integer=true, column_types=raw_types) }} as open_tickets,
        {{ parse_timestamp('updated_at', raw_types) }} as updated_at,
        {{ quarantine_columns(quarantine_checks('support_accounts', raw_types)) }}
    from source

)

select * from checked
"""

STAGING_MODEL = """\
with

usable as (

    select * from {{ ref('base_support__accounts') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['account_id'],
        columns=['company_name', 'status', 'open_tickets', 'updated_at'],
        spellings=['account_id_raw', 'status_raw'],
    ) }}

),

final as (

    select
        {{ require_single_version('account_id', source_table='support_accounts') }} as account_id,
        account_id_raw,
        company_name,
        status,
        status_raw,
        open_tickets,
        updated_at
    from versioned

)

select * from final
"""

MODELS_YAML = """\
version: 2

models:
  - name: base_support__accounts
    description: >
      Every row of raw support_accounts with its quarantine verdict. {{ doc('base_models') }}
  - name: stg_support__accounts
    description: >
      Support desk accounts, normalised. Grain: one row per account (normalised
      `account_id`). {{ doc('staging_conventions') }}
    columns:
      - name: account_id
        description: Account key, trimmed and case-folded. Unique.
        data_tests: [unique, not_null]
"""

FILES = {
    "models/staging/support/_support__sources.yml": SOURCES,
    "models/staging/support/base/base_support__accounts.sql": BASE_MODEL,
    "models/staging/support/stg_support__accounts.sql": STAGING_MODEL,
    "models/staging/support/_support__models.yml": MODELS_YAML,
}


def add_support_desk(project: DbtProject) -> set[str]:
    """Add the support desk to the copy as CONTRIBUTING says; return the paths touched."""
    settings = project.root / "dbt_project.yml"
    text = settings.read_text()
    for anchor, addition in (
        ("  landing_contract:\n", CONTRACT),
        ("  status_vocabulary:\n", VOCABULARY),
        ("      ops:\n        base: *base_models\n", BASE_FOLDER),
    ):
        assert text.count(anchor) == 1, anchor
        text = text.replace(anchor, anchor + addition)
    settings.write_text(text)
    for path, content in FILES.items():
        (project.root / path).parent.mkdir(parents=True, exist_ok=True)
        (project.root / path).write_text(content)
    return {"dbt_project.yml", *FILES}


def land_support_accounts(project: DbtProject) -> None:
    """Land raw.support_accounts and map one account to a customer of the demo world."""
    with project.map_seed.open() as seed:
        customer = next(csv.DictReader(seed))["canonical_id"]
    project.execute(
        "create table raw.support_accounts as select * from (values "
        "('sup_mapped', 'Mapped Ltd', 'Open', 3, timestamp '2026-06-10 09:00:00'), "
        "('sup_unmapped', 'Stranger GmbH', 'open ', 1, timestamp '2026-06-11 09:00:00'), "
        "('sup_closed', 'Gone Inc', 'closed', 0, timestamp '2026-06-01 09:00:00'), "
        "('   ', 'No Key Ltd', 'open', 2, timestamp '2026-06-12 09:00:00'), "
        "('sup_paused', 'Paused plc', 'paused', 4, timestamp '2026-06-12 09:00:00')"
        ") as t(account_id, company_name, status, open_tickets, updated_at);"
        # closed accounts, so the two bad rows stay under quarantine_max_ratio (5 %)
        "insert into raw.support_accounts select 'sup_old_' || i, 'Old ' || i, 'closed', 0, "
        "timestamp '2026-05-01 09:00:00' from range(40) as r(i)"
    )
    with project.map_seed.open("a") as seed:
        seed.write(f"{customer},support,SUP_MAPPED,2026-01-01,,mapped by the support desk\n")


def contributing_files() -> set[str]:
    """The files CONTRIBUTING's "Adding a source system" says to touch, for the support desk."""
    text = (PROJECT_DIR / "CONTRIBUTING.md").read_text()
    section = text.split("## Adding a source system", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\d+\. \*\*`([^`]+)`\*\*", section, flags=re.MULTILINE)
    return {step.replace("<system>", "support").replace("<entity>", "accounts") for step in steps}


def test_a_support_desk_reaches_every_guard_by_declaration(project: DbtProject) -> None:
    project.generate(customers=60)
    touched = add_support_desk(project)
    assert touched == contributing_files()
    land_support_accounts(project)

    assert_succeeded(project.dbt("build", "--exclude", "test_type:unit", extra_vars=CONTRACTS_ON))

    # quarantine: the row without a key and the one with an unknown status, with reasons
    assert project.query(
        "select source_key, quarantine_reason from recon_marts.fact_quarantined_rows "
        "where source_table = 'support_accounts' order by quarantine_reason"
    ) == [("   ", "missing_key"), ("sup_paused", "unknown_status")]
    # the extract counts and the run audit
    assert project.query(
        "select rows_read, rows_used, rows_quarantined, rows_in_staging "
        "from recon_intermediate.int_extract_counts where source_table = 'support_accounts'"
    ) == [(45, 43, 2, 43)]
    assert project.query(
        "select rows_read from recon_audit.run_audit_extracts "
        "where source_table = 'support_accounts'"
    ) == [(45,)]
    # Great Expectations: a suite raw_support_accounts, whose warnings are the same two rows
    warnings = project.query(
        "select expectation, summary from recon_audit.raw_data_contracts "
        "where source_table = 'support_accounts' and not success order by summary"
    )
    assert [summary.split(":")[0] for _, summary in warnings] == [
        "support_accounts.account_id",
        "support_accounts.status",
    ]
    # UNMAPPED_SOURCE_RECORD: the open account no mapping holds, not the mapped or closed one
    assert project.query(
        "select source_system, source_id, canonical_id from "
        "recon_marts.fact_reconciliation_exceptions "
        "where rule_name = 'UNMAPPED_SOURCE_RECORD' and source_system = 'support'"
    ) == [("support", "sup_unmapped", None)]

    # the completeness guard: an emptied extract refuses the next day, naming it
    project.execute("delete from raw.support_accounts")
    refused = project.dbt(
        "build", "--exclude", "test_type:unit", as_of="2026-06-16", extra_vars=CONTRACTS_ON
    )
    assert_failed_with(refused, "support_accounts")
    assert "2026-06-16" not in {
        str(day)
        for (day,) in project.query(
            "select distinct as_of_date from recon_marts.fact_reconciliation_exceptions"
        )
    }
