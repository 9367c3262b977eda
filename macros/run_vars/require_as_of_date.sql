{#- `as_of_date_sql` when it equals the as-of date of this run, else a build error. Guards the
    daily facts: they replace day D's partition with what their upstream tables hold, so those
    tables must have been built for D in the same run (a `--select marts` on another day would
    otherwise file yesterday's rows under today). `source_label_sql` is SQL text naming where
    the row came from. -#}
{% macro require_as_of_date(as_of_date_sql, source_label_sql) -%}
    case
        when {{ as_of_date_sql }} = {{ as_of_date() }} then {{ as_of_date_sql }}
        else cast({{ raise_error(
            "'" ~ this.identifier ~ ": ' || " ~ source_label_sql ~ " || ' was built for as_of_date '"
            ~ " || cast(" ~ as_of_date_sql ~ " as " ~ dbt.type_string() ~ ") || ' but this run evaluates '"
            ~ " || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")"
            ~ " || '. Build the upstream models in the same run: dbt build --select +" ~ this.identifier ~ "'"
        ) }} as date)
    end
{%- endmacro %}
