{#- Quarantine check (see `quarantine_columns`): the status-like `column`, read by
    `normalize_status`, is not one of the words of var `status_vocabulary` under
    `vocabulary_key` ('<raw table>.<column>'). Reason `unknown_status`. A new spelling of a
    known word is taught to macros/reading/normalize_status.sql; a new word to the var. -#}
{% macro quarantine_if_not_in_vocabulary(column, vocabulary_key) -%}
    {%- set accepted = checked_var('status_vocabulary').get(vocabulary_key) -%}
    {%- if accepted is none or accepted is string or accepted | length == 0 -%}
        {{ exceptions.raise_compiler_error("var status_vocabulary has no list of words for '" ~ vocabulary_key ~ "'") }}
    {%- endif -%}
    {{ return([[
        'coalesce(' ~ normalize_status(column) ~ " not in ('" ~ accepted | join("', '") ~ "'), true)",
        'unknown_status',
        "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' is not one of: " ~ accepted | join(', ') ~ "'",
    ]]) }}
{%- endmacro %}
