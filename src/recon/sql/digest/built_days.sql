select distinct as_of_date
from {{ ref('fact_customer_reconciliation') }}
order by as_of_date
