{#- The project's node (model, seed or snapshot) built as relation `schema`.`identifier`, or
    none (a source, or while parsing): how a test finds what it reads, e.g. whether it is a
    seed (`relation_label`) or a daily mart (`default__get_where_subquery`). -#}
{% macro graph_node_of(schema, identifier) -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type in ('model', 'seed', 'snapshot')
                and (node.alias or node.name) | lower == identifier | lower
                and node.schema | lower == schema | lower -%}
                {{ return(node) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
