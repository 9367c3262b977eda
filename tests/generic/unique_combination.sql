{#- Passes when no two rows of `model` share the same values in `columns` (a list). -#}
{% test unique_combination(model, columns) %}
    {%- if columns is string or columns | length < 2 -%}
        {{ exceptions.raise_compiler_error("unique_combination: `columns` must list two or more columns, got " ~ columns) }}
    {%- endif %}
    select
        {{ columns | join(', ') }},
        count(*) as rows_with_these_values
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
