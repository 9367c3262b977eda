-- The two count bridges of D, line by line: start, explained lines, end.
select
    bridge,
    line_number,
    line_type,
    category,
    in_grace_period,
    records,
    customers,
    running_total
from {{ ref('rpt_active_customer_bridge') }}
where as_of_date = :as_of
order by bridge, line_number
