{#- dbt's `apply_grants` on PostgreSQL, with the grantees of a `grants` config read as
    audiences of var `reader_roles` (finance, analyst, bi): dbt_project.yml names audiences
    because dbt renders its model configs before it reads its vars, so a role name from a var
    cannot be written there. Each audience becomes its role when that role exists
    (`existing_reader_roles`); then dbt's own `default__apply_grants` grants what is missing
    and revokes what the config no longer lists. A grantee that is not an audience stops the
    build. -#}
{% macro postgres__apply_grants(relation, grant_config, should_revoke=True) -%}
    {%- set audiences = var('reader_roles') -%}
    {%- set roles = existing_reader_roles() if grant_config else {} -%}
    {%- set granted = {} -%}
    {%- for privilege, grantees in (grant_config or {}).items() -%}
        {%- for grantee in grantees if grantee not in audiences -%}
            {{ exceptions.raise_compiler_error(
                "grants of " ~ relation ~ " name '" ~ grantee ~ "'; grantees in this project are the audiences of var reader_roles ("
                ~ audiences | join(', ') ~ "), each turned into its role by macros/access/postgres__apply_grants.sql"
            ) }}
        {%- endfor -%}
        {%- set to_roles = [] -%}
        {%- for grantee in grantees if grantee in roles -%}
            {%- do to_roles.append(roles[grantee]) -%}
        {%- endfor -%}
        {%- do granted.update({privilege: to_roles}) -%}
    {%- endfor -%}
    {%- do dbt.default__apply_grants(relation, granted, should_revoke) -%}
{%- endmacro %}
