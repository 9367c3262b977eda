{#- The columns every staging base model ends with, for the row it is selecting from `source`:
    - `quarantine_reason`: a code, null when the row is usable;
    - `quarantine_detail`: one sentence naming the column and its value;
    - `source_row`: for a quarantined row, the raw row as JSON text, so it keeps everything
      it had (null for a usable row: its values are in the typed columns).
    `checks` is a list of [condition, reason code, detail expression], as the
    `quarantine_if_*` macros return them; the first check that holds gives the reason, so
    list them from the most basic (a missing key) on. -#}
{% macro quarantine_columns(checks) -%}
    {%- set reason -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
        {%- endfor %}
    end
    {%- endset -%}
    {{ reason }} as quarantine_reason,
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[2] }}
        {%- endfor %}
    end as quarantine_detail,
    case
        when {{ reason }} is not null then {{ row_as_json_text('source') }}
    end as source_row
{%- endmacro %}
