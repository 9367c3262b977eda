{#- Errors when `column_name` is null, empty or only white space (`trim_text`) in a row of
    `model`, naming the row: an id that is blank would otherwise be trimmed to '' and become
    a record of its own. -#}
{% test not_blank(model, column_name) %}
with

offending as (

    select * from {{ model }}
    where {{ trim_text(column_name) }} is null

),

failures as (

    select
        '{{ relation_label(model) }}: {{ column_name }} is ' || {{ sql_quote_value(column_name) }}
        || ' (empty or blank) in the row ' || {{ row_excerpt('offending') }}
        || '. {{ test_failure_fix(model,
            "Fill in " ~ column_name ~ ", or remove the row,",
            "The model's YAML says " ~ column_name ~ " always has a value: find the source row from the values above."
        ) | replace("'", "''") }}' as failure_message
    from offending

)

{{ raise_first_failure('failures') }}
{% endtest %}
