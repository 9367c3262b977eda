{#- What a date or timestamp landed as text must look like to be read (after surrounding white
    space is trimmed, `trim_text`): ISO 8601, `YYYY-MM-DD` (years 1000 to 9999), optionally a
    time `HH:MM[:SS[.ffffff]]` (up to 23:59:59, no leap second, no 24:00) after a space or
    `T`, then optionally `Z` or an offset `+HH[[:]MM]` of at most 14 hours. Every field is
    bounded here, so that no engine's own leniency decides an edge (each accepts different
    extras: 'infinity', zone names, '2026-6-5', day-first dates, 24:00, leap seconds, any
    offset); the cast after it only rejects impossible days ('2026-02-30').
    recon.data_contracts keeps the same pattern (TIMESTAMP_PATTERN, compared with this
    one by test_data_contracts.py) for the Great Expectations twin of the check. -#}
{% macro timestamp_text_pattern() -%}
    {{ return('^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)?)?$') }}
{%- endmacro %}
