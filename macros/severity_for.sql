{#- Severity of an exception from its monthly amount at risk in USD, with the bounds of var
    `severity_thresholds` ({low: 500, high: 5000, critical: 50000} by default): `info` below
    low, `low` below high, `high` below critical, `critical` from critical on. -#}
{% macro severity_for(amount_sql) -%}
    {%- set thresholds = var('severity_thresholds') -%}
    {%- for level in ['low', 'high', 'critical'] -%}
        {%- if thresholds[level] is not defined or thresholds[level] is not number -%}
            {{ exceptions.raise_compiler_error("var severity_thresholds needs a number for '" ~ level ~ "', e.g. {low: 500, high: 5000, critical: 50000}; got " ~ thresholds) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if not (thresholds.low <= thresholds.high <= thresholds.critical) -%}
        {{ exceptions.raise_compiler_error("var severity_thresholds must satisfy low <= high <= critical, got " ~ thresholds) }}
    {%- endif -%}
    case
        when {{ amount_sql }} < {{ thresholds.low }} then 'info'
        when {{ amount_sql }} < {{ thresholds.high }} then 'low'
        when {{ amount_sql }} < {{ thresholds.critical }} then 'high'
        else 'critical'
    end
{%- endmacro %}
