select
    rule_name,
    coalesce(canonical_id, source_system || ':' || source_id),
    severity,
    amount_at_risk_usd,
    details
from {{ ref('fact_reconciliation_exceptions') }}
where as_of_date = :as_of and not in_grace_period
order by amount_at_risk_usd desc, exception_id
limit 10
