{#- The run audit, in `<target schema>_audit`: `run_audit` (default `table`), one row per
    `dbt build` / `dbt run`, and `run_audit_extracts` (`table='extracts'`), one row per run
    and raw extract with the rows it read, so a new extract needs no new column. Written by
    `record_run_audit` from on-run-end and read by the completeness guard
    (int_extract_counts); and `run_audit_vars` (`table='vars'`), one row per run and var with
    the value the run used, written by `record_run_vars` from on-run-start and read by
    rpt_audit_trail. Not dbt models, because they must outlive every run (a model would
    be rebuilt by the run it audits). -#}
{% macro run_audit_relation(table='runs') -%}
    {%- set identifiers = {'runs': 'run_audit', 'extracts': 'run_audit_extracts', 'vars': 'run_audit_vars'} -%}
    {%- if table not in identifiers -%}
        {{ exceptions.raise_compiler_error("run_audit_relation: table must be one of " ~ identifiers | list | join(', ') ~ ", got '" ~ table ~ "'") }}
    {%- endif -%}
    {%- set identifier = identifiers[table] -%}
    {{ return(api.Relation.create(database=(target.database if target.database is defined else none), schema=target.schema ~ '_audit', identifier=identifier)) }}
{%- endmacro %}
