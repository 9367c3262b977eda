with

source as (

    select * from {{ source('crm', 'crm_accounts') }}

),

normalized as (

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
        cast(contracted_seats as integer) as contracted_seats,
        cast(contract_mrr as numeric(18, 2)) as contract_mrr,
        upper(trim(currency)) as currency,
        cast(is_deleted as boolean) as is_deleted,
        {{ to_utc_timestamp('updated_at') }} as updated_at
    from source

),

collapsed as (

    select distinct
        account_id,
        min(account_id_raw) over (partition by account_id) as account_id_raw,
        account_name,
        domain,
        min(status_raw) over (partition by account_id, status) as status_raw,
        status,
        plan,
        contract_signed_date,
        contract_start_date,
        contract_end_date,
        contracted_seats,
        contract_mrr,
        currency,
        is_deleted,
        updated_at
    from normalized

),

versioned as (

    select
        *,
        count(*) over (partition by account_id) as versions_of_key
    from collapsed

),

final as (

    select
        {{ require_single_version('account_id', source_table='crm_accounts') }} as account_id,
        account_id_raw,
        account_name,
        domain,
        {{ require_accepted_value(
            'status', 'status_raw', ['prospect', 'active', 'churned', 'closed_lost'], key='account_id'
        ) }} as status,
        status_raw,
        plan,
        contract_signed_date,
        contract_start_date,
        contract_end_date,
        contracted_seats,
        contract_mrr,
        currency,
        is_deleted,
        updated_at
    from versioned

)

select * from final
