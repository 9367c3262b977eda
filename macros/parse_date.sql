{#- A raw date column as a date, or null when it landed as text that does not read as one
    (`timestamp_text_pattern`, then a real calendar day: the day is read as midnight UTC, so
    the session's time zone plays no part). A text value with a time keeps the day as written
    ('2026-06-15 23:30:00-05:00' is 2026-06-15). `column_types` is
    `raw_column_types` of the raw table: a column that landed typed is only cast. -#}
{% macro parse_date(column, column_types) -%}
    {%- if column_types.get(column | lower) == 'typed' -%}
        cast({{ column }} as date)
    {%- else -%}
        {%- set text = trim_text(column) -%}
        cast(
            case
                when {{ text }} ~ '{{ timestamp_text_pattern() }}'
                    then cast({{ try_cast_timestamptz('substr(' ~ text ~ ", 1, 10) || ' 00:00:00+00'") }} at time zone 'UTC' as date)
            end as date
        )
    {%- endif -%}
{%- endmacro %}
