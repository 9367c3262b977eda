-- The days rpt_match_suggestions holds (the day of its last build), when it has none for D.
select distinct as_of_date
from {{ ref('rpt_match_suggestions') }}
order by as_of_date
