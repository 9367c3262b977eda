{#- `text_sql` cast to a timestamp with time zone, or null when the engine cannot read it
    (callers check the format first, var `text_formats`' `timestamp`; this catches impossible
    calendar values). Dispatched: DuckDB's `try_cast`; elsewhere the
    `recon_try_timestamptz` function installed by `install_engine_functions`. -#}
{% macro try_cast_timestamptz(text_sql) -%}
    {{ return(adapter.dispatch('try_cast_timestamptz', 'reconciliation')(text_sql)) }}
{%- endmacro %}

{% macro default__try_cast_timestamptz(text_sql) -%}
    {{ adapter.quote(target.schema) }}.recon_try_timestamptz({{ text_sql }})
{%- endmacro %}

{% macro duckdb__try_cast_timestamptz(text_sql) -%}
    try_cast({{ text_sql }} as timestamp with time zone)
{%- endmacro %}
