{#- Every rule model (`rule_*` in models/rules/) has exactly one row in
    seeds/rule_catalog.csv and is unioned into int_reconciliation_exceptions (beside them),
    and every catalog row has its model. The rule name of
    model `rule_<name>` is `<NAME>` in upper case. -#}
{%- set rule_models = [] -%}
{%- set unioned = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.original_file_path.startswith('models/rules/rule_') -%}
            {%- do rule_models.append(node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for parent in graph.nodes['model.' ~ project_name ~ '.int_reconciliation_exceptions'].depends_on.nodes -%}
        {%- do unioned.append(parent.split('.')[-1]) -%}
    {%- endfor -%}
{%- endif -%}

with

catalog as (

    select * from {{ ref('rule_catalog') }}

),

rule_models as (

    {%- for model_name in rule_models | sort %}
    select
        '{{ model_name }}' as model_name,
        '{{ model_name[5:] | upper }}' as rule_name,
        {{ 'true' if model_name in unioned else 'false' }} as is_unioned
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        'none' as model_name,
        'none' as rule_name,
        true as is_unioned
    where 1 = 0
    {%- endfor %}

),

failures as (

    select
        'seeds/rule_catalog.csv has no row for models/rules/' || rule_models.model_name || '.sql.'
        || ' Add one for ' || rule_models.rule_name || '.' as failure_message
    from rule_models
    left join catalog
        on rule_models.rule_name = catalog.rule_name
    where catalog.rule_name is null
    union all
    select
        'seeds/rule_catalog.csv: row ' || {{ sql_quote_value('catalog.rule_name') }} || ' has no model models/rules/rule_'
        || coalesce(lower(catalog.rule_name), '') || '.sql. Add the model or remove the row.' as failure_message
    from catalog
    left join rule_models
        on catalog.rule_name = rule_models.rule_name
    where rule_models.rule_name is null
    union all
    select
        'int_reconciliation_exceptions: rule model ' || model_name || ' is not unioned.'
        || ' Add ref(''' || model_name || ''') to rule_models in models/rules/int_reconciliation_exceptions.sql.'
            as failure_message
    from rule_models
    where not is_unioned

)

{{ raise_first_failure('failures') }}
