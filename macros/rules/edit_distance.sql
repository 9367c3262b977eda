{#- The Levenshtein distance between two short strings (insertions, deletions and
    substitutions): how `validate_run_vars` tells a typo of a known var from an unrelated
    name. -#}
{% macro edit_distance(first, second) -%}
    {%- set state = namespace(previous=range(second | length + 1) | list) -%}
    {%- for a in first -%}
        {%- set current = [loop.index] -%}
        {%- for b in second -%}
            {%- set cost = 0 if a == b else 1 -%}
            {%- do current.append([
                state.previous[loop.index] + 1,
                current[loop.index0] + 1,
                state.previous[loop.index0] + cost,
            ] | min) -%}
        {%- endfor -%}
        {%- set state.previous = current -%}
    {%- endfor -%}
    {{ return(state.previous[-1]) }}
{%- endmacro %}
