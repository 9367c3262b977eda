with

usable as (

    select * from {{ ref('base_crm__accounts') }}
    where quarantine_reason is null

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
    from usable

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
        status,
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
