{#- A SQL expression that stops the query with `message_sql` (a SQL text expression) as
    its error when the database evaluates it. Used inside CASE expressions so that a bad
    row fails the model that reads it, naming the row, and the previous table stays as it
    was. Typed as text (cast it where another type is needed); null if never reached. A
    message that comes out null is replaced by a generic one, so the error is always raised. -#}
{% macro raise_error(message_sql) -%}
    {#- A message built from a null value would be null, and DuckDB's error(null) raises
        nothing: never let the message be null. -#}
    {%- set message = "coalesce(cast(" ~ message_sql ~ " as " ~ dbt.type_string() ~ "), "
        ~ "'a check failed, but its message names a value that is null')" -%}
    {{ return(adapter.dispatch('raise_error', 'reconciliation')(message)) }}
{%- endmacro %}

{% macro default__raise_error(message_sql) -%}
    {{ adapter.quote(target.schema) }}.recon_raise_error(cast({{ message_sql }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro duckdb__raise_error(message_sql) -%}
    cast(error(cast({{ message_sql }} as {{ dbt.type_string() }})) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__raise_error(message_sql) -%}
    cast(raise_error(cast({{ message_sql }} as {{ dbt.type_string() }})) as {{ dbt.type_string() }})
{%- endmacro %}
