{#- numerator / denominator as an exact decimal with 6 places, null when the denominator is 0.
    Engines disagree on division (DuckDB returns a double for decimals, PostgreSQL truncates
    integer by integer and keeps numerics exact); casting the numerator to a decimal first and
    rounding the result to 6 places makes amounts, rates and tolerance edges identical on
    every target. -#}
{% macro decimal_divide(numerator_sql, denominator_sql) -%}
    cast(cast(({{ numerator_sql }}) as numeric(38, 10)) / nullif({{ denominator_sql }}, 0) as numeric(28, 6))
{%- endmacro %}
