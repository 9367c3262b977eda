{#- Nothing is lost between a raw extract and the reconciliation: for every source, the rows
    in the raw table equal the rows the base model read, those equal the rows used plus the
    rows quarantined (int_extract_counts counts the quarantined ones in stg_quarantined_rows,
    so a row missing from both sides, or counted on both, fails), and every usable key is
    one row of the staging model (so staging drops none of them). The usable keys are
    int_extract_counts' count, made in the same pass over the base model as the rows read and
    used (one pass over 31 million provider rows instead of two), with raw_extracts' `key`
    as this test used to count them. -#}

with

-- noqa: disable=LT02
raw_counts as (

    {%- for extract in raw_extracts() %}
    select
        '{{ extract.table }}' as source_table,
        count(*) as raw_rows
    from {{ source(extract.system, extract.table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),
-- noqa: enable=LT02

counts as (

    select * from {{ ref('int_extract_counts') }}

),

failures as (

    select
        'rows lost in ' || raw_counts.source_table || ': '
        || cast(raw_counts.raw_rows as {{ dbt.type_string() }}) || ' raw rows, '
        || coalesce(cast(counts.rows_read as {{ dbt.type_string() }}), 'no') || ' read, '
        || coalesce(cast(counts.rows_used as {{ dbt.type_string() }}), 'no') || ' used + '
        || coalesce(cast(counts.rows_quarantined as {{ dbt.type_string() }}), 'no')
        || ' quarantined, ' || coalesce(cast(counts.usable_keys as {{ dbt.type_string() }}), 'no')
        || ' usable keys, ' || coalesce(cast(counts.rows_in_staging as {{ dbt.type_string() }}), 'no')
        || ' staging rows: a base, staging or quarantine model loses rows.' as failure_message
    from raw_counts
    left join counts on raw_counts.source_table = counts.source_table
    where
        counts.rows_read is null
        or raw_counts.raw_rows != counts.rows_read
        or counts.rows_read != counts.rows_used + counts.rows_quarantined
        or counts.usable_keys != counts.rows_in_staging

)

{{ raise_first_failure('failures') }}
