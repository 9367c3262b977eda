{#- var(name), refusing the run (`refuse_run`, with every problem of `run_var_problems`) when
    its value breaks its rule in `run_var_rules`. A macro that computes with a var while the
    project is parsed, before on-run-start's `validate_run_vars` can speak, reads it through
    this, so a bad value stops with the same message either way. -#}
{% macro checked_var(name) -%}
    {%- set value = var(name) -%}
    {%- if run_var_problem(name, value, run_var_rules()[name]) -%}
        {{ refuse_run(run_var_problems()) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
