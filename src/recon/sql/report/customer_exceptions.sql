-- One customer's exceptions on every built day up to D.
select
    as_of_date,
    rule_name,
    severity,
    in_grace_period,
    amount_at_risk_usd,
    details
from {{ ref('fact_reconciliation_exceptions') }}
where canonical_id = :customer and as_of_date <= :as_of
order by as_of_date, rule_name
