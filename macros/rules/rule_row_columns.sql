{#- The one shape every rule model emits, in order: the column names the union of the rules
    (`union_rule_models`) selects by name. -#}
{% macro rule_row_columns() -%}
    {{ return([
        'as_of_date',
        'rule_name',
        'canonical_id',
        'source_system',
        'source_id',
        'amount_at_risk_usd',
        'in_grace_period',
        'newest_source_ts',
        'details',
    ]) }}
{%- endmacro %}
