{#- dbt's built-in `relationships`, rewritten so a failure names the value and the row that
    has no parent: "recon_staging.stg_ops__providers: tenant_id 'ten_9' in the row {...}
    has no match in tenant_id of recon_staging.stg_ops__tenants. ...". -#}
{% macro default__test_relationships(model, column_name, to, field) %}
with

children as (

    select * from {{ model }}
    where {{ column_name }} is not null

),

parents as (

    select {{ field }} as parent_value from {{ to }}

),

offending as (

    select children.* from children
    left join parents
        on children.{{ column_name }} = parents.parent_value
    where parents.parent_value is null

),

failures as (

    select
        '{{ relation_label(model) }}: {{ column_name }} ' || {{ sql_quote_value(column_name) }}
        || ' in the row ' || {{ row_excerpt('offending') }}
        || ' has no match in {{ field }} of {{ relation_label(to) }}. '
        || '{{ test_failure_fix(model,
            "Point it at an existing " ~ field,
            "The parent record is missing from its extract, or this row points at the wrong one."
        ) | replace("'", "''") }}' as failure_message
    from offending

)

{{ raise_first_failure('failures') }}
{% endmacro %}
