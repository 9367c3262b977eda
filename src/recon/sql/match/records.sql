select
    as_of_date,
    source_system,
    source_id,
    canonical_id,
    is_unmapped,
    record_name,
    web_domain,
    email,
    crm_account_ref,
    monthly_amount_usd
from {{ ref('int_match_records') }}
order by source_system, source_id
