{#- Run from on-run-start. Engines without a built-in "raise" function (PostgreSQL) get a
    small one in the target schema, used by `raise_error`. DuckDB has `error()` built in. -#}
{% macro install_raise_error_function() -%}
    {{ return(adapter.dispatch('install_raise_error_function', 'reconciliation')()) }}
{%- endmacro %}

{% macro default__install_raise_error_function() -%}
    create schema if not exists {{ adapter.quote(target.schema) }};
    create or replace function {{ adapter.quote(target.schema) }}.recon_raise_error(message text) returns text
    language plpgsql volatile as $recon$
    begin
        raise exception '%', message;
    end;
    $recon$;
{%- endmacro %}

{% macro duckdb__install_raise_error_function() -%}
    select 1 as nothing_to_install
{%- endmacro %}
