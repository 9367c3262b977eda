{#- `amount_sql` in USD: amount times `rate_sql` (the currency's rate valid on the as-of date,
    joined by the caller from int_fx_rates_as_of). A null amount stays null; an amount whose
    currency has no rate stops the build naming the currency and the record: a missing rate is
    an error, never a zero. `record_label_sql` is SQL text naming the record. -#}
{% macro convert_to_usd(amount_sql, currency_sql, rate_sql, record_label_sql) -%}
    case
        when {{ amount_sql }} is null then null
        when {{ rate_sql }} is not null then {{ amount_sql }} * {{ rate_sql }}
        else cast({{ raise_error(
            "'no fx rate valid on ' || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ") || ' for currency ' || "
            ~ sql_quote_value(currency_sql) ~ " || ' of ' || " ~ record_label_sql
            ~ " || '. Add the currency to seeds/fx_rates.csv.'"
        ) }} as {{ dbt.type_numeric() }})
    end
{%- endmacro %}
