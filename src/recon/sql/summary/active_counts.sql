-- Active, as each system counts itself: the CRM's count starts the crm_to_billing bridge,
-- billing's ends it, the product's ends billing_to_ops.
select category, records
from {{ ref('rpt_active_customer_bridge') }}
where
    as_of_date = :as_of
    and (line_type = 'end' or (line_type = 'start' and bridge = 'crm_to_billing'))
order by bridge = 'billing_to_ops', line_type = 'end'
