{#- The body of a reader's view of one mart (models/access/<audience>/): the mart's columns as
    its YAML declares them (read from the graph, so a new column shows without an edit here),
    minus those whose `meta: {sensitivity: ...}` (one kind or a list) is one of the folder's
    `meta: {hidden_sensitivities: [...]}` (dbt_project.yml); and, when the mart has a
    `rule_name` column, minus the rows of the rules whose level in the rule catalog is one of
    them (`revenue`: REVENUE_MISMATCH) and of rules the catalog no longer holds (a row
    without a rule, such as a bridge line or a key map change, stays). Sets the view's alias to the mart's name, so a reader
    finds `<schema>.fact_customer_reconciliation` in the schema of their audience. The mart
    must be a model of models/marts with an enforced contract, so that its declared columns
    are its columns: an undeclared column never reaches a view (on Spark, where contracts are
    off, the same columns are declared and the view lists them by name all the same). -#}
{% macro reader_view(mart_name) -%}
    {%- set sensitivities = ['revenue', 'source_internal'] -%}
    {%- if mart_name is not string or not mart_name -%}
        {{ exceptions.raise_compiler_error("reader_view: expected the name of a mart of models/marts, such as 'fact_customer_reconciliation'; got " ~ mart_name) }}
    {%- endif -%}
    {{ config(alias=mart_name) }}
    {#- Both refs are resolved while dbt parses, before the graph can say whether the mart
        has a rule_name column: every reader view depends on the catalog. -#}
    {%- set mart_relation = ref(mart_name) -%}
    {%- set catalog_relation = ref('rule_catalog') -%}
    {%- set state = namespace(columns=['*'], hidden_levels=[]) -%}
    {%- if execute -%}
        {%- set hidden = model.config.meta.get('hidden_sensitivities') -%}
        {%- if hidden is string or hidden is not iterable or hidden is mapping or (hidden | reject('in', sensitivities) | list) -%}
            {{ exceptions.raise_compiler_error(
                "reader_view: " ~ model.name ~ " needs meta hidden_sensitivities, a list of " ~ sensitivities | join(', ')
                ~ " set on its folder in dbt_project.yml (models: reconciliation: access: <audience>: +meta); got " ~ hidden
            ) }}
        {%- endif -%}
        {%- set found = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name and node.name == mart_name -%}
            {%- if node.version is none or (node.version | string) == (node.latest_version | string) -%}
                {%- do found.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if found | length != 1 or found[0].fqn[1] != 'marts' or not (found[0].config.contract.enforced or target.type == 'spark') or not found[0].columns -%}
            {{ exceptions.raise_compiler_error(
                "reader_view: " ~ model.name ~ " reads '" ~ mart_name ~ "', which is not a mart of models/marts with an"
                ~ " enforced contract and declared columns; a reader view lists the columns the mart's contract declares"
            ) }}
        {%- endif -%}
        {%- set state.columns = [] -%}
        {%- for column in found[0].columns.values() -%}
            {%- set kinds = column.meta.get('sensitivity') or [] -%}
            {%- set kinds = [kinds] if kinds is string else kinds -%}
            {%- if kinds | reject('in', sensitivities) | list -%}
                {{ exceptions.raise_compiler_error(
                    "reader_view: column " ~ column.name ~ " of " ~ mart_name ~ " has meta sensitivity " ~ column.meta.sensitivity
                    ~ "; the kinds are " ~ sensitivities | join(', ') ~ " (one, or a list), in models/marts/_marts.yml"
                ) }}
            {%- endif -%}
            {%- if not (kinds | select('in', hidden) | list) -%}
                {%- do state.columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if 'rule_name' in found[0].columns -%}
            {%- set state.hidden_levels = hidden -%}
        {%- endif -%}
    {%- endif %}
with

mart as (

    select * from {{ mart_relation }}

),
{%- if state.hidden_levels %}

rule_catalog as (

    select * from {{ catalog_relation }}

),
{%- endif %}

final as (

    select
        {%- for column in state.columns %}
        mart.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mart
    {%- if state.hidden_levels %}
    where
        mart.rule_name is null
        or exists (
            select 1
            from rule_catalog
            where
                rule_catalog.rule_name = mart.rule_name
                and rule_catalog.rule_level not in ('{{ state.hidden_levels | join("', '") }}')
        )
    {%- endif %}

)

select * from final
{%- endmacro %}
