{#- Makes the calling model run after the Great Expectations checkpoint on the raw tables
    (model raw_data_contracts), so a blocking expectation stops the build before the model
    reads anything. Emits only a SQL comment. No-op where that model is disabled (on engines
    without Python models, or with var `data_contracts` false) and inside a unit test, which
    feeds the model its own rows. -#}
{% macro after_data_contracts() -%}
    {%- if target.type == 'duckdb' and var('data_contracts') and model.resource_type != 'unit_test' -%}
        -- runs after the data contracts: {{ ref('raw_data_contracts') }}
    {%- endif -%}
{%- endmacro %}
