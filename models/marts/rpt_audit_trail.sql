{{ config(materialized='table', pre_hook="set time zone 'UTC'") }}
{#- Every change to what the reconciliation decides with: the key map (its snapshot), the
    rule catalog (its snapshot), the vars a run used (the run audit's run_audit_vars, written
    at the start of every build) and each resolution a person entered. A table rebuilt by
    every build, in UTC (a resolution's resolved_at text is read then, not in the time zone
    of whoever queries it). rule_name says which rule a change concerns (the catalog's rule,
    a resolution's exception's rule), so the readers' views can leave out revenue-level
    rules' rows. -#}
{%- set run_vars = run_audit_relation('vars') %}
with

map_changes as (

    select
        *,
        cast(null as {{ dbt.type_string() }}) as rule_name
    from (
        {{ snapshot_changes(
            ref('snap_canonical_entity_map'),
            'key_map',
            ['source_system', 'source_id', 'effective_from'],
            "source_system || ':' || source_id || ' from ' || cast(effective_from as " ~ dbt.type_string() ~ ")",
        ) }}
    ) as changes

),

catalog_changes as (

    select
        *,
        object_key as rule_name
    from (
        {{ snapshot_changes(ref('snap_rule_catalog'), 'rule_catalog', ['rule_name'], 'rule_name') }}
    ) as changes

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
        'run ' || run_id || ' for ' || cast(as_of_date as {{ dbt.type_string() }}) as note,
        cast(null as {{ dbt.type_string() }}) as rule_name
    from run_vars
    where previous_run_id is null or previous_value is distinct from var_value

),

resolutions as (

    select * from {{ ref('int_exception_resolutions') }}

),

lifecycle as (

    select * from {{ ref('fact_exception_lifecycle') }}

),

resolution_entries as (

    -- Each entry: before is the exception's entry before it (status, assignee), after this one.
    select
        'resolution' as change_area,
        resolutions.exception_id as object_key,
        'added' as change_kind,
        resolutions.resolved_at as took_effect_at,
        case
            when resolutions.previous_status is not null
                then concat_ws(
                        '; ',
                        'resolution_status=' || resolutions.previous_status,
                        'assignee=' || coalesce(resolutions.previous_assignee, '(empty)')
                    )
        end as before_value,
        concat_ws(
            '; ',
            'resolution_status=' || coalesce(resolutions.resolution_status, '(empty)'),
            'root_cause=' || coalesce(resolutions.root_cause, '(empty)'),
            'assignee=' || coalesce(resolutions.assignee, '(empty)')
        ) as after_value,
        resolutions.resolved_by as changed_by,
        resolutions.resolution_note as note,
        lifecycle.rule_name
    from resolutions
    left join lifecycle
        on resolutions.exception_id = lifecycle.exception_id

),

changes as (

    {{ union_by_columns(
        ['map_changes', 'catalog_changes', 'var_changes', 'resolution_entries'],
        ['change_area', 'object_key', 'change_kind', 'took_effect_at', 'before_value', 'after_value',
         'changed_by', 'note', 'rule_name'],
    ) }}

),

final as (

    select
        cast({{ dbt.hash(
            "change_area || '|' || object_key || '|' || change_kind || '|' || "
            ~ "coalesce(cast(took_effect_at as " ~ dbt.type_string() ~ "), '') || '|' || coalesce(after_value, '')"
        ) }} as {{ text_type() }}) as change_id,
        cast(change_area as {{ text_type() }}) as change_area,
        cast(object_key as {{ text_type() }}) as object_key,
        cast(change_kind as {{ text_type() }}) as change_kind,
        cast(took_effect_at as timestamp) as took_effect_at,
        cast(before_value as {{ text_type() }}) as before_value,
        cast(after_value as {{ text_type() }}) as after_value,
        cast(changed_by as {{ text_type() }}) as changed_by,
        cast(note as {{ text_type() }}) as note,
        cast(rule_name as {{ text_type() }}) as rule_name
    from changes

)

select * from final
