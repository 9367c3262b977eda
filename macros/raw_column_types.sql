{#- The columns of a raw table and how each landed: {column (lower case): kind}, the kind being
    `text` (any string type), `number` (integer, decimal or float), `timestamptz` (a
    timestamp with a time zone) or `typed` (anything else: a date, a timestamp without a time
    zone, a boolean). A typed column needs no reading: `parse_timestamp`, `parse_date` and
    `parse_number` only cast it, and the not-a-date and not-a-number checks have nothing to
    find (at a million customers reading typed values as text cost more than the rest of
    the checks). Empty while parsing, or when the relation cannot be inspected (a unit test's
    fixture): every column is then treated as text, which is always safe, only slower. -#}
{% macro raw_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute and relation.schema and relation.identifier -%}
        {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- set dtype = column.dtype | lower -%}
                {%- if column.is_string() -%}
                    {%- set kind = 'text' -%}
                {%- elif column.is_numeric() or column.is_integer() or column.is_float() -%}
                    {%- set kind = 'number' -%}
                {%- elif 'time zone' in dtype or dtype == 'timestamptz' -%}
                    {%- set kind = 'timestamptz' -%}
                {%- else -%}
                    {%- set kind = 'typed' -%}
                {%- endif -%}
                {%- do types.update({column.name | lower: kind}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}
