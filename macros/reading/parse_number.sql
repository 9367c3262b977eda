{#- A raw amount or count as a number, or null when it does not read as one. The raw column may
    be numeric or text (a CSV landing): its text form, white space (tabs, a CSV's \r) trimmed, must be an optional sign, 1 to
    16 digits and an optional decimal part ('1234.50', '-3', '+7.0'). Thousands separators,
    decimal commas, exponents, currency signs and a bare '.5' do not read. `integer=true`
    reads counts: 1 to 9 digits, and only zeros after the point ('3.00', not '2.5'). A value
    that is present but does not read is quarantined (`quarantine_if_not_a_number`). Amounts
    are rounded to cents, so '-0.004' reads as 0.00 (not negative). A column that landed as
    an exact number (`column_types` from `raw_column_types` says `number`: a whole number type
    or a decimal of at most 2 places) is judged by its value, which reads the same as its text:
    below 10^16 (an amount) or a whole number below 10^9 (a count). A float is read through its
    text like text, as before (its binary value would round 2.675 down). The outer cast keeps
    the column's declared type (PostgreSQL drops it through CASE). -#}
{% macro parse_number(column, integer=false, column_types={}) -%}
    {%- set typed = column_types.get(column | lower) == 'number' -%}
    {%- set text = trim_text(column) -%}
    {%- if integer and typed -%}
        cast(
            case
                when abs({{ column }}) < 1000000000 and {{ column }} = floor({{ column }})
                    then {{ column }}
            end as integer
        )
    {%- elif integer -%}
        cast(
            case
                when {{ matches_pattern(text, var('text_formats').count) }}
                    then cast({{ text }} as numeric(18, 2))
            end as integer
        )
    {%- elif typed -%}
        cast(
            case
                when abs({{ column }}) < 10000000000000000
                    then cast({{ column }} as numeric(18, 2))
            end as numeric(18, 2)
        )
    {%- else -%}
        cast(
            case
                when {{ matches_pattern(text, var('text_formats').amount) }}
                    then cast({{ text }} as numeric(18, 2))
            end as numeric(18, 2)
        )
    {%- endif -%}
{%- endmacro %}
