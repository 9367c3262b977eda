{#- dbt-spark's seed loading writes each value into the SQL as '<value>' in session mode: a
    quote in a value breaks the statement (the rule catalog's "CRM's") and an empty cell
    becomes the text 'None'. This writes the values as Spark literals instead (quote and
    backslash escaped, an empty cell null), in the same batches, cast to the seed's column
    types (seeds/_seeds.yml). -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set types = [] -%}
  {%- for col_name in agate_table.column_names -%}
      {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
  {%- endfor -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for value in row -%}
                  cast({{ spark_literal(value) }} as {{ types[loop.index0] }})
                  {%- if not loop.last %}, {% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor %}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- do statements.append(sql) if loop.first -%}
  {%- endfor -%}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- A Python value of a seed row as a Spark SQL literal: null, a number, or a quoted text. -#}
{% macro spark_literal(value) -%}
  {%- if value is none -%}
    null
  {%- elif value is number and value is not sameas true and value is not sameas false -%}
    {{ value }}
  {%- else -%}
    '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
  {%- endif -%}
{%- endmacro %}
