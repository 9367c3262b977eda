{#- The columns of a raw table and how each landed: {column (lower case): kind}, the kind being
    - `text`: any string type (Spark's `string` too, which dbt's is_string() does not know);
    - `number`: a whole number type (smallint to bigint, DuckDB's tinyint, hugeint and unsigned
      ones) or a decimal with at most 2 decimal places: `parse_number` casts it;
    - `inexact_number`: a float, or a decimal with more places: read through its text form
      like text (a double's exact binary value would round 2.675 down to 2.67, and engines
      round such casts differently);
    - `timestamptz`: a timestamp with a time zone (converted to UTC);
    - `typed`: anything else (a date, a timestamp without a time zone, a boolean): cast.
    A typed column needs no reading: `parse_timestamp`, `parse_date` and `parse_number` only
    cast it, and the not-a-date and not-a-number checks have nothing to find (at a million
    customers reading typed values as text cost more than the rest of the checks). Empty
    while parsing, or when the relation cannot be inspected (a unit test's fixture): every
    column is then treated as text, which is always safe, only slower. -#}
{% macro raw_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute and relation.schema and relation.identifier -%}
        {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- set dtype = column.dtype | lower -%}
                {%- set decimal = modules.re.match('^(decimal|numeric) *[(] *[0-9]+ *, *([0-9]+) *[)]$', dtype) -%}
                {%- set scale = column.numeric_scale if column.numeric_scale is not none
                    else (decimal.group(2) | int if decimal else none) -%}
                {%- if column.is_string() or dtype == 'string' -%}
                    {%- set kind = 'text' -%}
                {%- elif column.is_integer() or dtype in ('tinyint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'int1', 'int16', 'int32', 'int64') -%}
                    {%- set kind = 'number' -%}
                {%- elif dtype.startswith('decimal') or dtype.startswith('numeric') -%}
                    {%- set kind = 'number' if scale is not none and scale <= 2 else 'inexact_number' -%}
                {%- elif column.is_float() -%}
                    {%- set kind = 'inexact_number' -%}
                {%- elif 'with time zone' in dtype or dtype == 'timestamptz' -%}
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
