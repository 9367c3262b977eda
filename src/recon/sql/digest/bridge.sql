-- The active counts on each side are the start and end lines of the two bridges.
select bridge, line_type, records
from {{ ref('rpt_active_customer_bridge') }}
where as_of_date = :as_of and line_type in ('start', 'end')
