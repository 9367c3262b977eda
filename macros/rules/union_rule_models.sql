{#- All rows of the given rule models, unioned by the explicit column list of
    `rule_row_columns()` (never by position). `rule_relations` is a list of `ref()`s. -#}
{% macro union_rule_models(rule_relations) -%}
    {%- if rule_relations is string or rule_relations | length == 0 -%}
        {{ exceptions.raise_compiler_error("union_rule_models: pass a non-empty list of ref()s to the rule models, got " ~ rule_relations) }}
    {%- endif -%}
    {{ union_by_columns(rule_relations, rule_row_columns()) }}
{%- endmacro %}
