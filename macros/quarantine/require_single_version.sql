{#- `key_sql` when the key has one version after exact duplicates were collapsed, else a
    build error naming the table and the key, e.g.
    "stg_billing__customers: customer_id 'cus_9' has 2 different rows in
    raw.billing_customers ..."
    Arguments: key_sql (normalised key column, the value returned), source_table (the raw
    table, without schema), versions_sql (number of distinct rows with that key; default
    `versions_of_key`), label_sql (optional: the text that names the row when the key has
    several columns; defaults to key_sql), key_name (how the key is named in the message;
    defaults to key_sql). -#}
{% macro require_single_version(key_sql, source_table, versions_sql='versions_of_key', label_sql=none, key_name=none) -%}
    case
        when {{ versions_sql }} = 1 then {{ key_sql }}
        else {{ raise_error(
            "'" ~ this.identifier ~ ": " ~ (key_name or key_sql) ~ " ' || " ~ sql_quote_value(label_sql or key_sql)
            ~ " || ' has ' || cast(" ~ versions_sql ~ " as " ~ dbt.type_string() ~ ") || ' different rows in "
            ~ var('raw_schema') ~ "." ~ source_table
            ~ " (rows identical after normalisation are collapsed; these differ in some column). Keep one version of the record in the extract, or fix the duplicate in the source system.'"
        ) }}
    end
{%- endmacro %}
