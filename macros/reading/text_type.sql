{#- The type the project writes for text: `varchar` on DuckDB and PostgreSQL (the marts'
    contracts declare it, and a PostgreSQL mart's columns must keep it from day to day);
    Spark calls it `string` and refuses a varchar without a length. -#}
{% macro text_type() -%}
    {{ return(adapter.dispatch('text_type', 'reconciliation')()) }}
{%- endmacro %}

{% macro default__text_type() -%}
    {{ return('varchar') }}
{%- endmacro %}

{% macro spark__text_type() -%}
    {{ return('string') }}
{%- endmacro %}
