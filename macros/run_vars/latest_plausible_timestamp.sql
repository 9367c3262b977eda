{#- The latest source timestamp a run accepts, as a SQL timestamp literal (UTC): when this dbt
    invocation started (`run_started_at`) plus var `future_tolerance_hours` (default 24),
    which absorbs clock skew and time-zone mistakes of a few hours. -#}
{% macro latest_plausible_timestamp() -%}
    {%- set hours = checked_var('future_tolerance_hours') -%}
    {%- set latest = run_started_at.astimezone(modules.pytz.utc) + modules.datetime.timedelta(hours=hours) -%}
    cast('{{ latest.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
