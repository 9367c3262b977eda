{#- Every row of raw crm_accounts, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_crm__accounts keeps the usable rows, stg_quarantined_rows
    the others. -#}
{{ after_data_contracts() }}

with

source as (

    select * from {{ source('crm', 'crm_accounts') }}

),

checked as (

    select
        account_id as account_id_raw,
        {{ normalize_key('account_id') }} as account_id,
        trim(account_name) as account_name,
        nullif(lower(trim(domain)), '') as domain,
        status as status_raw,
        {{ normalize_status('status') }} as status,
        {{ normalize_text('plan') }} as plan,
        cast(contract_signed_date as date) as contract_signed_date,
        cast(contract_start_date as date) as contract_start_date,
        cast(contract_end_date as date) as contract_end_date,
        {{ parse_number('contracted_seats', integer=true) }} as contracted_seats,
        {{ parse_number('contract_mrr') }} as contract_mrr,
        upper(trim(currency)) as currency,
        cast(is_deleted as boolean) as is_deleted,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        {{ quarantine_columns(
            quarantine_if_missing_key('account_id')
            + quarantine_if_not_in_vocabulary('status', 'crm_accounts.status')
            + quarantine_if_missing('is_deleted')
            + quarantine_if_not_a_number('contracted_seats', integer=true)
            + quarantine_if_not_a_number('contract_mrr')
            + quarantine_if_unknown_currency('currency', applies_when='contract_mrr is not null')
            + quarantine_if_in_future('updated_at')
        ) }}
    from source

)

select * from checked
