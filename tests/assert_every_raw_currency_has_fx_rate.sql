{#- Every currency that carries money in the raw data has a rate valid on the as-of date: money
    in a currency without a rate cannot be compared, and must not count as zero. A CRM account
    without an MRR carries no money, so its currency does not matter (as in the quarantine's
    `quarantine_if_unknown_currency`). -#}
with

currencies_in_use as (

    select distinct
        'crm_accounts' as source_table,
        currency
    from {{ ref('stg_crm__accounts') }}
    where contract_mrr is not null
    union all
    select distinct
        'billing_subscriptions' as source_table,
        currency
    from {{ ref('stg_billing__subscriptions') }}
    union all
    select distinct
        'billing_invoices' as source_table,
        currency
    from {{ ref('stg_billing__invoices') }}

),

rates as (

    select * from {{ ref('fx_rates') }}

),

failures as (

    select
        'fx_rates: no rate for currency ' || {{ sql_quote_value('currencies_in_use.currency') }}
        || ' (used in ' || currencies_in_use.source_table || ') valid on or before '
        || cast({{ as_of_date() }} as {{ dbt.type_string() }})
        || '. Add a row to seeds/fx_rates.csv.' as failure_message
    from currencies_in_use
    where not exists (
            select 1
            from rates
            where
                {{ normalize_currency('rates.currency') }} = currencies_in_use.currency
                and rates.valid_from <= {{ as_of_date() }}
        )
)

{{ raise_first_failure('failures') }}
