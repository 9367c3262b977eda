{#- Every product tenant with its canonical id on the as-of date, its active providers at the
    end of that day, and its activity in the usage window (D - usage_window_days, D]. -#}
with

tenants as (

    select * from {{ ref('stg_ops__tenants') }}

),

entity_map as (

    select * from {{ ref('int_canonical_map_as_of') }}
    where source_system = 'ops'

),

providers as (

    select * from {{ ref('stg_ops__providers') }}

),

usage_daily as (

    select * from {{ ref('stg_ops__usage_daily') }}

),

providers_per_tenant as (

    select
        tenant_id,
        count(*) as active_providers
    from providers
    where
        activated_at < {{ observation_cutoff() }}
        and (deactivated_at is null or deactivated_at >= {{ observation_cutoff() }})
    group by tenant_id

),

activity_per_tenant as (

    select
        tenant_id,
        max(usage_date) as last_active_on
    from usage_daily
    where
        (active_users > 0 or events > 0)
        and usage_date > cast({{ dbt.dateadd('day', -1 * checked_var('usage_window_days'), as_of_date()) }} as date)
        and usage_date <= {{ as_of_date() }}
    group by tenant_id

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        tenants.tenant_id,
        entity_map.canonical_id,
        tenants.tenant_name,
        tenants.status,
        tenants.plan,
        coalesce(providers_per_tenant.active_providers, 0) as active_providers,
        activity_per_tenant.last_active_on is not null as has_recent_activity,
        activity_per_tenant.last_active_on,
        tenants.updated_at
    from tenants
    left join entity_map
        on tenants.tenant_id = entity_map.source_id
    left join providers_per_tenant
        on tenants.tenant_id = providers_per_tenant.tenant_id
    left join activity_per_tenant
        on tenants.tenant_id = activity_per_tenant.tenant_id

)

select * from final
