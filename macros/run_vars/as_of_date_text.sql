{#- The day being reconciled, as text YYYY-MM-DD.
    Reads var `as_of_date`; empty or unset means the UTC date on which this dbt invocation
    started (`run_started_at`), so every model of one run sees the same day even when the run
    crosses midnight. A value that is not a real date stops compilation with a message naming
    the var and the expected format; the bounds (not in the future, not before the data) are
    checked once per run by `validate_run_vars`. -#}
{% macro as_of_date_text() -%}
    {%- set raw_value = var('as_of_date', '') -%}
    {%- if raw_value is none or (raw_value | string | trim) == '' -%}
        {{ return(run_started_at.astimezone(modules.pytz.utc).strftime('%Y-%m-%d')) }}
    {%- endif -%}
    {%- set value = raw_value | string | trim -%}
    {%- set parts = modules.re.match('^([0-9]{4})-([0-9]{2})-([0-9]{2})$', value) -%}
    {%- set problem = "var as_of_date must be a date written YYYY-MM-DD (for example --vars '{as_of_date: 2026-06-15}'), got '" ~ value ~ "'" -%}
    {%- if not parts -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    {%- set year, month, day = parts.group(1) | int, parts.group(2) | int, parts.group(3) | int -%}
    {%- if month < 1 or month > 12 or day < 1 -%}
        {{ exceptions.raise_compiler_error(problem ~ ": there is no such day") }}
    {%- endif -%}
    {%- set next_month = modules.datetime.date(year + (month // 12), month % 12 + 1, 1) -%}
    {%- if day > (next_month - modules.datetime.timedelta(days=1)).day -%}
        {{ exceptions.raise_compiler_error(problem ~ ": there is no such day") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
