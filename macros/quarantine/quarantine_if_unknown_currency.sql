{#- Quarantine check (see `quarantine_columns`): the currency `column`, upper-cased and
    trimmed, has no row in the fx_rates seed, so its money cannot be compared in USD and must
    not count as zero. The raw table must be named `source` in the FROM clause (the base
    models' convention). `applies_when` (SQL) limits the check to rows that carry money, e.g.
    'contract_mrr is not null'. Reason `unknown_currency`. -#}
{% macro quarantine_if_unknown_currency(column, applies_when='true') -%}
    {{ return([[
        '(' ~ applies_when ~ ') and not exists (select 1 from ' ~ ref('fx_rates')
        ~ ' as rates where ' ~ normalize_currency('rates.currency') ~ ' = ' ~ normalize_currency('source.' ~ column) ~ ')',
        'unknown_currency',
        "'" ~ column ~ " ' || " ~ sql_quote_value(column) ~ " || ' has no rate in seeds/fx_rates.csv'",
    ]]) }}
{%- endmacro %}
