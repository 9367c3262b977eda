-- The open exceptions of the latest built day (the lifecycle's status is as of that day), per
-- rule and days open, against the rule's SLA.
select
    as_of_date,
    rule_name,
    sla_days,
    days_open,
    sla_breached,
    count(*) as exceptions,
    sum(amount_at_risk_usd) as amount_at_risk_usd
from {{ ref('fact_exception_lifecycle') }}
where status = 'open'
group by as_of_date, rule_name, sla_days, days_open, sla_breached
order by rule_name, days_open
