-- Per built day up to D and rule: open exceptions and the mismatch rate (open / customers).
select
    as_of_date,
    rule_name,
    open_exceptions,
    mismatch_rate
from {{ ref('rpt_exception_trend') }}
where as_of_date <= :as_of
order by as_of_date, rule_name
