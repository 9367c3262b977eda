{#- Errors when two rows of `model` share the same values in `columns` (a list), naming the
    values and the rows: "seeds/fx_rates.csv: currency 'EUR', valid_from '2026-01-01' is in
    2 rows: {...} and {...}. Keep one ...". -#}
{% test unique_combination(model, columns) %}
    {%- if columns is string or columns | length < 2 -%}
        {{ exceptions.raise_compiler_error("unique_combination: `columns` must list two or more columns, got " ~ columns) }}
    {%- endif %}
with

checked as (

    select * from {{ model }}

),

repeated_values as (

    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        count(*) as rows_with_these_values
    from checked
    group by {{ columns | join(', ') }}
    having count(*) > 1

),

repeated as (

    select
        repeated_values.*,
        {{ row_excerpt('checked') }} as row_text
    from repeated_values
    left join checked
        on
            {%- for column in columns %}
            checked.{{ column }} = repeated_values.{{ column }}{{ ' and' if not loop.last }}
            {%- endfor %}

),

failures as (

    select
        '{{ relation_label(model) }}: '
        {%- for column in columns %}
        || '{{ column }} ' || {{ sql_quote_value(column) }}{{ " || ', '" if not loop.last }}
        {%- endfor %}
        || ' is in ' || cast(max(rows_with_these_values) as {{ dbt.type_string() }}) || ' rows: '
        || coalesce({{ dbt.listagg('row_text', "' and '", 'order by row_text') }}, 'rows with nulls in these columns')
        || '. {{ test_failure_fix(model,
            "Keep one row for these values",
            "The model should give these values one row: look for a join or a source that repeats them."
        ) | replace("'", "''") }}' as failure_message
    from repeated
    group by {{ columns | join(', ') }}

)

{{ raise_first_failure('failures') }}
{% endtest %}
