-- The exceptions that escalated on D: the lifecycle keeps the day each one's open days first
-- exceeded its SLA (sla_breached_on) and the team it escalated to. Read with the columns of
-- Escalation ({columns}); by the team escalated to, then the largest amount at risk.
select {columns}
from {{ ref('fact_exception_lifecycle') }}
where sla_breached_on = :as_of
order by escalated_to, amount_at_risk_usd desc, exception_id
