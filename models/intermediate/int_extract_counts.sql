{#- Per source extract of this run: rows read (every raw row), rows used (the usable ones,
    before exact duplicates collapse), the distinct keys among them, rows quarantined
    (stg_quarantined_rows) and rows kept in staging (one per usable key), next to the rows
    the last successful run read (from the run audit, written by on-run-end). The daily marts refuse a day on which an extract is empty, shrank below var
    completeness_min_ratio of the last good run, or has more than var quarantine_max_ratio of
    its rows quarantined (require_trustworthy_day). -#}
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

    {%- for extract in raw_extracts() %}
    select
        '{{ extract.table }}' as source_table,
        count(*) as rows_read,
        count(case when quarantine_reason is null then 1 end) as rows_used,
        count(distinct case when quarantine_reason is null then {{ extract.key }} end) as usable_keys,
        (
            select count(*) from {{ ref('stg_quarantined_rows') }} as quarantine
            where quarantine.source_table = '{{ extract.table }}'
        ) as rows_quarantined,
        (select count(*) from {{ ref('stg_' ~ extract.entity) }}) as rows_in_staging,
        {% if audit_exists -%}
            (select last_good_run.{{ extract.table }}_rows from last_good_run)
        {%- else -%}
            cast(null as integer)
        {%- endif %} as last_good_rows
    from {{ ref('base_' ~ extract.entity) }}
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
        cast(rows_used as integer) as rows_used,
        cast(rows_quarantined as integer) as rows_quarantined,
        cast(usable_keys as integer) as usable_keys,
        cast(rows_in_staging as integer) as rows_in_staging,
        cast(last_good_rows as integer) as last_good_rows
    from counts

)

select * from final
