-- The open exceptions of a built day (not in grace), per rule.
select
    rule_name,
    count(*) as open_exceptions
from {{ ref('fact_reconciliation_exceptions') }}
where as_of_date = :day
  and not in_grace_period
group by rule_name
order by rule_name
