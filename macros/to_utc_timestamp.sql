{#- A source timestamp as a UTC timestamp without time zone. Values that carry an offset
    ('2026-05-01 10:00:00+02:00', timestamptz) are converted; values without one are UTC
    already (landing contract), which is why staging models set the session time zone to
    UTC before they run. -#}
{% macro to_utc_timestamp(column) -%}
    cast(cast({{ column }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}
