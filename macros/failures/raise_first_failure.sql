{#- The closing select of a test that should stop with a readable message: `failures_cte`
    is a CTE with one text column `failure_message` per problem. No problem: no row, the test
    passes. Problems: the test errors with the first message (in sort order) and the count,
    e.g. "canonical_entity_map: ... (3 problem(s) in all)".
    The error sits in the HAVING clause, not in the select list: dbt wraps a test in
    `select count(*) from (...)`, and engines drop select-list expressions nobody reads. It is
    guarded by CASE, the only construct whose evaluation order SQL engines promise.
    A test configured with `severity: warn` does not stop anything: it returns its messages
    as rows, and with `store_failures: true` dbt keeps them in a table its warning names. -#}
{% macro raise_first_failure(failures_cte) -%}
    {%- if (config.get('severity') or 'error') | lower == 'warn' -%}
    select failure_message from {{ failures_cte }}
    {%- else -%}
    select count(*) as failures
    from {{ failures_cte }}
    having
        case
            when count(*) = 0 then false
            else {{ raise_error(
                "coalesce(min(failure_message), 'a row failed and its description is null') || ' ('"
                ~ " || cast(count(*) as " ~ dbt.type_string() ~ ") || ' problem(s) in all)'"
            ) }} is null
        end
    {%- endif -%}
{%- endmacro %}
