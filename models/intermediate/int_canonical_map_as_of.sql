{#- The key map on the as-of day: which source records belong to which canonical customer. -#}
with

entity_map as (

    select * from {{ ref('stg_canonical_entity_map') }}

),

normalized as (

    select
        {{ trim_text('canonical_id') }} as canonical_id,
        {{ normalize_text('source_system') }} as source_system,
        {{ normalize_key('source_id') }} as source_id,
        source_id as source_id_raw,
        effective_from,
        effective_to,
        notes
    from entity_map

),

holding_on_day as (

    select
        {{ as_of_date() }} as as_of_date,
        source_system,
        source_id,
        source_id_raw,
        canonical_id,
        effective_from,
        effective_to,
        notes
    from normalized
    where
        effective_from <= {{ as_of_date() }}
        and (effective_to is null or {{ as_of_date() }} < effective_to)

)

select * from holding_on_day
