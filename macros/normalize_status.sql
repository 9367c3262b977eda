{#- A status word as the vocabulary spells it: white space trimmed, lower case, inner
    spaces and hyphens turned into underscores ('Closed-Lost ' -> 'closed_lost'), and the
    British 'cancelled' read as 'canceled'. Whether the result is in the vocabulary is
    checked by `quarantine_if_not_in_vocabulary`. -#}
{% macro normalize_status(column) -%}
    replace(
        lower(regexp_replace(regexp_replace(cast({{ column }} as {{ dbt.type_string() }}), '^\s+|\s+$', '', 'g'), '[\s-]+', '_', 'g')),
        'cancelled',
        'canceled'
    )
{%- endmacro %}
