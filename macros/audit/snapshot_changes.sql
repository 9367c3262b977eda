{#- The changes a check snapshot recorded, one row each, in the columns of rpt_audit_trail:
    `added` (a key's first version, or a version after the key was removed), `edited` (a
    version that replaced another: before and after name only the columns that changed) and
    `removed` (a last version closed without a successor: before names every column), with
    when the change took effect (the snapshot run that saw it). The columns compared are every
    column of the snapshot but its keys and dbt's own (read from the snapshot table, so a
    column added to the snapshotted model is compared from then on). Values are shown as
    `column=value`, `(empty)` for null, joined by '; '; changed_by and note are empty (the
    pull request that changed the seed says who and why).
    Arguments: snapshot (a relation), area (the change_area), key_columns (the snapshot's
    unique_key columns), key_label_sql (SQL text naming the key for a person). -#}
{% macro snapshot_changes(snapshot, area, key_columns, key_label_sql) -%}
    {%- if key_columns is string or not key_columns -%}
        {{ exceptions.raise_compiler_error("snapshot_changes: key_columns must be a non-empty list of column names, got " ~ key_columns) }}
    {%- endif -%}
    {%- set tracked = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(snapshot) -%}
            {%- set name = column.name | lower -%}
            {%- if not name.startswith('dbt_') and name not in key_columns -%}
                {%- do tracked.append(name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set window = 'partition by ' ~ key_columns | join(', ') ~ ' order by dbt_valid_from' -%}
    {%- set all_values = [] -%}
    {%- set changed_before = [] -%}
    {%- set changed_after = [] -%}
    {%- for name in tracked -%}
        {%- do all_values.append("'" ~ name ~ "=' || coalesce(now__" ~ name ~ ", '(empty)')") -%}
        {%- do changed_before.append("case when before__" ~ name ~ " is distinct from now__" ~ name
            ~ " then '" ~ name ~ "=' || coalesce(before__" ~ name ~ ", '(empty)') end") -%}
        {%- do changed_after.append("case when before__" ~ name ~ " is distinct from now__" ~ name
            ~ " then '" ~ name ~ "=' || coalesce(now__" ~ name ~ ", '(empty)') end") -%}
    {%- endfor -%}
    {%- set every = "nullif(concat_ws('; ', " ~ (all_values | join(', ') or "''") ~ "), '')" -%}
    with versions as (
        select
            {%- for name in tracked %}
            cast({{ name }} as {{ dbt.type_string() }}) as now__{{ name }},
            lag(cast({{ name }} as {{ dbt.type_string() }})) over ({{ window }}) as before__{{ name }},
            {%- endfor %}
            {{ key_label_sql }} as object_key,
            dbt_valid_from,
            dbt_valid_to,
            lag(dbt_valid_to) over ({{ window }}) as previous_valid_to,
            lead(dbt_valid_from) over ({{ window }}) as next_valid_from
        from {{ snapshot }}
    )

    select
        '{{ area }}' as change_area,
        object_key,
        case when previous_valid_to = dbt_valid_from then 'edited' else 'added' end as change_kind,
        dbt_valid_from as took_effect_at,
        case
            when previous_valid_to = dbt_valid_from
                then nullif(concat_ws('; ', {{ changed_before | join(', ') or "''" }}), '')
        end as before_value,
        case
            when previous_valid_to = dbt_valid_from
                then nullif(concat_ws('; ', {{ changed_after | join(', ') or "''" }}), '')
            else {{ every }}
        end as after_value,
        cast(null as {{ dbt.type_string() }}) as changed_by,
        cast(null as {{ dbt.type_string() }}) as note
    from versions

    union all

    select
        '{{ area }}' as change_area,
        object_key,
        'removed' as change_kind,
        dbt_valid_to as took_effect_at,
        {{ every }} as before_value,
        cast(null as {{ dbt.type_string() }}) as after_value,
        cast(null as {{ dbt.type_string() }}) as changed_by,
        cast(null as {{ dbt.type_string() }}) as note
    from versions
    where dbt_valid_to is not null and (next_valid_from is null or next_valid_from <> dbt_valid_to)
{%- endmacro %}
