-- The drift sensor's alerts of D, which lead the digest: whether a rule alerts, its baseline and
-- its sentence are the model's to say (rpt_drift_alerts). Read with the columns of DriftAlert
-- ({columns}); the most new exceptions first.
select {columns}
from {{ ref('rpt_drift_alerts') }}
where as_of_date = :as_of and is_alert
order by new_exceptions desc, rule_name
