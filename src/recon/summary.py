"""Print the morning story of the last build: counts per system, exceptions per rule, top money.

`recon summary`. Reads the marts of the last build (recon.warehouse: the engine and the
relations from dbt's manifest; DuckDB read-only or PostgreSQL); writes nothing. The queries
are recon/sql/summary/*.sql.

Active, as each system would count itself on the as-of date D: the start and end lines of
the two bridges in rpt_active_customer_bridge, which define and count them (CRM accounts,
active; billing customers, with a live subscription; product tenants, with recent activity),
the same numbers the morning digest reports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from recon import landing_contract
from recon.demo_data import add_common_arguments
from recon.project import find_project_dir
from recon.warehouse import (
    Warehouse,
    WarehouseError,
    add_warehouse_arguments,
    open_warehouse,
    sql_text,
)

CANCELED_STILL_BILLED = "BILLING_ACTIVE_CRM_INACTIVE"
BILLED_NEVER_IN_CRM = "MISSING_IN_CRM"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="recon summary", description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, "the as-of date the build used")
    add_warehouse_arguments(parser)
    return parser.parse_args(argv)


def print_summary(warehouse: Warehouse, as_of: object) -> None:
    """Print the summary of day `as_of` from `warehouse`."""
    params = {"as_of": as_of}

    def rows(name: str) -> list[tuple]:
        text = sql_text("summary", name)
        return warehouse.rows(text, params if ":as_of" in text else None)

    print(f"\nReconciliation summary, as of {as_of}")
    print(f"  {'rows per source table':<44}{'read':>10}{'used':>10}{'quarantined':>12}")
    order = list(landing_contract.load(find_project_dir()))
    counts = sorted(rows("extract_counts"), key=lambda row: order.index(row[0]))
    for table, read, used, bad in counts:
        print(f"  {table:<44}{read:>10,}{used:>10,}{bad:>12,}")
    print("Quarantined rows (fact_quarantined_rows; fix them at the source):")
    for table, reason, key, detail in rows("quarantined"):
        print(f"  {table:<22}{reason:<22}{key!r}: {detail}")
    if warehouse.has("raw_data_contracts"):
        blocking, warnings = rows("contracts")[0]
        print(
            f"Data contracts (Great Expectations): {blocking} blocking, {warnings} warnings; "
            "Data Docs in data/data_contracts/docs/index.html"
        )
    else:
        print("Data contracts (Great Expectations): not run in the build (var data_contracts)")
    print("Active, as each system counts itself:")
    for system, count in rows("active_counts"):
        print(f"  {system:<44}{count:>10,}")
    per_rule = rows("per_rule")
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
    for rule, subject, severity, amount, details in rows("largest"):
        print(f"  {amount:>12,.2f}  {severity:<8} {rule:<28} {subject}")
        print(f"  {'':>12}  {details}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the summary; 2 when the build cannot be read."""
    args = parse_args(argv)
    try:
        with open_warehouse(args) as warehouse:
            print_summary(warehouse, args.as_of)
    except WarehouseError as error:
        print(f"recon summary: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
