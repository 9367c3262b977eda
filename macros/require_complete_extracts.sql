{#- A one-row check to cross join into a daily fact: stops the build, naming the table, when
    any source extract of this run is empty. An empty extract would make every customer look
    absent from that system and close every exception, so the day is refused and the
    previous results stay as they were. -#}
{% macro require_complete_extracts() -%}
    select
        case
            when min(rows_read) > 0 then 'trusted'
            else {{ raise_error(
                "'reconciliation not trustworthy: ' || min(case when rows_read = 0 then '" ~ var('raw_schema')
                ~ ".' || source_table end) || ' has 0 rows on ' || cast(min(as_of_date) as " ~ dbt.type_string() ~ ")"
                ~ " || '. Check the landing job and rerun; the previous results are untouched.'"
            ) }}
        end as extract_check
    from {{ ref('int_extract_counts') }}
{%- endmacro %}
