{#- Rows read from each source extract in this run (after exact duplicates collapse). The
    daily facts refuse to report a day on which an extract is empty. -#}
{%- set extracts = [
    ('crm_accounts', 'stg_crm__accounts'),
    ('billing_customers', 'stg_billing__customers'),
    ('billing_subscriptions', 'stg_billing__subscriptions'),
    ('billing_invoices', 'stg_billing__invoices'),
    ('ops_tenants', 'stg_ops__tenants'),
    ('ops_providers', 'stg_ops__providers'),
    ('ops_usage_daily', 'stg_ops__usage_daily'),
] -%}

with

counts as (

    {%- for source_table, model in extracts %}
        select
            '{{ source_table }}' as source_table,
            count(*) as rows_read
        from {{ ref(model) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        source_table,
        cast(rows_read as integer) as rows_read
    from counts

)

select * from final
