{#- The time snapshots stamp on what they see. For `snap_reconciliation_state`, the as-of date
    D plus the wall-clock time of day of the run: dbt_valid_from then says on which reconciled
    day an exception was first seen (also when days are replayed in minutes), and a rebuild of
    the same day later on gets a later time, so versions never overlap or share an id. Every
    other snapshot (the key map, the rule catalog) keeps dbt's own wall-clock time. Overrides dbt's
    snapshot_get_time for every adapter. -#}
{% macro default__snapshot_get_time() -%}
    {%- if model is defined and model.name == 'snap_reconciliation_state' -%}
        cast(cast({{ as_of_date() }} as {{ dbt.type_timestamp() }})
            + (cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }})
               - cast(cast({{ dbt.current_timestamp() }} as date) as {{ dbt.type_timestamp() }}))
            as {{ dbt.type_timestamp() }})
    {%- else -%}
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__snapshot_get_time() -%}
    {{ default__snapshot_get_time() }}
{%- endmacro %}

{% macro postgres__snapshot_get_time() -%}
    {{ default__snapshot_get_time() }}
{%- endmacro %}
