"""Match suggestions for the unmapped source records of the day (UNMAPPED_SOURCE_RECORD).

For each record the rule flags, the canonical customers it may belong to, scored by Splink 5
on its own in-memory DuckDB connection (recon.matching, the same code `recon match suggest
--postgres` runs on PostgreSQL, where dbt runs no Python models). Reads int_match_records
(which reads the rule and the day guard); never changes the key map: a person accepts a
suggestion with `recon match accept`, which appends it to seeds/canonical_entity_map.csv
for review in a pull request. The threshold and the number of candidates are the vars
match_threshold and match_max_candidates. The day is int_match_records' (its as_of_date
column): the day guard runs when that model is built, as for every model filing a day. No
var is read for the day here: a config rendered from a var is fixed when dbt parses, and the
replay builds many days from one parse.
"""

from recon import matching


def model(dbt, session):
    # dbt finds the dbt.ref/config calls by reading this code: keep each call literal.
    dbt.config(materialized="table")
    records = dbt.ref("int_match_records").to_arrow_table()
    return matching.suggest(
        records,
        threshold=float(dbt.config.get("match_threshold")),
        max_candidates=int(dbt.config.get("match_max_candidates")),
    )
