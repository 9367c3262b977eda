{#- Where the key map is kept, as messages name it: `seeds/canonical_entity_map.csv`, or the
    warehouse table var `canonical_map_table` names. -#}
{% macro canonical_map_label() -%}
    {{ return(var('canonical_map_table') or 'seeds/canonical_entity_map.csv') }}
{%- endmacro %}
