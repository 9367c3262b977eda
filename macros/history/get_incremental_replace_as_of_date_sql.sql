{#- Incremental strategy `replace_as_of_date` for the daily facts: building day D deletes the
    target's rows of D and inserts the new ones, in one statement batch, leaving every other
    day as it was. Rerunning a day therefore changes nothing, and a day with no rows at all
    still clears what an earlier build of that day left. -#}
{% macro get_incremental_replace_as_of_date_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where as_of_date = {{ as_of_date() }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
{%- endmacro %}
