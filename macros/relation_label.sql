{#- How a failure message names the relation a test reads: a seed by its file
    (`seeds/fx_rates.csv`), anything else by schema and name (`raw.crm_accounts`,
    `recon_staging.stg_crm__accounts`). -#}
{% macro relation_label(model) -%}
    {%- if model is string -%}
        {#- a test of a daily mart, or one with a `where` config, reads a subquery
            (`default__get_where_subquery`): name the relation inside it -#}
        {%- set found = modules.re.search('from\s+(\S+)', model) -%}
        {%- if not found -%}
            {{ return('the rows tested') }}
        {%- endif -%}
        {%- set parts = found.group(1).replace('"', '').split('.') -%}
        {{ return(parts[-2:] | join('.') ~ (' (the day built)' if 'as_of_date =' in model else '')) }}
    {%- endif -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'seed'
                and (node.alias or node.name) | lower == model.identifier | lower
                and node.schema | lower == model.schema | lower -%}
                {{ return(node.original_file_path) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(model.schema ~ '.' ~ model.identifier) }}
{%- endmacro %}
