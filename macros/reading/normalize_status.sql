{#- A status word as the vocabulary spells it: `trim_text`, lower case, inner white space
    (var `text_formats`' `white_space`) and hyphens turned into underscores ('Closed-Lost ' -> 'closed_lost'), and the
    British 'cancelled' read as 'canceled'. Whether the result is in the vocabulary is
    checked by `quarantine_if_not_in_vocabulary`. -#}
{% macro normalize_status(column) -%}
    replace(
        lower({{ replace_pattern(trim_text(column), '[' ~ var('text_formats').white_space ~ '-]+', '_') }}),
        'cancelled',
        'canceled'
    )
{%- endmacro %}
