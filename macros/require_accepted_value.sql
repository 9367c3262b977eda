{#- `value_sql` when it is one of `accepted`, else a build error naming the table, the row's
    key and the raw value, e.g.
    "stg_crm__accounts: account_id 'acc_7' has status ' Actve' (read as 'actve'), which is
    not one of: prospect, active, churned, closed_lost. ..."
    Arguments: value_sql (normalised column, also named in the message), raw_sql (the value as
    it arrived), accepted (list of words), key (the row's normalised key column). -#}
{% macro require_accepted_value(value_sql, raw_sql, accepted, key) -%}
    {%- if accepted is string or accepted | length == 0 -%}
        {{ exceptions.raise_compiler_error("require_accepted_value: `accepted` must be a non-empty list of words, got " ~ accepted) }}
    {%- endif -%}
    case
        when {{ value_sql }} in ('{{ accepted | join("', '") }}') then {{ value_sql }}
        else {{ raise_error(
            "'" ~ this.identifier ~ ": " ~ key ~ " ' || " ~ sql_quote_value(key)
            ~ " || ' has " ~ value_sql ~ " ' || " ~ sql_quote_value(raw_sql)
            ~ " || ' (read as ' || " ~ sql_quote_value(value_sql)
            ~ " || '), which is not one of: " ~ accepted | join(', ')
            ~ ". Fix the value in the source system, or, if it is a new spelling of a known word, teach macros/normalize_status.sql to read it.'"
        ) }}
    end
{%- endmacro %}
