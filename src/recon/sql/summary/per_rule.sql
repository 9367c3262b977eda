select
    rule_name,
    owner_team,
    count(*) as exceptions,
    count(case when in_grace_period then 1 end) as in_grace,
    sum(case when not in_grace_period then amount_at_risk_usd end) as open_amount
from {{ ref('fact_reconciliation_exceptions') }}
where as_of_date = :as_of
group by rule_name, owner_team
order by rule_name
