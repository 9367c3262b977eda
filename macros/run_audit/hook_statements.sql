{#- The SQL a hook returns for several `statements` (a list of SQL texts, none ending in
    `;`). PostgreSQL and DuckDB run them as one text; Spark runs one statement per call, so
    there every statement but the last runs here, in order, and the hook returns the last. -#}
{% macro hook_statements(statements) -%}
    {{ return(adapter.dispatch('hook_statements', 'reconciliation')(statements)) }}
{%- endmacro %}

{% macro default__hook_statements(statements) -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}

{% macro spark__hook_statements(statements) -%}
    {%- for statement in statements[:-1] -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {{ return(statements[-1]) }}
{%- endmacro %}
