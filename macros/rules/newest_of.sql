{#- The latest of several timestamp expressions, ignoring nulls (null only when all are
    null). Used for the newest source timestamp behind an exception (sync-lag grace). -#}
{% macro newest_of(columns) -%}
    {%- if columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("newest_of: `columns` must be a non-empty list of SQL expressions, got " ~ columns) }}
    {%- endif -%}
    {%- if columns | length == 1 -%}
        {{ columns[0] }}
    {%- else -%}
        greatest({{ columns | join(', ') }})
    {%- endif -%}
{%- endmacro %}
