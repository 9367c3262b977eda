{#- How a failure message names the relation a test reads: a seed by its file
    (`seeds/fx_rates.csv`), anything else by schema and name (`raw.crm_accounts`,
    `recon_staging.stg_crm__accounts`). -#}
{% macro relation_label(model) -%}
    {%- if model is string -%}
        {#- a test with a `where` config reads a subquery, not a relation -#}
        {{ return('the rows tested') }}
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
