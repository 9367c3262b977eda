{#- Per source extract of this run: rows read (every raw row), rows used (the usable ones,
    before exact duplicates collapse), the distinct keys among them, rows quarantined
    (stg_quarantined_rows) and rows kept in staging (one per usable key), next to the rows
    the last successful run read (run_audit_extracts of the run audit, written by
    on-run-end). The daily marts refuse a day on which an extract is empty, shrank below var
    completeness_min_ratio of the last good run, or has more than var quarantine_max_ratio of
    its rows quarantined (int_day_guard). -#}
{%- set audit = run_audit_relation() -%}
{%- set extracts = run_audit_relation('extracts') -%}
{%- set audit_exists = execute
    and adapter.get_relation(database=audit.database, schema=audit.schema, identifier=audit.identifier) is not none
    and adapter.get_relation(database=extracts.database, schema=extracts.schema, identifier=extracts.identifier) is not none -%}

with

{% if audit_exists -%}
last_good_run as (

    select runs.run_id
    from {{ audit }} as runs
    where
        runs.outcome = 'success'
        and exists (select 1 from {{ extracts }} as counted where counted.run_id = runs.run_id)
    order by runs.finished_at desc
    limit 1

),

last_good_rows as (

    select counted.source_table, counted.rows_read
    from {{ extracts }} as counted
    inner join last_good_run on counted.run_id = last_good_run.run_id

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
            (select last_good_rows.rows_read from last_good_rows where last_good_rows.source_table = '{{ extract.table }}')
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
