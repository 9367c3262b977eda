{#- The records of the source systems beyond the CRM, billing and the product whose landing
    contract (var `landing_contract`) gives a key map column `mapped_when`: each record for
    which that condition holds on its staging row, with its canonical customer on D (null
    when no mapping holds). The CRM, billing and product records get theirs in their own
    int_*_as_of models. Empty while no table declares one. -#}
{%- set declared = raw_extracts() | selectattr('mapped') | list %}

with

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}

),

-- noqa: disable=LT02
records as (

    {%- for extract in declared %}
    select
        '{{ extract.system }}' as source_system,
        staged.{{ extract.mapped.name }} as source_id,
        '{{ extract.table }} record ' || staged.{{ extract.mapped.name }}
        || ' ({{ extract.mapped.mapped_when | replace("'", "''") }})' as record_summary
    from {{ ref('stg_' ~ extract.entity) }} as staged
    where {{ extract.mapped.mapped_when }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as source_id,
        cast(null as {{ dbt.type_string() }}) as record_summary
    where 1 = 0
    {%- endfor %}

),
-- noqa: enable=LT02

final as (

    select
        {{ as_of_date() }} as as_of_date,
        cast(records.source_system as {{ dbt.type_string() }}) as source_system,
        cast(records.source_id as {{ dbt.type_string() }}) as source_id,
        entity_map.canonical_id,
        cast(records.record_summary as {{ dbt.type_string() }}) as record_summary
    from records
    left join entity_map
        on
            records.source_system = entity_map.source_system
            and records.source_id = entity_map.source_id

)

select * from final
