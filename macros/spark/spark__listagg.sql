{#- dbt's listagg on Spark drops the order (dbt-spark has no ordered form); Spark 4 has the
    SQL standard's `listagg(...) within group (order by ...)`, which keeps the lists the same
    on every engine. `listagg(distinct x) within group (order by x)` fails inside Spark 4.3
    (a ClassCastException), so a distinct list is the sorted set of its values instead: the
    same text, null when there is no value. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error("listagg: limit_num is not supported on Spark") }}
    {%- endif -%}
    {%- if measure.strip().lower().startswith('distinct ') -%}
        {%- set values = 'array_sort(collect_set(' ~ measure.strip()[9:] ~ '))' -%}
        case when size({{ values }}) > 0 then array_join({{ values }}, {{ delimiter_text }}) end
    {%- else -%}
        listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
    {%- endif -%}
{%- endmacro %}
