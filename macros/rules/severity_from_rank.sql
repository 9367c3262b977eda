{#- The severity word of a rank made by `severity_rank`; null for 0 or null (no exception). -#}
{% macro severity_from_rank(rank_sql) -%}
    case {{ rank_sql }}
        when 1 then 'info'
        when 2 then 'low'
        when 3 then 'high'
        when 4 then 'critical'
    end
{%- endmacro %}
