{#- The landing contract (`landing_contract`) of every raw table of var `landing_contract`,
    in its order: what stg_quarantined_rows, int_extract_counts, the accounting test and the
    run audit walk. Known when dbt parses the project (a var, unlike the sources' YAML), so
    the models that loop over it declare their refs. -#}
{% macro raw_extracts() -%}
    {%- set extracts = [] -%}
    {%- for table in var('landing_contract') -%}
        {%- do extracts.append(landing_contract(table)) -%}
    {%- endfor -%}
    {{ return(extracts) }}
{%- endmacro %}
