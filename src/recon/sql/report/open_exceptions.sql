-- The exceptions open on D (rpt_open_exceptions says which are open), per owner team, rule
-- and severity, with their money at risk.
select
    owner_team,
    rule_name,
    severity,
    count(*) as exceptions,
    sum(amount_at_risk_usd) as amount_at_risk_usd
from {{ ref('rpt_open_exceptions') }}
where as_of_date = :as_of
group by owner_team, rule_name, severity
order by owner_team, rule_name, severity
