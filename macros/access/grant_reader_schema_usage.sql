{#- on-run-end: the schemas the readers may enter. A table grant (the folders' `grants` in
    dbt_project.yml) is of no use without USAGE on its schema, and USAGE is all a reader gets on
    a schema: each reader role (`existing_reader_roles`) gets USAGE on the schemas of the nodes
    its audience is granted, never CREATE there, and no privilege at all on every other schema
    of this project (every node's schema, the target schema with the engine functions, the run
    audit's). Derived from the graph, so it follows the config and var `reader_roles` on every
    run (a role renamed in the var loses what the old one had only for the schemas it names:
    revoke by hand from a role no longer listed). Schemas that do not exist yet are skipped. A
    role named in `reader_roles` that does not exist is reported with a warning: nothing is
    granted to it until an admin creates it and dbt runs again. Only `build`, `run`, `seed` and
    `snapshot` create relations, so only they grant; DuckDB has no roles (no-op). -#}
{% macro grant_reader_schema_usage() -%}
    {{ return(adapter.dispatch('grant_reader_schema_usage', 'reconciliation')()) }}
{%- endmacro %}

{% macro default__grant_reader_schema_usage() -%}
    select 1 as no_roles_on_this_engine
{%- endmacro %}

{% macro postgres__grant_reader_schema_usage() -%}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'seed', 'snapshot'] -%}
        {{ return('select 1 as nothing_to_grant') }}
    {%- endif -%}
    {%- set roles = existing_reader_roles() -%}
    {%- for audience, role in var('reader_roles').items() if role and audience not in roles -%}
        {%- do exceptions.warn(
            "reader role " ~ role ~ " (var reader_roles, " ~ audience ~ ") does not exist on this server: nothing is granted to it."
            ~ " Create it once as an admin (create role " ~ role ~ " nologin;) and run dbt again; README, \"Access control (PostgreSQL)\""
        ) -%}
    {%- endfor -%}
    {%- set readers = {} -%}
    {%- for node in graph.nodes.values() if node.package_name == project_name -%}
        {%- do readers.setdefault(node.schema, []) -%}
        {%- for audience in (node.config.get('grants') or {}).get('select', []) if audience in roles and roles[audience] not in readers[node.schema] -%}
            {%- do readers[node.schema].append(roles[audience]) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do readers.setdefault(target.schema, []) -%}
    {%- do readers.setdefault(run_audit_relation().schema, []) -%}
    {%- set existing = run_query("select nspname from pg_namespace").columns[0].values() -%}
    {%- do end_hook_transaction() -%}
    {%- set statements = [] -%}
    {%- for schema in readers | sort if schema in existing and roles -%}
        {%- set reading = readers[schema] | sort -%}
        {%- set others = roles.values() | reject('in', reading) | sort -%}
        {%- if reading -%}
            {%- do statements.append('grant usage on schema ' ~ adapter.quote(schema) ~ ' to ' ~ reading | join(', ')) -%}
            {%- do statements.append('revoke create on schema ' ~ adapter.quote(schema) ~ ' from ' ~ reading | join(', ')) -%}
        {%- endif -%}
        {%- if others -%}
            {%- do statements.append('revoke all on schema ' ~ adapter.quote(schema) ~ ' from ' ~ others | join(', ')) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ (statements | join(';\n') ~ ';') if statements else 'select 1 as no_reader_roles' }}
{%- endmacro %}
