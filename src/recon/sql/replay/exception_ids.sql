-- Every exception detected on the days built so far, by rule and customer: a resolution the
-- replay enters gets its exception's id from here (the id is the marts' to compute).
select
    exception_id,
    rule_name,
    canonical_id
from {{ ref('fact_exception_lifecycle') }}
where canonical_id is not null
