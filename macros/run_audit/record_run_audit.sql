{#- on-run-end: append this run to the run audit (`run_audit_relation`), whatever its
    outcome: to `run_audit` the run id, as-of date, command, start and end, outcome
    (`success`, `refused` when a guard found the day not trustworthy, `failed` otherwise),
    the nodes that failed, and who overrode the completeness guard and why (var
    `completeness_override_reason`); to `run_audit_extracts` the rows read per raw extract,
    when this run built int_extract_counts (one row per extract: a new extract needs no
    migration). A run audit of an older version, with one `<table>_rows` column per extract,
    keeps its columns; the run that creates `run_audit_extracts` copies their counts into it,
    so the completeness guard compares with them from the next run on (the upgrading run
    compares with none, as a first run does). Only `build` and `run` are recorded. -#}
{% macro record_run_audit(results) -%}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return('select 1 as nothing_to_record') }}
    {%- endif -%}
    {%- set audit = run_audit_relation() -%}
    {%- set extracts = run_audit_relation('extracts') -%}
    {%- set found_audit = adapter.get_relation(database=audit.database, schema=audit.schema, identifier=audit.identifier) -%}
    {%- set found_extracts = adapter.get_relation(database=extracts.database, schema=extracts.schema, identifier=extracts.identifier) -%}
    {%- set wide_columns = [] -%}
    {%- if found_audit is not none and found_extracts is none -%}
        {%- for column in adapter.get_columns_in_relation(found_audit) if (column.name | lower).endswith('_rows') -%}
            {%- do wide_columns.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do end_hook_transaction() -%}
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
    {%- set statements = [] -%}
    {%- do statements.append("create schema if not exists " ~ adapter.quote(audit.schema)) -%}
    {%- set create_audit -%}
    create table if not exists {{ audit }} (
        run_id {{ text_type() }},
        as_of_date date,
        command {{ text_type() }},
        started_at timestamp,
        finished_at timestamp,
        outcome {{ text_type() }},
        failed_nodes {{ text_type() }},
        override_reason {{ text_type() }},
        overridden_by {{ text_type() }}
    )
    {%- endset -%}
    {%- do statements.append(create_audit) -%}
    {%- set create_extracts -%}
    create table if not exists {{ extracts }} (
        run_id {{ text_type() }},
        source_table {{ text_type() }},
        rows_read integer
    )
    {%- endset -%}
    {%- do statements.append(create_extracts) -%}
    {%- for column in wide_columns -%}
        {%- do statements.append("insert into " ~ extracts ~ " (run_id, source_table, rows_read) select run_id, '" ~ column[:-5] ~ "', " ~ column ~ " from " ~ audit ~ " where " ~ column ~ " is not null") -%}
    {%- endfor -%}
    {%- set insert_run -%}
    insert into {{ audit }} (
        run_id, as_of_date, command, started_at, finished_at, outcome, failed_nodes,
        override_reason, overridden_by
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
        {{ "'" ~ (env_var('USER', 'unknown') | replace("'", "''")) ~ "'" if override_reason else 'null' }}
    {%- endset -%}
    {%- do statements.append(insert_run) -%}
    {%- if counts_relation -%}
        {%- do statements.append("insert into " ~ extracts ~ " (run_id, source_table, rows_read) select '" ~ invocation_id ~ "', source_table, rows_read from " ~ counts_relation[0]) -%}
    {%- endif -%}
    {{ return(hook_statements(statements)) }}
{%- endmacro %}
