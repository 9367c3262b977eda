{#- The closing select of a test that should stop with a readable message: `failures_cte`
    is a CTE with one text column `failure_message` per problem. No problem: no row, the test
    passes. Problems: the test errors with the first message (in sort order) and the count,
    e.g. "canonical_entity_map: ... (3 problems in all)". -#}
{% macro raise_first_failure(failures_cte) -%}
    select
        {{ raise_error("coalesce(min(failure_message), 'a row failed and its description is null') || ' (' || cast(count(*) as " ~ dbt.type_string() ~ ") || ' problem(s) in all)'") }} as failure_message
    from {{ failures_cte }}
    having count(*) > 0
{%- endmacro %}
