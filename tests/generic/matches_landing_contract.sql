{#- Errors when a raw table lacks a column its landing contract declares (var
    `landing_contract`, `landing_contract`), naming the table, the missing columns and the
    columns it has. Attach it to each source table; it runs before the staging model that
    reads the table, so schema drift (a renamed or dropped column) stops the build with this
    message instead of a SQL binder error. -#}
{% test matches_landing_contract(model) %}
{%- set documented = [] -%}
{%- set present = [] -%}
{%- if execute -%}
    {%- for column in landing_contract(model.identifier | lower).columns -%}
        {%- do documented.append(column.name) -%}
    {%- endfor -%}
    {%- for column in adapter.get_columns_in_relation(model) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
{%- endif -%}
{%- set missing = documented | reject('in', present) | list -%}
with

failures as (

    {%- if missing %}
    select
        '{{ model.schema }}.{{ model.identifier }} does not match the landing contract: missing column(s) {{ missing | join(", ") }}; it has {{ present | join(", ") }}. Fix the extract (or the landing tool''s mapping) so the columns keep the names of the landing contract (var landing_contract).' as failure_message
    {%- else %}
    select 'none' as failure_message
    where 1 = 0
    {%- endif %}

)

{{ raise_first_failure('failures') }}
{% endtest %}
