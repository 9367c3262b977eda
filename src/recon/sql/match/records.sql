-- int_match_records of the last build, with the columns recon.matching reads
-- (recon.matching.RECORD_SCHEMA; recon.match fills them in).
select {columns}
from {{ ref('int_match_records') }}
order by source_system, source_id
