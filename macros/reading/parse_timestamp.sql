{#- A raw date or timestamp column as a UTC timestamp (without time zone), or null when it
    landed as text that does not read as one (var `text_formats`' `timestamp`, then a real calendar
    time: '2026-02-30' does not read). Values with an offset are converted; values without
    one are UTC already (landing contract), which is why staging models set the session time
    zone to UTC before they run. `column_types` is `raw_column_types` of the raw
    table: a column that landed typed is only converted (a date or a timestamp without a time
    zone is UTC as it is; one with a time zone is converted). -#}
{% macro parse_timestamp(column, column_types) -%}
    {%- set kind = column_types.get(column | lower) -%}
    {%- if kind == 'timestamptz' -%}
        cast(cast({{ column }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif kind == 'typed' -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        {%- set text = trim_text(column) -%}
        cast(
            case
                when {{ matches_pattern(text, var('text_formats').timestamp) }}
                    then {{ try_cast_utc_timestamp(text) }}
            end as {{ dbt.type_timestamp() }}
        )
    {%- endif -%}
{%- endmacro %}
