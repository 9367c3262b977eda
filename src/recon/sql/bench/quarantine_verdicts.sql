-- The rows and quarantine verdicts of one base model (its relation, from dbt's manifest, filled
-- in by recon bench). The base models are views on DuckDB, so this computes the verdict of
-- every raw row.
select
    count(*) as rows_read,
    count(quarantine_reason) as rows_quarantined
from {base}
