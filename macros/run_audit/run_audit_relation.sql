{#- The run audit, in `<target schema>_audit`: `run_audit` (default `table`), one row per
    `dbt build` / `dbt run`, and `run_audit_extracts` (`table='extracts'`), one row per run
    and raw extract with the rows it read, so a new extract needs no new column. Written by
    `record_run_audit` from on-run-end and read by the completeness guard
    (int_extract_counts). Not dbt models, because they must outlive every run (a model would
    be rebuilt by the run it audits). -#}
{% macro run_audit_relation(table='runs') -%}
    {%- set identifier = 'run_audit_extracts' if table == 'extracts' else 'run_audit' -%}
    {{ return(api.Relation.create(database=target.database, schema=target.schema ~ '_audit', identifier=identifier)) }}
{%- endmacro %}
