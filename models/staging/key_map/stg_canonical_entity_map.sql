{#- The key map as written by the people who own customer master data, from wherever it is
    kept: the seed (default) or the warehouse table var `canonical_map_table` names. Its tests,
    the snapshot snap_canonical_entity_map and int_canonical_map_as_of read this model, so
    moving the map from the seed to a table changes nothing downstream. A view on DuckDB
    (nothing is copied), a table on PostgreSQL, like the base models (`base_models` doc: a
    PostgreSQL view would stop the master-data tool from recreating its table). A value that
    is not a date in a date column stops the build (never read as an open mapping). -#}
{{ config(
    materialized='view' if target.type == 'duckdb' else 'table',
    meta={'reported_as': canonical_map_label()},
) }}
{%- if var('canonical_map_table') %}
    {%- set kept_in = source('key_map', 'canonical_entity_map') %}
{%- else %}
    {%- set kept_in = ref('canonical_entity_map') %}
{%- endif %}

with

entity_map as (

    select * from {{ kept_in }}

),

final as (

    select
        cast(canonical_id as {{ dbt.type_string() }}) as canonical_id,
        cast(source_system as {{ dbt.type_string() }}) as source_system,
        cast(source_id as {{ dbt.type_string() }}) as source_id,
        cast(effective_from as date) as effective_from,
        cast(effective_to as date) as effective_to,
        cast(notes as {{ dbt.type_string() }}) as notes
    from entity_map

)

select * from final
