{#- The "what to do" sentence of a failed generic test on `model`: for a seed, correct the
    named row of its file; for a model or a source, the sentence `model_fix` (what the rows
    of that kind of relation must satisfy and where to look). -#}
{% macro test_failure_fix(model, seed_fix, model_fix) -%}
    {%- set label = relation_label(model) -%}
    {%- if label.startswith('seeds/') -%}
        {{ return(seed_fix ~ ' in ' ~ label ~ ' (named above), then rerun.') }}
    {%- else -%}
        {{ return(model_fix) }}
    {%- endif -%}
{%- endmacro %}
