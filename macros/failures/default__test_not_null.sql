{#- dbt's built-in `not_null`, rewritten so a failure names the row: "seeds/fx_rates.csv:
    rate_to_usd is null in the row {...}. Fill it in ...". Overrides dbt's default (the
    root project comes first in dispatch). -#}
{% macro default__test_not_null(model, column_name) %}
with

offending as (

    select * from {{ model }}
    where {{ column_name }} is null

),

failures as (

    select
        '{{ relation_label(model) }}: {{ column_name }} is null in the row ' || {{ row_excerpt('offending') }}
        || '. {{ test_failure_fix(model,
            "Fill in " ~ column_name,
            "The model's YAML says " ~ column_name ~ " is never null: find the source row from the values above and check the model that lets it through."
        ) | replace("'", "''") }}' as failure_message
    from offending

)

{{ raise_first_failure('failures') }}
{% endmacro %}
