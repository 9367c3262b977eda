{#- Incremental strategy `replace_all` for the history marts (fact_exception_lifecycle,
    rpt_exception_trend): the model's query always returns the whole table, and the strategy
    replaces the target's rows with it in one transaction. What makes such a model
    incremental is how it computes that table: from what it already holds plus the new day
    when `history_extension` allows, from every built day otherwise. -#}
{% macro get_incremental_replace_all_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
{%- endmacro %}

{#- The incremental strategy of the history marts: `replace_all`; on Spark `insert_overwrite`
    of the whole table (no partition_by), which replaces every row as replace_all does. -#}
{% macro history_strategy() -%}
    {{ return('insert_overwrite' if target.type == 'spark' else 'replace_all') }}
{%- endmacro %}
