-- The candidate matches of D's unmapped records, the suggested ones first, most probable first.
select
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
where as_of_date = :as_of
order by is_suggested desc, match_probability desc, source_system asc, source_id asc, match_rank asc
