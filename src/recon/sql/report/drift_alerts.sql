-- Per rule and built day up to D: new exceptions against the alert threshold its baseline
-- gives (none before the baseline is long enough), and the alert.
select
    rule_name,
    owner_team,
    as_of_date,
    new_exceptions,
    baseline_days,
    baseline_mean,
    alert_threshold,
    is_alert,
    alert_summary
from {{ ref('rpt_drift_alerts') }}
where as_of_date <= :as_of
order by rule_name, as_of_date
