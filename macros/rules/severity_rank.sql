{#- The order of a severity word, for max(): info 1, low 2, high 3, critical 4 (else 0).
    `severity_from_rank` turns it back into the word. -#}
{% macro severity_rank(severity_sql) -%}
    case {{ severity_sql }}
        when 'info' then 1
        when 'low' then 2
        when 'high' then 3
        when 'critical' then 4
        else 0
    end
{%- endmacro %}
