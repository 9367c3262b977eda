{#- The source records the match suggestions (rpt_match_suggestions) compare on D: every
    record the key map assigns to a customer on D (its names, web domain, e-mail and CRM
    account ids describe that customer), and every live record UNMAPPED_SOURCE_RECORD flags
    on D (`is_unmapped`), with what it says about itself and its monthly amount. Records of
    declared systems beyond the three (int_declared_records_as_of) carry no name or contact
    and are left out. -#}
with

crm_accounts as (

    select * from {{ ref('int_crm_accounts_as_of') }}

),

crm_contacts as (

    select * from {{ ref('stg_crm__accounts') }}

),

billing_customers as (

    select * from {{ ref('int_billing_customers_as_of') }}

),

billing_contacts as (

    select * from {{ ref('stg_billing__customers') }}

),

tenants as (

    select * from {{ ref('int_ops_tenants_as_of') }}

),

flagged as (

    select * from {{ ref('rule_unmapped_source_record') }}

),

trust as (

    select * from {{ ref('int_day_guard') }}

),

records as (

    select
        'crm' as source_system,
        crm_accounts.account_id as source_id,
        crm_accounts.canonical_id,
        crm_accounts.account_name as record_name,
        crm_contacts.domain as web_domain,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as crm_account_ref,
        crm_accounts.contract_mrr_usd as monthly_amount_usd
    from crm_accounts
    left join crm_contacts on crm_accounts.account_id = crm_contacts.account_id
    union all
    select
        'billing' as source_system,
        billing_customers.customer_id as source_id,
        billing_customers.canonical_id,
        billing_customers.customer_name as record_name,
        cast(null as {{ dbt.type_string() }}) as web_domain,
        billing_contacts.email,
        billing_contacts.crm_account_ref,
        billing_customers.live_mrr_usd as monthly_amount_usd
    from billing_customers
    left join billing_contacts on billing_customers.customer_id = billing_contacts.customer_id
    union all
    select
        'ops' as source_system,
        tenant_id as source_id,
        canonical_id,
        tenant_name as record_name,
        cast(null as {{ dbt.type_string() }}) as web_domain,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as crm_account_ref,
        cast(null as {{ dbt.type_numeric() }}) as monthly_amount_usd
    from tenants

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        cast(records.source_system as {{ dbt.type_string() }}) as source_system,
        cast(records.source_id as {{ dbt.type_string() }}) as source_id,
        cast(records.canonical_id as {{ dbt.type_string() }}) as canonical_id,
        flagged.source_id is not null as is_unmapped,
        cast(records.record_name as {{ dbt.type_string() }}) as record_name,
        cast(records.web_domain as {{ dbt.type_string() }}) as web_domain,
        cast(records.email as {{ dbt.type_string() }}) as email,
        cast(records.crm_account_ref as {{ dbt.type_string() }}) as crm_account_ref,
        case when flagged.source_id is not null then records.monthly_amount_usd end
            as monthly_amount_usd
    -- The day's check drives the query (as in the marts): a refused day fails here.
    from trust
    inner join records on trust.day_check = 'trusted'
    left join flagged
        on
            records.source_system = flagged.source_system
            and records.source_id = flagged.source_id
    where records.canonical_id is not null or flagged.source_id is not null

)

select * from final
