{#- dbt's built-in `accepted_values`, rewritten so a failure names the value, the row and the
    allowed values: "seeds/rule_catalog.csv: response_policy is 'autofix' in the row {...},
    which is not one of: report, auto_fix, quarantine. ...". Null passes, as in dbt. -#}
{% macro default__test_accepted_values(model, column_name, values, quote=True) %}
{%- set allowed = [] -%}
{%- for value in values -%}
    {%- do allowed.append(("'" ~ (value | string | replace("'", "''")) ~ "'") if quote else (value | string)) -%}
{%- endfor %}
with

offending as (

    select * from {{ model }}
    where {{ column_name }} not in ({{ allowed | join(', ') }})

),

failures as (

    select
        '{{ relation_label(model) }}: {{ column_name }} is ' || {{ sql_quote_value(column_name) }}
        || ' in the row ' || {{ row_excerpt('offending') }}
        || ', which is not one of: {{ values | join(", ") | replace("'", "''") }}. '
        || '{{ test_failure_fix(model,
            "Use one of those words (lower case, no spaces)",
            "The model should only hold those values: check the source value and how the model reads it."
        ) | replace("'", "''") }}' as failure_message
    from offending

)

{{ raise_first_failure('failures') }}
{% endmacro %}
