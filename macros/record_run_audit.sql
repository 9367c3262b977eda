{#- on-run-end: append this run to the run audit (`run_audit_relation()`), whatever its
    outcome: run id, as-of date, command, start and end, outcome (`success`, `refused` when a
    guard found the day not trustworthy, `failed` otherwise), the nodes that failed, the
    rows read per source extract (when this run built int_extract_counts), and who overrode
    the completeness guard and why (var `completeness_override_reason`). Only `build` and
    `run` are recorded. -#}
{% macro record_run_audit(results) -%}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return('select 1 as nothing_to_record') }}
    {%- endif -%}
    {%- set audit = run_audit_relation() -%}
    {%- set sources = raw_extracts() | map(attribute='table') | list -%}
    {%- set failed = [] -%}
    {%- set refused = [] -%}
    {%- set counts_relation = [] -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'runtime error'] -%}
            {%- do failed.append(result.node.name) -%}
            {%- if 'not trustworthy' in (result.message or '') or 'was built for another as_of_date' in (result.message or '') -%}
                {%- do refused.append(result.node.name) -%}
            {%- endif -%}
        {%- endif -%}
        {%- if result.node.name == 'int_extract_counts' and result.status == 'success' -%}
            {%- do counts_relation.append(result.node.relation_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set outcome = 'refused' if refused else ('failed' if failed else 'success') -%}
    {%- set override_reason = var('completeness_override_reason', '') | string | trim -%}
    create schema if not exists {{ adapter.quote(audit.schema) }};
    create table if not exists {{ audit }} (
        run_id varchar,
        as_of_date date,
        command varchar,
        started_at timestamp,
        finished_at timestamp,
        outcome varchar,
        failed_nodes varchar,
        override_reason varchar,
        overridden_by varchar,
        {%- for source in sources %}
        {{ source }}_rows integer{{ ',' if not loop.last }}
        {%- endfor %}
    );
    insert into {{ audit }} (
        run_id, as_of_date, command, started_at, finished_at, outcome, failed_nodes,
        override_reason, overridden_by,
        {%- for source in sources %}
        {{ source }}_rows{{ ',' if not loop.last }}
        {%- endfor %}
    )
    select
        '{{ invocation_id }}',
        {{ as_of_date() }},
        '{{ flags.WHICH }}',
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp),
        cast('{{ modules.datetime.datetime.now(modules.pytz.utc).strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp),
        '{{ outcome }}',
        {{ "'" ~ (failed | join(', ')) ~ "'" if failed else 'null' }},
        {{ "'" ~ (override_reason | replace("'", "''")) ~ "'" if override_reason else 'null' }},
        {{ "'" ~ (env_var('USER', 'unknown') | replace("'", "''")) ~ "'" if override_reason else 'null' }},
        {%- for source in sources %}
        {% if counts_relation -%}
        (select max(rows_read) from {{ counts_relation[0] }} where source_table = '{{ source }}')
        {%- else -%}
        cast(null as integer)
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}
