{#- Whether the extracts can support the as-of date: the raw tables hold each system's
    current state plus one daily history, ops_usage_daily. Before its first day the product's
    activity is unknown, so every billed customer would look unused and every usage rule
    would be wrong: such a day is refused. Returns the sentence saying so, or empty (also
    when the extract is not landed yet: the landing-contract test reports that). -#}
{% macro as_of_date_data_problem() -%}
    {%- set usage = source('ops', 'ops_usage_daily') -%}
    {%- set column_types = raw_column_types(usage) -%}
    {%- if not column_types -%}
        {{ return('') }}
    {%- endif -%}
    {%- set too_early = run_query(
        "with usage_history as (select min(" ~ parse_date('usage_date', column_types) ~ ") as first_day"
        ~ " from " ~ usage ~ ") select cast(first_day as " ~ dbt.type_string() ~ ") from usage_history"
        ~ " where first_day > " ~ as_of_date()
    ).columns[0].values() -%}
    {%- if not too_early -%}
        {{ return('') }}
    {%- endif -%}
    {%- set first_day = too_early[0] -%}
    {{ return(
        "var as_of_date '" ~ as_of_date_text() ~ "' is before the first day of " ~ usage.schema ~ "." ~ usage.identifier
        ~ " (" ~ first_day ~ "): the product's activity is unknown before it, so every billed customer would look unused."
        ~ " Choose a day from " ~ first_day ~ " on, or land the older usage history first"
    ) }}
{%- endmacro %}
