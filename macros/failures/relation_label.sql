{#- How a failure message names the relation a test reads: a seed by its file
    (`seeds/fx_rates.csv`), a model that declares `meta.reported_as` by that (the key map:
    where it is kept, `canonical_map_label`), anything else by schema and name (`raw.crm_accounts`,
    `recon_staging.stg_crm__accounts`). A test of a daily mart, or one with a `where` config,
    reads a subquery (`default__get_where_subquery`): the relation inside it is named, with
    "(the day built)" when the subquery keeps one day. -#}
{% macro relation_label(model) -%}
    {%- if model is string -%}
        {%- set found = modules.re.search('from\s+(\S+)', model) -%}
        {%- if not found -%}
            {{ return('the rows tested') }}
        {%- endif -%}
        {%- set parts = found.group(1).replace('"', '').split('.') -%}
        {%- set schema, identifier = parts[-2], parts[-1] -%}
        {%- set suffix = ' (the day built)' if 'as_of_date =' in model else '' -%}
    {%- else -%}
        {%- set schema, identifier, suffix = model.schema, model.identifier, '' -%}
    {%- endif -%}
    {%- set node = graph_node_of(schema, identifier) -%}
    {%- if node is not none and node.config.meta.get('reported_as') -%}
        {{ return(node.config.meta.reported_as ~ suffix) }}
    {%- elif node is not none and node.resource_type == 'seed' -%}
        {{ return(node.original_file_path ~ suffix) }}
    {%- endif -%}
    {{ return(schema ~ '.' ~ identifier ~ suffix) }}
{%- endmacro %}
