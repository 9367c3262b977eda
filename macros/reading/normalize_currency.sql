{#- A currency code as the reconciliation compares it, in the raw extracts and in
    seeds/fx_rates.csv alike: `trim_text`, then upper case (' eur' is EUR). -#}
{% macro normalize_currency(column) -%}
    upper({{ trim_text(column) }})
{%- endmacro %}
