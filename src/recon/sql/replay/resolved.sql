-- The exceptions resolved over the replay, and how many of them have a resolution entered.
select
    count(*) as resolved,
    count(resolution_status) as with_entry
from {{ ref('fact_exception_lifecycle') }}
where status = 'resolved'
