-- The build's exceptions of :day, in the columns and order of reference_exceptions.sql.
select
    rule_name,
    canonical_id,
    source_system,
    source_id,
    amount_at_risk_usd,
    in_grace_period
from {{ ref('fact_reconciliation_exceptions') }}
where as_of_date = :day
order by all
