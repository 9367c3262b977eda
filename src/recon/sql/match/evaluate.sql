-- The suggestions of the last build against the demo world's truth: per unmapped record of
-- the built day that the generator knows, its true customer (null: a brand-new customer)
-- and the customer suggested for it, if any.
select
    truth.source_system,
    truth.source_id,
    truth.true_canonical_id,
    suggested.candidate_canonical_id as suggested_canonical_id
from demo_truth.match_truth as truth
inner join {{ ref('int_match_records') }} as records
    on
        truth.source_system = records.source_system
        and truth.source_id = records.source_id
        and records.is_unmapped
left join {{ ref('rpt_match_suggestions') }} as suggested
    on
        truth.source_system = suggested.source_system
        and truth.source_id = suggested.source_id
        and suggested.is_suggested
order by truth.source_system, truth.source_id, suggested.candidate_canonical_id
