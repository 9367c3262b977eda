{#- Errors, naming the first offending row, when a row of `model` does not satisfy
    `condition` (a SQL boolean; null counts as not satisfied).
    Arguments: condition, row_label (SQL text expression naming the row), problem (what is
    wrong, in words), fix (what to do). -#}
{% test all_rows_satisfy(model, condition, row_label, problem, fix) %}
with

checked as (

    select * from {{ model }}

),

failures as (

    select
        '{{ relation_label(model) }}: ' || {{ row_label }} || ': {{ problem | replace("'", "''") }}. {{ fix | replace("'", "''") }}' as failure_message
    from checked
    where not coalesce({{ condition }}, false)

)

{{ raise_first_failure('failures') }}
{% endtest %}
