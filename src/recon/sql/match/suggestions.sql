select
    suggestion_id,
    as_of_date,
    source_system,
    source_id,
    source_name,
    candidate_canonical_id,
    candidate_name,
    match_probability,
    match_rank,
    evidence,
    is_suggested,
    monthly_amount_usd
from {{ ref('rpt_match_suggestions') }}
order by source_system, source_id, match_rank
