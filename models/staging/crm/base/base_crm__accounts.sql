{#- Every row of raw crm_accounts, read and typed, with its quarantine verdict
    (`quarantine_columns`). stg_crm__accounts keeps the usable rows, stg_quarantined_rows
    the others. -#}
{{ after_data_contracts() }}
{%- set raw_types = raw_column_types(source('crm', 'crm_accounts')) %}

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
        {{ parse_date('contract_signed_date', raw_types) }} as contract_signed_date,
        {{ parse_date('contract_start_date', raw_types) }} as contract_start_date,
        {{ parse_date('contract_end_date', raw_types) }} as contract_end_date,
        {{ parse_number('contracted_seats', integer=true, column_types=raw_types) }} as contracted_seats,
        {{ parse_number('contract_mrr', column_types=raw_types) }} as contract_mrr,
        {{ normalize_currency('currency') }} as currency,
        cast(is_deleted as boolean) as is_deleted,
        {{ parse_timestamp('updated_at', raw_types) }} as updated_at,
        {{ quarantine_columns(quarantine_checks('crm_accounts', raw_types)) }}
    from source

)

select * from checked
