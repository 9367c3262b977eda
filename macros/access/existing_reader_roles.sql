{#- {audience: role} of var `reader_roles` for the roles that exist on this server (PostgreSQL):
    an empty name, or a role an admin has not created yet, is left out, so nothing is granted
    to it (`grant_reader_schema_usage` warns about the missing ones). Empty while dbt parses. -#}
{% macro existing_reader_roles() -%}
    {%- set roles = var('reader_roles') -%}
    {%- set named = roles.values() | select | list -%}
    {%- if not execute or not named -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set found = run_query(
        "select rolname from pg_roles where rolname in ('" ~ named | join("', '") ~ "')"
    ).columns[0].values() -%}
    {%- set existing = {} -%}
    {%- for audience, role in roles.items() if role in found -%}
        {%- do existing.update({audience: role}) -%}
    {%- endfor -%}
    {{ return(existing) }}
{%- endmacro %}
