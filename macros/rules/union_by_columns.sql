{#- `select <columns> from <relation>` for each relation (a ref() or a CTE name), joined by
    `union all`: a union by explicit column list, never by position. -#}
{% macro union_by_columns(relations, columns) -%}
    {%- if relations is string or relations | length == 0 or columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("union_by_columns: pass a non-empty list of relations and a non-empty list of column names, got " ~ relations ~ " and " ~ columns) }}
    {%- endif -%}
    {%- for relation in relations %}
    select
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
