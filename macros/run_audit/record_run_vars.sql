{#- on-run-start, after validate_run_vars: append to `run_audit_vars` (`run_audit_relation`)
    the value of every var this run uses (as JSON text), with the run id, its start, as-of
    date and who ran it ($USER), so rpt_audit_trail can show when a threshold changed, from
    what to what and who ran with it. One row per run and var (long format: a new var needs
    no migration). Vars that change every run by design (`audited: false` in
    run_var_rules, such as as_of_date) are left out. Only `build` and `run` are recorded, as
    in record_run_audit. Written at the start, so the models of this run already see it. -#}
{% macro record_run_vars() -%}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return('select 1 as nothing_to_record') }}
    {%- endif -%}
    {%- set relation = run_audit_relation('vars') -%}
    {%- set rows = [] -%}
    {%- for name, rule in run_var_rules().items() if rule.get('audited', true) -%}
        {%- do rows.append("('" ~ name ~ "', '" ~ (tojson(var(name)) | replace("'", "''")) ~ "')") -%}
    {%- endfor -%}
    {%- do end_hook_transaction() -%}
    {%- set create_table -%}
    create table if not exists {{ relation }} (
        run_id {{ text_type() }},
        started_at timestamp,
        as_of_date date,
        run_by {{ text_type() }},
        var_name {{ text_type() }},
        var_value {{ text_type() }}
    )
    {%- endset -%}
    {%- set insert_vars -%}
    insert into {{ relation }} (run_id, started_at, as_of_date, run_by, var_name, var_value)
    select
        '{{ invocation_id }}',
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp),
        {{ as_of_date() }},
        '{{ env_var('USER', 'unknown') | replace("'", "''") }}',
        used.var_name,
        used.var_value
    from (values {{ rows | join(', ') }}) as used (var_name, var_value)
    {%- endset -%}
    {{ return(hook_statements(["create schema if not exists " ~ adapter.quote(relation.schema), create_table, insert_vars])) }}
{%- endmacro %}
