with

usable as (

    select * from {{ ref('base_crm__accounts') }}
    where quarantine_reason is null

),

versioned as (

    {{ collapse_exact_duplicates(
        'usable',
        key=['account_id'],
        columns=['account_name', 'domain', 'status', 'plan', 'contract_signed_date', 'contract_start_date', 'contract_end_date', 'contracted_seats', 'contract_mrr', 'currency', 'is_deleted', 'updated_at'],
        spellings=['account_id_raw', 'status_raw'],
    ) }}

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
