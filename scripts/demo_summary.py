"""Print what the last build found: rows per raw table and active customers per system.

Reads the DuckDB file the build wrote ($RECON_DUCKDB_PATH, default
data/reconciliation.duckdb) in read-only mode; writes nothing.

Active, as each system would count itself on the as-of date D (cutoff = D + 1 day, 00:00 UTC):
CRM = distinct accounts, not deleted, status `active`; billing = distinct customers, not
deleted, with a subscription that is `active` or `past_due`, started before the cutoff and not
canceled before it; ops = distinct tenants with activity (active_users > 0 or events > 0) in
the usage window (D - 30 days, D].
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb
from generate_demo_data import RAW_TABLES, add_common_arguments

ACTIVE_COUNTS_SQL = """
with cutoff as (
    select cast($as_of as date) + interval 1 day as at
)
select 'CRM' as system, count(distinct account_id) as active
from {staging}.stg_crm__accounts
where status = 'active' and not is_deleted
union all
select 'billing', count(distinct customers.customer_id)
from {staging}.stg_billing__customers as customers
inner join {staging}.stg_billing__subscriptions as subscriptions
    on customers.customer_id = subscriptions.customer_id
cross join cutoff
where not customers.is_deleted
    and subscriptions.status in ('active', 'past_due')
    and subscriptions.started_at < cutoff.at
    and (subscriptions.canceled_at is null or subscriptions.canceled_at >= cutoff.at)
union all
select 'ops', count(distinct tenant_id)
from {staging}.stg_ops__usage_daily
where (active_users > 0 or events > 0)
    and usage_date > cast($as_of as date) - interval 30 day
    and usage_date <= cast($as_of as date)
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, "the as-of date the build used")
    parser.add_argument(
        "--staging-schema", default="recon_staging", help="schema of the staging models"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the summary."""
    args = parse_args(argv)
    con = duckdb.connect(args.duckdb_path, read_only=True)
    print(f"\nReconciliation summary, as of {args.as_of.isoformat()}")
    print("Rows per source table:")
    for table in RAW_TABLES:
        rows = con.execute(f"select count(*) from {args.raw_schema}.{table}").fetchone()[0]
        print(f"  {table:<24}{rows:>10,}")
    print("Active customers, as each system counts them:")
    active = con.execute(
        ACTIVE_COUNTS_SQL.format(staging=args.staging_schema), {"as_of": args.as_of}
    ).fetchall()
    for system, count in active:
        print(f"  {system:<24}{count:>10,}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
