{#- `value_sql` when it is one of `accepted`, else a build error naming the table, the row's
    key and the raw value, e.g.
    "stg_crm__accounts: account_id 'acc_7' has status ' Actve' (read as 'actve'), which is
    not one of: prospect, active, churned, closed_lost. ..."
    Arguments: value_sql (normalised value), accepted (list of words), model_name, key_name,
    key_sql (normalised key), raw_sql (value as it arrived), column_name. -#}
{% macro require_accepted_value(value_sql, accepted, model_name, key_name, key_sql, raw_sql, column_name) -%}
    {%- if accepted is string or accepted | length == 0 -%}
        {{ exceptions.raise_compiler_error("require_accepted_value: `accepted` must be a non-empty list of words, got " ~ accepted) }}
    {%- endif -%}
    case
        when {{ value_sql }} in ('{{ accepted | join("', '") }}') then {{ value_sql }}
        else {{ raise_error(
            "'" ~ model_name ~ ": " ~ key_name ~ " ' || " ~ sql_quote_value(key_sql)
            ~ " || ' has " ~ column_name ~ " ' || " ~ sql_quote_value(raw_sql)
            ~ " || ' (read as ' || " ~ sql_quote_value(value_sql)
            ~ " || '), which is not one of: " ~ accepted | join(', ')
            ~ ". Fix the value in the source system, or, if it is a new spelling of a known word, teach macros/normalize_status.sql to read it.'"
        ) }}
    end
{%- endmacro %}
