{#- Run from on-run-start. Engines without the built-in functions the project needs
    (PostgreSQL) get small ones in the target schema: `recon_raise_error(text)`, used by
    `raise_error`, and `recon_try_timestamptz(text)`, a cast that gives null instead of an
    error, used by `try_cast_utc_timestamp`. DuckDB and Spark have them built in. -#}
{% macro install_engine_functions() -%}
    {{ return(adapter.dispatch('install_engine_functions', 'reconciliation')()) }}
{%- endmacro %}

{% macro default__install_engine_functions() -%}
    create schema if not exists {{ adapter.quote(target.schema) }};
    create or replace function {{ adapter.quote(target.schema) }}.recon_raise_error(message text) returns text
    language plpgsql volatile as $recon$
    begin
        raise exception '%', message;
    end;
    $recon$;
    create or replace function {{ adapter.quote(target.schema) }}.recon_try_timestamptz(value text) returns timestamptz
    language plpgsql stable as $recon$
    begin
        return value::timestamptz;
    exception when others then
        return null;
    end;
    $recon$;
{%- endmacro %}

{% macro duckdb__install_engine_functions() -%}
    select 1 as nothing_to_install
{%- endmacro %}

{% macro spark__install_engine_functions() -%}
    {#- Spark has raise_error() and try_cast built in; the schema is created here, as
        PostgreSQL's function does, for the hooks that follow. -#}
    create schema if not exists {{ target.schema }}
{%- endmacro %}
