{#- All rows of the given rule models, unioned by the explicit column list of
    `rule_row_columns()` (never by position). `rule_relations` is a list of `ref()`s. -#}
{% macro union_rule_models(rule_relations) -%}
    {%- if rule_relations is string or rule_relations | length == 0 -%}
        {{ exceptions.raise_compiler_error("union_rule_models: pass a non-empty list of ref()s to the rule models, got " ~ rule_relations) }}
    {%- endif -%}
    {%- for relation in rule_relations %}
    select
        {{ rule_row_columns() | join(',\n        ') }}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
