{#- How much of each system the key map covers on the as-of date: live records mapped and
    unmapped. Run by hand: dbt compile --select map_coverage, then paste the SQL. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

tenants as (

    select * from {{ ref('stg_ops__tenants') }}

),

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}

),

records as (

    select
        'crm' as source_system,
        account_id as source_id
    from accounts
    where not is_deleted
    union all
    select
        'billing' as source_system,
        customer_id as source_id
    from customers
    where not is_deleted
    union all
    select
        'ops' as source_system,
        tenant_id as source_id
    from tenants

),

final as (

    select
        records.source_system,
        count(*) as records,
        count(entity_map.canonical_id) as mapped,
        count(*) - count(entity_map.canonical_id) as unmapped
    from records
    left join entity_map
        on
            records.source_system = entity_map.source_system
            and records.source_id = entity_map.source_id
    group by records.source_system

)

select * from final
