{#- The source systems of the landing contract, in its order: the part before the first `_`
    of each raw table of var `landing_contract` (crm, billing, ops). What the key map's
    `source_system` may hold. -#}
{% macro source_systems() -%}
    {%- set systems = [] -%}
    {%- for table in var('landing_contract') if table.split('_')[0] not in systems -%}
        {%- do systems.append(table.split('_')[0]) -%}
    {%- endfor -%}
    {{ return(systems) }}
{%- endmacro %}
