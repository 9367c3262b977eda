{#- A raw date column as a date, or null when it landed as text that does not read: the text
    must read as a timestamp (`parse_timestamp`: the pattern, then a real calendar day and
    time), and the date is the day as written ('2026-06-15 23:30:00-05:00' is 2026-06-15; a
    cast of those ten checked characters cannot fail). `column_types` is `raw_column_types`
    of the raw table: a column that landed typed is only cast. -#}
{% macro parse_date(column, column_types) -%}
    {%- if column_types.get(column | lower) in ('typed', 'timestamptz') -%}
        cast({{ column }} as date)
    {%- else -%}
        cast(
            case
                when {{ parse_timestamp(column, column_types) }} is not null
                    then cast(substr({{ trim_text(column) }}, 1, 10) as date)
            end as date
        )
    {%- endif -%}
{%- endmacro %}
