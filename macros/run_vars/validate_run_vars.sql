{#- Run from on-run-start, before anything is built: `run_var_problems`, then the as-of date
    against the data (`as_of_date_data_problem`). Any problem stops the run with one line per
    problem (`refuse_run`); nothing is built, so every table stays as it was. -#}
{% macro validate_run_vars() -%}
    {%- set problems = run_var_problems() -%}
    {%- if not problems and execute -%}
        {%- set problem = as_of_date_data_problem() -%}
        {%- if problem -%}
            {%- do problems.append(problem) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if problems -%}
        {{ refuse_run(problems) }}
    {%- endif -%}
    select 1 as run_vars_valid
{%- endmacro %}
