{#- Every CRM account with its canonical customer on the as-of date (null when unmapped) and
    its contract MRR in USD. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}
    where source_system = 'crm'

),

rates as (

    select * from {{ ref('int_fx_rates_as_of') }}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        accounts.account_id,
        entity_map.canonical_id,
        accounts.account_name,
        accounts.status,
        accounts.is_deleted,
        not accounts.is_deleted and accounts.status = 'active' as is_active_account,
        accounts.plan,
        accounts.contract_start_date,
        accounts.contract_end_date,
        accounts.contracted_seats,
        accounts.contract_mrr,
        accounts.currency,
        {{ convert_to_usd(
            'accounts.contract_mrr', 'accounts.currency', 'rates.rate_to_usd',
            "'CRM account ' || accounts.account_id"
        ) }} as contract_mrr_usd,
        accounts.updated_at
    from accounts
    left join entity_map
        on accounts.account_id = entity_map.source_id
    left join rates
        on accounts.currency = rates.currency

)

select * from final
