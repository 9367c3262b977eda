{#- Rows read from each source extract in this run (after exact duplicates collapse), next to
    the rows the last successful run read (from the run audit, written by on-run-end). The
    daily marts refuse a day on which an extract is empty or shrank below
    var completeness_min_ratio of the last good run (require_trustworthy_day). -#}
{%- set extracts = [
    ('crm_accounts', 'stg_crm__accounts'),
    ('billing_customers', 'stg_billing__customers'),
    ('billing_subscriptions', 'stg_billing__subscriptions'),
    ('billing_invoices', 'stg_billing__invoices'),
    ('ops_tenants', 'stg_ops__tenants'),
    ('ops_providers', 'stg_ops__providers'),
    ('ops_usage_daily', 'stg_ops__usage_daily'),
] -%}
{%- set audit = run_audit_relation() -%}
{%- set audit_exists = execute and adapter.get_relation(
    database=audit.database, schema=audit.schema, identifier=audit.identifier
) is not none -%}

with

{% if audit_exists -%}
last_good_run as (

    select *
    from {{ audit }}
    where outcome = 'success' and crm_accounts_rows is not null
    order by finished_at desc
    limit 1

),

{% endif -%}
-- noqa: disable=LT02
counts as (

    {%- for source_table, model in extracts %}
    select
        '{{ source_table }}' as source_table,
        count(*) as rows_read,
        {% if audit_exists -%}
            (select last_good_run.{{ source_table }}_rows from last_good_run)
        {%- else -%}
            cast(null as integer)
        {%- endif %} as last_good_rows
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),
-- noqa: enable=LT02

final as (

    select
        {{ as_of_date() }} as as_of_date,
        source_table,
        cast(rows_read as integer) as rows_read,
        cast(last_good_rows as integer) as last_good_rows
    from counts

)

select * from final
