{#- The run audit table, `<target schema>_audit.run_audit`: one row per `dbt build` / `dbt run`,
    written by `record_run_audit` from on-run-end and read by the completeness guard. Not a
    dbt model, because it must outlive every run (a model would be rebuilt by the run it
    audits). -#}
{% macro run_audit_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema=target.schema ~ '_audit', identifier='run_audit')) }}
{%- endmacro %}
