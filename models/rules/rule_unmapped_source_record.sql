with

crm_accounts as (

    select * from {{ ref('int_crm_accounts_as_of') }}

),

billing_customers as (

    select * from {{ ref('int_billing_customers_as_of') }}

),

tenants as (

    select * from {{ ref('int_ops_tenants_as_of') }}

),

declared_records as (

    select * from {{ ref('int_declared_records_as_of') }}

),

unmapped_records as (

    select
        as_of_date,
        'crm' as source_system,
        account_id as source_id,
        contract_mrr_usd as monthly_amount_usd,
        updated_at as newest_source_ts,
        'CRM account ' || account_id || ' (' || coalesce(account_name, 'no name') || ') is active, '
        || {{ format_amount('contract_mrr_usd') }} || ' USD/mo' as record_summary
    from crm_accounts
    where canonical_id is null and is_active_account
    union all
    select
        as_of_date,
        'billing' as source_system,
        customer_id as source_id,
        live_mrr_usd as monthly_amount_usd,
        newest_source_ts,
        'billing customer ' || customer_id || ' (' || coalesce(customer_name, 'no name') || ') has live subscription '
        || live_subscription_ids || ', ' || {{ format_amount('live_mrr_usd') }} || ' USD/mo' as record_summary
    from billing_customers
    where canonical_id is null and not is_deleted and has_live_subscription
    union all
    select
        as_of_date,
        'ops' as source_system,
        tenant_id as source_id,
        null as monthly_amount_usd,
        updated_at as newest_source_ts,
        'tenant ' || tenant_id || ' (' || coalesce(tenant_name, 'no name') || ') is active' as record_summary
    from tenants
    where canonical_id is null and status = 'active'
    union all
    select
        as_of_date,
        source_system,
        source_id,
        null as monthly_amount_usd,
        null as newest_source_ts,
        record_summary
    from declared_records
    where canonical_id is null

),

flagged as (

    select
        {{ exception_columns(
            rule_name='UNMAPPED_SOURCE_RECORD',
            amount_sql='monthly_amount_usd',
            details_sql="record_summary || ' but no mapping holds on '"
                ~ " || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ") || ' in " ~ canonical_map_label() ~ "'",
            canonical_id_sql='null',
            source_system_sql='source_system',
            source_id_sql='source_id',
            in_grace_sql=in_grace_period('newest_source_ts'),
        ) }}
    from unmapped_records

)

select * from flagged
