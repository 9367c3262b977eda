{#- Every raw row this run cannot use, one row each (exact duplicates included, so every
    source's rows read = rows used + rows quarantined): the raw table, the row's key as it
    arrived, the reason code, a sentence naming the column and value, and the whole raw row as
    JSON. The base models decide (`quarantine_columns`); the marts keep the history per day
    (fact_quarantined_rows). -#}
with

-- noqa: disable=LT02
quarantined as (

    {%- for extract in raw_extracts() %}
    select
        '{{ extract.table }}' as source_table,
        cast({{ extract.key_raw }} as {{ dbt.type_string() }}) as source_key,
        quarantine_reason,
        quarantine_detail,
        source_row
    from {{ ref('base_' ~ extract.entity) }}
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
