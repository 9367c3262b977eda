-- The failed expectations of the last Great Expectations run.
select
    count(case when not success and level = 'blocking' then 1 end),
    count(case when not success and level = 'warning' then 1 end)
from {{ ref('raw_data_contracts') }}
where run_name = (select max(run_name) from {{ ref('raw_data_contracts') }})
