{#- True when `newest_ts_sql`, the newest source timestamp behind an exception, is less than
    var `sync_lag_tolerance_hours` (24) before the observation cutoff (end of the as-of day),
    or after it: the systems may simply not have synced yet. Null (no timestamp) is false. -#}
{% macro in_grace_period(newest_ts_sql) -%}
    coalesce(
        {{ newest_ts_sql }} > {{ dbt.dateadd('hour', -1 * checked_var('sync_lag_tolerance_hours'), observation_cutoff()) }},
        false
    )
{%- endmacro %}
