{#- The raw rows each built day could not use, one partition per as_of_date (building day D
    replaces D's rows and keeps every other day): where each came from, its key as it
    arrived, why, and the whole raw row. Written only for a trusted day, like the other
    marts; on a refused day, recon_staging.stg_quarantined_rows shows what this run found. -#}
with

quarantined as (

    select * from {{ ref('stg_quarantined_rows') }}

),

trust as (

    select * from {{ ref('int_day_guard') }}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        cast(quarantined.source_table as {{ text_type() }}) as source_table,
        cast(quarantined.source_key as {{ text_type() }}) as source_key,
        cast(quarantined.quarantine_reason as {{ text_type() }}) as quarantine_reason,
        cast(quarantined.quarantine_detail as {{ text_type() }}) as quarantine_detail,
        cast(quarantined.source_row as {{ text_type() }}) as source_row
    -- The day's check drives the query: its one row is always read, so a refused day fails
    -- even when nothing is quarantined (a cross join with an empty side may skip it).
    from trust
    left join quarantined on true
    where trust.day_check = 'trusted' and quarantined.source_table is not null

)

select * from final
