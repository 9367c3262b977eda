{#- `text_sql` read as a point in time and given as a UTC timestamp without time zone, or null
    when the engine cannot read it (callers check the format first, var `text_formats`'
    `timestamp`; this catches impossible calendar values). Dispatched: DuckDB's `try_cast`;
    Spark's `try_cast` (its timestamp is read in the session time zone, UTC in the profile);
    elsewhere the `recon_try_timestamptz` function installed by `install_engine_functions`. -#}
{% macro try_cast_utc_timestamp(text_sql) -%}
    {{ return(adapter.dispatch('try_cast_utc_timestamp', 'reconciliation')(text_sql)) }}
{%- endmacro %}

{% macro default__try_cast_utc_timestamp(text_sql) -%}
    {{ adapter.quote(target.schema) }}.recon_try_timestamptz({{ text_sql }}) at time zone 'UTC'
{%- endmacro %}

{% macro duckdb__try_cast_utc_timestamp(text_sql) -%}
    try_cast({{ text_sql }} as timestamp with time zone) at time zone 'UTC'
{%- endmacro %}

{% macro spark__try_cast_utc_timestamp(text_sql) -%}
    try_cast({{ text_sql }} as timestamp)
{%- endmacro %}
