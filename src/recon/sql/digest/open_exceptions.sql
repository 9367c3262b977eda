-- What is open and what is newly open (alerted) is the model's to say: rpt_open_exceptions,
-- read with the columns of OpenException ({columns}).
select {columns}
from {{ ref('rpt_open_exceptions') }}
where as_of_date = :as_of
