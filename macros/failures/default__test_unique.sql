{#- dbt's built-in `unique`, rewritten so a failure names the value and how many rows carry
    it: "recon_staging.stg_crm__accounts: account_id 'acc_1' is in 2 rows ...". -#}
{% macro default__test_unique(model, column_name) %}
with

repeated as (

    select
        {{ column_name }} as repeated_value,
        count(*) as rows_with_value
    from {{ model }}
    where {{ column_name }} is not null
    group by {{ column_name }}
    having count(*) > 1

),

failures as (

    select
        '{{ relation_label(model) }}: {{ column_name }} ' || {{ sql_quote_value('repeated_value') }}
        || ' is in ' || cast(rows_with_value as {{ dbt.type_string() }}) || ' rows, and must be in one. '
        || '{{ test_failure_fix(model,
            "Keep one row for it",
            "The model should give each " ~ column_name ~ " one row: look for a join or a source that repeats it."
        ) | replace("'", "''") }}' as failure_message
    from repeated

)

{{ raise_first_failure('failures') }}
{% endmacro %}
