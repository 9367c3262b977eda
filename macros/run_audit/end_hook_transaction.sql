{#- For a hook that looks tables up before it writes: looking up may have begun a transaction
    on the hook's connection, which dbt rolls back once the hook ran. Make sure one is open
    and commit it, so that the SQL the hook returns runs outside it and lasts. Returns
    nothing. -#}
{% macro end_hook_transaction() -%}
    {%- call statement('end_the_lookup_transaction', auto_begin=true) -%} select 1 {%- endcall -%}
    {%- do adapter.commit() -%}
{%- endmacro %}
