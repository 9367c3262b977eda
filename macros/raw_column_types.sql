{#- The columns of a raw table and whether each landed as text: {column (lower case): 'text'
    or 'typed'}. A typed date or timestamp column needs no parsing check; a text one is read
    by `parse_timestamp` / `parse_date` and checked by `quarantine_if_not_a_date`. Empty while
    parsing, or when the relation cannot be inspected (a unit test's fixture): every column
    is then treated as text, which is always safe, only slower. -#}
{% macro raw_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute and relation.schema and relation.identifier -%}
        {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do types.update({column.name | lower: 'text' if column.is_string() else 'typed'}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}
