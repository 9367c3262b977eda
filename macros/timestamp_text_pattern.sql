{#- What a date or timestamp landed as text must look like to be read (after surrounding white
    space is trimmed): ISO 8601, `YYYY-MM-DD`, optionally a time `HH:MM[:SS[.ffffff]]` after a
    space or `T`, and then optionally `Z` or an offset `+HH[[:]MM]`. Written once here so every
    engine reads the same values (each engine's own parser accepts different extras:
    'infinity', zone names, '2026-6-5', day-first dates); scripts/data_contracts.py keeps
    the same pattern (TIMESTAMP_PATTERN) for the Great Expectations twin of the check. -#}
{% macro timestamp_text_pattern() -%}
    {{ return('^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$') }}
{%- endmacro %}
