-- rpt_match_suggestions of the last build, with the columns `recon match accept` reads
-- (the fields of recon.match.Suggestion; recon.match fills them in).
select {columns}
from {{ ref('rpt_match_suggestions') }}
order by source_system, source_id, match_rank
