-- Without fact_exception_lifecycle: the exceptions seen on an earlier day and gone on :day.
select count(distinct exception_id) as resolved
from {{ ref('fact_reconciliation_exceptions') }}
where exception_id not in (
    select exception_id
    from {{ ref('fact_reconciliation_exceptions') }}
    where as_of_date = :day
)
