-- The open exceptions past their SLA, longest open first: who owns each and where it escalated.
select
    rule_name,
    coalesce(canonical_id, source_system || ':' || source_id) as subject,
    owner_team,
    escalated_to,
    assignee,
    days_open,
    sla_days,
    sla_breached_on,
    amount_at_risk_usd
from {{ ref('fact_exception_lifecycle') }}
where status = 'open' and sla_breached
order by days_open desc, amount_at_risk_usd desc, exception_id asc
