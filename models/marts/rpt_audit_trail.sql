{{ config(materialized='view') }}
{#- Every change to what the reconciliation decides with: the key map (its snapshot), the
    rule catalog (its snapshot), the vars a run used (the run audit's run_audit_vars, written
    at the start of every build) and each resolution a person entered. A view: it is always
    what the snapshots, the run audit and the seed hold now, and costs nothing to build. -#}
{%- set run_vars = run_audit_relation('vars') %}
with

map_changes as (

    {{ snapshot_changes(
        ref('snap_canonical_entity_map'),
        'key_map',
        ['source_system', 'source_id', 'effective_from'],
        "source_system || ':' || source_id || ' from ' || cast(effective_from as " ~ dbt.type_string() ~ ")",
    ) }}

),

catalog_changes as (

    {{ snapshot_changes(ref('snap_rule_catalog'), 'rule_catalog', ['rule_name'], 'rule_name') }}

),

run_vars as (

    select
        *,
        lag(var_value) over (partition by var_name order by started_at, run_id) as previous_value,
        lag(run_id) over (partition by var_name order by started_at, run_id) as previous_run_id
    from {{ run_vars }}

),

var_changes as (

    -- A value that differs from the one the run before used (the first run that used a var:
    -- added, before empty).
    select
        'run_var' as change_area,
        var_name as object_key,
        case when previous_run_id is null then 'added' else 'edited' end as change_kind,
        started_at as took_effect_at,
        previous_value as before_value,
        var_value as after_value,
        run_by as changed_by,
        'run ' || run_id || ' for ' || cast(as_of_date as {{ dbt.type_string() }}) as note
    from run_vars
    where previous_run_id is null or previous_value is distinct from var_value

),

resolutions as (

    select * from {{ ref('int_exception_resolutions') }}

),

resolution_entries as (

    -- Each entry: before is the exception's entry before it (status, assignee), after this one.
    select
        'resolution' as change_area,
        exception_id as object_key,
        'added' as change_kind,
        resolved_at as took_effect_at,
        case
            when previous_status is not null
                then concat_ws('; ', 'resolution_status=' || previous_status, 'assignee=' || coalesce(previous_assignee, '(empty)'))
        end as before_value,
        'resolution_status=' || coalesce(resolution_status, '(empty)')
        || '; root_cause=' || coalesce(root_cause, '(empty)')
        || '; assignee=' || coalesce(assignee, '(empty)') as after_value,
        resolved_by as changed_by,
        resolution_note as note
    from resolutions

),

-- (the linter misreads the indent of a Jinja loop)
-- noqa: disable=LT02
changes as (

    {%- for part in ['map_changes', 'catalog_changes', 'var_changes', 'resolution_entries'] %}
    select
        change_area,
        object_key,
        change_kind,
        took_effect_at,
        before_value,
        after_value,
        changed_by,
        note
    from {{ part }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),
-- noqa: enable=LT02

final as (

    select
        cast({{ dbt.hash(
            "change_area || '|' || object_key || '|' || change_kind || '|' || "
            ~ "coalesce(cast(took_effect_at as " ~ dbt.type_string() ~ "), '') || '|' || coalesce(after_value, '')"
        ) }} as varchar) as change_id,
        cast(change_area as varchar) as change_area,
        cast(object_key as varchar) as object_key,
        cast(change_kind as varchar) as change_kind,
        cast(took_effect_at as timestamp) as took_effect_at,
        cast(before_value as varchar) as before_value,
        cast(after_value as varchar) as after_value,
        cast(changed_by as varchar) as changed_by,
        cast(note as varchar) as note
    from changes

)

select * from final
