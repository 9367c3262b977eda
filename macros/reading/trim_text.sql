{#- A text value as the reconciliation compares ids and codes: surrounding ASCII white space
    (var `text_formats`' `white_space`: space, tab, line feed, vertical tab, form feed, a CSV's
    carriage return) removed, blank becomes null. The class is spelled out because `\s` means
    different characters to each engine's regular expressions (and to Python's strip, which
    recon.data_contracts calls with the same six, from the same var). `normalize_text` adds
    case folding, `normalize_key` Unicode normalisation on top. -#}
{% macro trim_text(column) -%}
    {%- set white_space = var('text_formats').white_space -%}
    nullif({{ replace_pattern('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')', '^[' ~ white_space ~ ']+|[' ~ white_space ~ ']+$', '') }}, '')
{%- endmacro %}
