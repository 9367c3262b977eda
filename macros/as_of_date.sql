{#- The day being reconciled, as a SQL date literal.
    Reads var `as_of_date` (YYYY-MM-DD); empty or unset means today in UTC, fixed once per
    invocation so every model of one run sees the same day. -#}
{% macro as_of_date() -%}
    {%- set raw_value = var('as_of_date', '') -%}
    {%- if raw_value is none or (raw_value | string | trim) == '' -%}
        {%- set value = modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d') -%}
    {%- else -%}
        {%- set value = raw_value | string | trim -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
            {{ exceptions.raise_compiler_error(
                "var as_of_date must be a date written YYYY-MM-DD (for example --vars '{as_of_date: 2026-06-15}'), got '" ~ value ~ "'"
            ) }}
        {%- endif -%}
        {%- set parsed = modules.datetime.datetime.strptime(value, '%Y-%m-%d') -%}
    {%- endif -%}
    cast('{{ value }}' as date)
{%- endmacro %}
