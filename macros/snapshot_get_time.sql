{#- The time snapshots stamp on what they see: the start (00:00 UTC) of the as-of date D, not
    the wall clock. A daily run for D records changes "as of D", so dbt_valid_from says on
    which reconciled day a change was first seen, and dbt_valid_to on which day it was gone,
    also when days are replayed in minutes. Overrides dbt's snapshot_get_time for every
    adapter. -#}
{% macro default__snapshot_get_time() -%}
    cast({{ as_of_date() }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__snapshot_get_time() -%}
    {{ default__snapshot_get_time() }}
{%- endmacro %}

{% macro postgres__snapshot_get_time() -%}
    {{ default__snapshot_get_time() }}
{%- endmacro %}
