{#- Stops the run before anything is built, listing `problems` (sentences about vars). -#}
{% macro refuse_run(problems) -%}
    {{ exceptions.raise_compiler_error(
        "reconciliation refused before building anything: "
        ~ ("the run's vars are not valid" if problems | length > 1 else "a var is not valid") ~ ".\n  - "
        ~ problems | join(".\n  - ")
        ~ ".\nCorrect the --vars of the scheduled job (or dbt_project.yml) and rerun; nothing was built and the previous results are untouched."
    ) }}
{%- endmacro %}
