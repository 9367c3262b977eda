select source_table, quarantine_reason, coalesce(source_key, '(no key)'), quarantine_detail
from {{ ref('fact_quarantined_rows') }}
where as_of_date = :as_of
order by source_table, quarantine_reason, source_key
