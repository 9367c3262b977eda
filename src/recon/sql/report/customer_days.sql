-- One customer on every built day up to D: its state in each system and what is at risk.
select
    as_of_date,
    crm_status,
    billing_status,
    ops_status,
    mismatch_count,
    in_grace_count,
    amount_at_risk_usd
from {{ ref('fact_customer_reconciliation') }}
where canonical_id = :customer and as_of_date <= :as_of
order by as_of_date
