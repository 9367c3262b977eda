-- The customer the timeline shows by default: the one with the most money at risk in its open
-- exceptions on D (then the one open longest, then by id).
select
    open_exceptions.canonical_id,
    sum(open_exceptions.amount_at_risk_usd) as amount_at_risk_usd,
    min(lifecycle.episode_started_on) as open_since
from {{ ref('rpt_open_exceptions') }} as open_exceptions
left join {{ ref('fact_exception_lifecycle') }} as lifecycle
    on open_exceptions.exception_id = lifecycle.exception_id
where open_exceptions.as_of_date = :as_of and open_exceptions.canonical_id is not null
group by open_exceptions.canonical_id
order by amount_at_risk_usd desc, open_since asc, open_exceptions.canonical_id asc
limit 1
