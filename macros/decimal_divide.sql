{#- numerator / denominator as an exact decimal with 6 places, null when the denominator is 0.
    Engines disagree on decimal division (DuckDB returns a double, PostgreSQL an exact
    numeric); rounding both to 6 places makes tolerance edges and amounts identical on every
    target. -#}
{% macro decimal_divide(numerator_sql, denominator_sql) -%}
    cast(({{ numerator_sql }}) / nullif({{ denominator_sql }}, 0) as numeric(28, 6))
{%- endmacro %}
