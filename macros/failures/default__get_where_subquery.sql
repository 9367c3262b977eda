{#- What a data test reads (dbt's `get_where_subquery`, overridden: the root project comes first
    in dispatch). A daily mart (incremental, strategy `replace_as_of_date`) is tested on the
    day this run builds: the run replaces that day's partition and leaves every other day as
    it was when its own run tested it, so a test of every day would only grow with history
    (at 100,000 customers and 365 days, the key test of fact_customer_reconciliation took
    3.7 s of a 34 s build). A model with `meta: {tested_on_the_day_built: true}` (a view over
    the daily marts) is read the same way. A test's own `where` config still applies on top. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set node = graph_node_of(relation.schema, relation.identifier) -%}
    {%- if node is not none and (
        (node.config.get('materialized') == 'incremental'
            and node.config.get('incremental_strategy') == 'replace_as_of_date')
        or node.config.get('meta', {}).get('tested_on_the_day_built')) -%}
        {%- do conditions.append('as_of_date = ' ~ as_of_date()) -%}
    {%- endif -%}
    {%- if config.get('where') -%}
        {%- do conditions.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- if not conditions -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}
