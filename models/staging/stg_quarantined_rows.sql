{#- Every raw row this run cannot use, one row each (exact duplicates included, so every
    source's rows read = rows used + rows quarantined): the raw table, the row's key as it
    arrived, the reason code, a sentence naming the column and value, and the whole raw row as
    JSON. The base models decide (`quarantine_columns`); the marts keep the history per day
    (fact_quarantined_rows). -#}
{%- set bases = [
    ('crm_accounts', 'base_crm__accounts', 'account_id_raw'),
    ('billing_customers', 'base_billing__customers', 'customer_id_raw'),
    ('billing_subscriptions', 'base_billing__subscriptions', 'subscription_id_raw'),
    ('billing_invoices', 'base_billing__invoices', 'invoice_id_raw'),
    ('ops_tenants', 'base_ops__tenants', 'tenant_id_raw'),
    ('ops_providers', 'base_ops__providers', 'provider_id_raw'),
    ('ops_usage_daily', 'base_ops__usage_daily', "tenant_id_raw || ' on ' || cast(usage_date as " ~ dbt.type_string() ~ ")"),
] -%}

with

-- noqa: disable=LT02
quarantined as (

    {%- for source_table, base, key_raw in bases %}
    select
        '{{ source_table }}' as source_table,
        cast({{ key_raw }} as {{ dbt.type_string() }}) as source_key,
        quarantine_reason,
        quarantine_detail,
        source_row
    from {{ ref(base) }}
    where quarantine_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),
-- noqa: enable=LT02

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(source_key as {{ dbt.type_string() }}) as source_key,
        cast(quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason,
        cast(quarantine_detail as {{ dbt.type_string() }}) as quarantine_detail,
        cast(source_row as {{ dbt.type_string() }}) as source_row
    from quarantined

)

select * from final
