{#- Post-hook of the reader views: on PostgreSQL, marks the view a security barrier, so a
    condition a reader adds to their query (even a function of their own, in pg_temp) is
    evaluated only on the rows the view lets through, never on the rows it leaves out
    (`reader_view`'s revenue-level rows). Empty elsewhere (DuckDB has no roles). -#}
{% macro reader_view_barrier() -%}
    {{ return(adapter.dispatch('reader_view_barrier', 'reconciliation')()) }}
{%- endmacro %}

{% macro default__reader_view_barrier() -%}
{%- endmacro %}

{% macro postgres__reader_view_barrier() -%}
    alter view {{ this }} set (security_barrier = true)
{%- endmacro %}
