{#- Whether the extracts can support the as-of date: the raw tables hold each system's
    current state plus one daily history, ops_usage_daily. Before its first day the product's
    activity is unknown, so every billed customer would look unused and every usage rule
    would be wrong: such a day is refused. Returns the sentence saying so, or empty (also
    when the extract is not landed yet: the landing-contract test reports that). -#}
{% macro as_of_date_data_problem() -%}
    {%- set usage = source('ops', 'ops_usage_daily') -%}
    {%- if adapter.get_relation(database=usage.database, schema=usage.schema, identifier=usage.identifier) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set first_day = run_query(
        "select cast(min(" ~ parse_date('usage_date', raw_column_types(usage)) ~ ") as " ~ dbt.type_string() ~ ") from " ~ usage
    ).columns[0].values()[0] -%}
    {%- if first_day is none or as_of_date_text() >= first_day | string -%}
        {{ return('') }}
    {%- endif -%}
    {{ return(
        "var as_of_date '" ~ as_of_date_text() ~ "' is before the first day of " ~ usage.schema ~ "." ~ usage.identifier
        ~ " (" ~ first_day ~ "): the product's activity is unknown before it, so every billed customer would look unused."
        ~ " Choose a day from " ~ first_day ~ " on, or land the older usage history first"
    ) }}
{%- endmacro %}
