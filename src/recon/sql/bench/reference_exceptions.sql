-- The exceptions of the hand-written rules (the text of benchmarks/reference_rules.sql, filled
-- in by recon bench, for $as_of and $now), amounts as the mart's decimal(18, 2), in the order of
-- build_exceptions.sql.
select
    rule_name,
    canonical_id,
    source_system,
    source_id,
    cast(amount_at_risk_usd as decimal(18, 2)) as amount_at_risk_usd,
    in_grace_period
from ({reference}) as reference_rules
order by all
