{#- Every problem with this run's vars, one sentence each (empty list: none): each var of
    `run_var_rules` against its rule (`run_var_problem`), and each name passed with --vars
    against the known ones, so a typo such as `completness_min_ratio` is refused instead of
    being ignored without a word. -#}
{% macro run_var_problems() -%}
    {%- set rules = run_var_rules() -%}
    {%- set problems = [] -%}
    {%- set given = invocation_args_dict.get('vars') or {} -%}
    {%- if given is string -%}
        {%- set given = fromyaml(given) or {} -%}
    {%- endif -%}
    {%- for name in given | sort if name not in rules -%}
        {%- set state = namespace(closest=none, distance=99) -%}
        {%- for known in rules | sort -%}
            {%- set distance = edit_distance(name, known) -%}
            {%- if distance < state.distance -%}
                {%- set state.closest, state.distance = known, distance -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set hint = "did you mean " ~ state.closest ~ "? " if state.distance <= 3 else "" -%}
        {%- do problems.append(
            "var " ~ name ~ " is not a var of this project (" ~ hint ~ "the vars are listed in dbt_project.yml)"
        ) -%}
    {%- endfor -%}
    {%- for name, rule in rules.items() -%}
        {%- set missing = '__recon_var_not_set__' -%}
        {%- set value = var(name, missing) -%}
        {%- if value is string and value == missing -%}
            {%- do problems.append("var " ~ name ~ " has no default in dbt_project.yml (macros/run_vars/run_var_rules.sql declares it)") -%}
        {%- else -%}
            {%- set problem = run_var_problem(name, value, rule) -%}
            {%- if problem -%}
                {%- do problems.append(problem) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}
