-- The built days (a day is built once fact_customer_reconciliation has it) and the customers
-- reconciled on each, up to the report's day.
select
    as_of_date,
    count(*) as customers
from {{ ref('fact_customer_reconciliation') }}
where as_of_date <= :as_of
group by as_of_date
order by as_of_date
