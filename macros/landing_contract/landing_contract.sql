{#- The landing contract of raw table `table`, as var `landing_contract` declares it (the
    keys are documented in models/staging/_staging__docs.md, "The landing contract"): a dict
    with
    - `system` (the part of the name before the first `_`: the source the table is declared
      in), `table`, `entity` (<system>__<rest of the name>: the models are base_<entity> and
      stg_<entity>);
    - `columns`: a list of dicts, one per column in the contract's order, with `name` and its
      keys (`type`, `key`, `reference`, `required`, `vocabulary`, `currency_of`,
      `not_in_future`, `not_before`, `mapped_when`, `description`);
    - `mapped`: the column declaring `mapped_when` (a source_id of the key map), or none;
    - `key`: SQL of the row's key once normalised (its `key` columns joined by ' on ', one
      value per staging row); `key_raw`: the same of the key as it arrived (the base model's
      <column>_raw columns).
    A var, not the sources' YAML: dbt reads vars before it parses a model (the models that
    loop over the extracts need their refs then) and inside unit tests, which see no graph.
    Stops the run naming the table and column when a contract is malformed, and, once the
    graph is known, when its source table is not declared. -#}
{% macro landing_contract(table) -%}
    {%- set declared = var('landing_contract').get(table) -%}
    {%- set system = table.split('_')[0] -%}
    {%- set types = ['text', 'number', 'whole_number', 'date', 'timestamp', 'boolean'] -%}
    {%- set known = ['type', 'description', 'key', 'reference', 'required', 'vocabulary', 'currency_of', 'not_in_future', 'not_before', 'mapped_when'] -%}
    {%- if declared is not mapping or not declared or '_' not in table -%}
        {{ exceptions.raise_compiler_error(
            "var landing_contract: raw table '" ~ table ~ "' has no columns. Declare each column of a raw table "
            ~ "<system>_<entity> with its contract (dbt_project.yml, models/staging/_staging__docs.md).") }}
    {%- endif -%}
    {%- set contract = {
        'system': system, 'table': table, 'entity': table.replace('_', '__', 1),
        'columns': [], 'key': 'null', 'key_raw': 'null', 'mapped': none,
    } -%}
    {%- for name, column in declared.items() -%}
        {%- set unknown = (column if column is mapping else {}).keys() | reject('in', known) | list -%}
        {%- if column is not mapping or column.get('type') not in types or unknown -%}
            {{ exceptions.raise_compiler_error(
                "var landing_contract, " ~ table ~ "." ~ name ~ ": " ~ (column | string) ~ " must be a mapping with "
                ~ "`type` one of " ~ types | join(', ') ~ " and only the keys " ~ known | join(', ')
                ~ (" (unknown: " ~ unknown | join(', ') ~ ")" if unknown else "") ~ ".") }}
        {%- endif -%}
        {%- set entry = {'name': name | lower} -%}
        {%- do entry.update(column) -%}
        {%- do contract.columns.append(entry) -%}
    {%- endfor -%}
    {%- for column in contract.columns if column.mapped_when -%}
        {%- do contract.update({'mapped': column}) -%}
    {%- endfor -%}
    {%- set keys = contract.columns | selectattr('key') | list -%}
    {%- if not keys -%}
        {{ exceptions.raise_compiler_error(
            "var landing_contract, " ~ table ~ ": no column has `key: true`; mark the column(s) that name a row.") }}
    {%- endif -%}
    {%- set key_sql = [] -%}
    {%- set key_raw_sql = [] -%}
    {%- for column in keys -%}
        {%- do key_sql.append(column.name if column.type == 'text' else 'cast(' ~ column.name ~ ' as ' ~ dbt.type_string() ~ ')') -%}
        {%- do key_raw_sql.append(column.name ~ '_raw') -%}
    {%- endfor -%}
    {%- do contract.update({'key': key_sql | join(" || ' on ' || "), 'key_raw': key_raw_sql | join(" || ' on ' || ")}) -%}
    {%- if execute and graph.get('sources') -%}
        {%- set found = graph.sources.values() | selectattr('source_name', 'equalto', system) | selectattr('name', 'equalto', table) | list -%}
        {%- if not found -%}
            {{ exceptions.raise_compiler_error(
                "var landing_contract declares raw table '" ~ table ~ "', but no source '" ~ system ~ "' declares it: add it to "
                ~ "models/staging/" ~ system ~ "/_" ~ system ~ "__sources.yml (a raw table is named <system>_<entity>).") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(contract) }}
{%- endmacro %}
