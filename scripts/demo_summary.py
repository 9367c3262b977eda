"""Print the morning story of the last build: counts per system, exceptions per rule, top money.

Reads the DuckDB file the build wrote ($RECON_DUCKDB_PATH, default
data/reconciliation.duckdb) in read-only mode; writes nothing.

Active, as each system would count itself on the as-of date D: the start and end lines of
the two bridges in rpt_active_customer_bridge, which define and count them (CRM accounts,
active; billing customers, with a live subscription; product tenants, with recent activity),
the same numbers the morning digest reports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb
from generate_demo_data import RAW_TABLES, add_common_arguments

CANCELED_STILL_BILLED = "BILLING_ACTIVE_CRM_INACTIVE"
BILLED_NEVER_IN_CRM = "MISSING_IN_CRM"

# The CRM's count starts the crm_to_billing bridge, billing's ends it, the product's ends
# billing_to_ops.
ACTIVE_COUNTS_SQL = """
select category, records
from {schema}_marts.rpt_active_customer_bridge
where as_of_date = $as_of
  and (line_type = 'end' or (line_type = 'start' and bridge = 'crm_to_billing'))
order by bridge = 'billing_to_ops', line_type = 'end'
"""

EXTRACT_COUNTS_SQL = """
select source_table, rows_read, rows_used, rows_quarantined
from {schema}_intermediate.int_extract_counts
"""

QUARANTINED_SQL = """
select source_table, quarantine_reason, coalesce(source_key, '(no key)'), quarantine_detail
from {schema}_marts.fact_quarantined_rows
where as_of_date = $as_of
order by source_table, quarantine_reason, source_key
"""

CONTRACTS_SQL = """
select
    count(*) filter (where not success and level = 'blocking'),
    count(*) filter (where not success and level = 'warning')
from {schema}_audit.raw_data_contracts
where run_name = (select max(run_name) from {schema}_audit.raw_data_contracts)
"""

PER_RULE_SQL = """
select
    rule_name,
    owner_team,
    count(*) as exceptions,
    count(*) filter (where in_grace_period) as in_grace,
    sum(amount_at_risk_usd) filter (where not in_grace_period) as open_amount
from {schema}_marts.fact_reconciliation_exceptions
where as_of_date = $as_of
group by rule_name, owner_team
order by rule_name
"""

LARGEST_SQL = """
select rule_name, coalesce(canonical_id, source_system || ':' || source_id), severity,
       amount_at_risk_usd, details
from {schema}_marts.fact_reconciliation_exceptions
where as_of_date = $as_of and not in_grace_period
order by amount_at_risk_usd desc, exception_id
limit 10
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, "the as-of date the build used")
    parser.add_argument(
        "--schema", default="recon", help="the dbt target schema the models were built in"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the summary."""
    args = parse_args(argv)
    con = duckdb.connect(args.duckdb_path, read_only=True)
    params = {"as_of": args.as_of}

    def rows(sql: str) -> list[tuple]:
        sql = sql.format(schema=args.schema)
        return con.execute(sql, params if "$as_of" in sql else None).fetchall()

    print(f"\nReconciliation summary, as of {args.as_of.isoformat()}")
    print(f"  {'rows per source table':<44}{'read':>10}{'used':>10}{'quarantined':>12}")
    counts = {table: (read, used, bad) for table, read, used, bad in rows(EXTRACT_COUNTS_SQL)}
    for table in RAW_TABLES:
        read, used, bad = counts[table]
        print(f"  {table:<44}{read:>10,}{used:>10,}{bad:>12,}")
    print("Quarantined rows (fact_quarantined_rows; fix them at the source):")
    for table, reason, key, detail in rows(QUARANTINED_SQL):
        print(f"  {table:<22}{reason:<22}{key!r}: {detail}")
    try:
        blocking, warnings = rows(CONTRACTS_SQL)[0]
        print(
            f"Data contracts (Great Expectations): {blocking} blocking, {warnings} warnings; "
            "Data Docs in data/data_contracts/docs/index.html"
        )
    except duckdb.CatalogException:
        print("Data contracts (Great Expectations): not run (var data_contracts is false)")
    print("Active, as each system counts itself:")
    for system, count in rows(ACTIVE_COUNTS_SQL):
        print(f"  {system:<44}{count:>10,}")
    per_rule = rows(PER_RULE_SQL)
    open_by_rule = {rule: total - grace for rule, _, total, grace, _ in per_rule}
    print("Billed customers the CRM does not count as active (open, not in grace):")
    for label, rule in (
        ("canceled in the CRM, still billed", CANCELED_STILL_BILLED),
        ("billed, never reached the CRM", BILLED_NEVER_IN_CRM),
    ):
        print(f"  {label:<44}{open_by_rule.get(rule, 0):>10,}")
    print("Exceptions per rule (in grace: sync lag under 24 h, not counted as open):")
    print(f"  {'rule':<30}{'owner':<22}{'total':>7}{'grace':>7}{'open USD/mo':>16}")
    for rule, owner, total, grace, amount in per_rule:
        print(f"  {rule:<30}{owner:<22}{total:>7,}{grace:>7,}{amount or 0:>16,.2f}")
    print("Ten largest open exceptions by money at risk (USD/mo):")
    for rule, subject, severity, amount, details in rows(LARGEST_SQL):
        print(f"  {amount:>12,.2f}  {severity:<8} {rule:<28} {subject}")
        print(f"  {'':>12}  {details}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
