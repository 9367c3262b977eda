-- Rows read, used and quarantined per raw table, in this run.
select source_table, rows_read, rows_used, rows_quarantined
from {{ ref('int_extract_counts') }}
