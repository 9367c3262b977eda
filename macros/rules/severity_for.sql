{#- Severity of an exception from its monthly amount at risk in USD, with the bounds of var
    `severity_thresholds` ({low: 500, high: 5000, critical: 50000} by default): `info` below
    low, `low` below high, `high` below critical, `critical` from critical on. -#}
{% macro severity_for(amount_sql) -%}
    {%- set thresholds = checked_var('severity_thresholds') -%}
    case
        when {{ amount_sql }} < {{ thresholds.low }} then 'info'
        when {{ amount_sql }} < {{ thresholds.high }} then 'low'
        when {{ amount_sql }} < {{ thresholds.critical }} then 'high'
        else 'critical'
    end
{%- endmacro %}
