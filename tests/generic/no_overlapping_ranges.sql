{#- Errors when one entity (e.g. a source record) holds two rows whose validity ranges
    overlap, naming the entity and both ranges:
    "canonical_entity_map: billing 'cus_9' is mapped to 'c_1' on [2026-01-01, 2026-06-01) and
    to 'c_2' on [2026-05-01, open) ...".
    Ranges are [from, to): `to` is exclusive and null means open. Entity columns are compared
    after key normalisation (trim, case-fold).
    Arguments: entity_columns (list), value_column (what the entity is mapped to),
    from_column, to_column. -#}
{% test no_overlapping_ranges(model, entity_columns, value_column, from_column, to_column) %}
{%- if entity_columns is string or entity_columns | length == 0 -%}
    {{ exceptions.raise_compiler_error("no_overlapping_ranges: `entity_columns` must be a list of columns, got " ~ entity_columns) }}
{%- endif %}
with

ranges as (

    select
        {%- for column in entity_columns %}
        {{ normalize_key(column) }} as entity_{{ loop.index }},
        {%- endfor %}
        {{ value_column }} as mapped_to,
        cast({{ from_column }} as date) as range_from,
        cast({{ to_column }} as date) as range_to,
        row_number() over (
            order by {{ entity_columns | join(', ') }}, {{ from_column }}, {{ value_column }}
        ) as range_number
    from {{ model }}

),

overlapping_pairs as (

    select
        earlier.*,
        later.mapped_to as later_mapped_to,
        later.range_from as later_range_from,
        later.range_to as later_range_to
    from ranges as earlier
    inner join ranges as later
        on
            {%- for column in entity_columns %}
            earlier.entity_{{ loop.index }} = later.entity_{{ loop.index }} and
            {%- endfor %}
            earlier.range_number < later.range_number
            and earlier.range_from < coalesce(later.range_to, cast('9999-12-31' as date))
            and later.range_from < coalesce(earlier.range_to, cast('9999-12-31' as date))

),

failures as (

    select
        '{{ relation_label(model) }}: '
        {%- for column in entity_columns %}
        || {{ sql_quote_value('entity_' ~ loop.index) }} || ' '
        {%- endfor %}
        || 'is mapped to ' || {{ sql_quote_value('mapped_to') }}
        || ' on [' || cast(range_from as {{ dbt.type_string() }}) || ', '
        || coalesce(cast(range_to as {{ dbt.type_string() }}), 'open') || ')'
        || ' and to ' || {{ sql_quote_value('later_mapped_to') }}
        || ' on [' || cast(later_range_from as {{ dbt.type_string() }}) || ', '
        || coalesce(cast(later_range_to as {{ dbt.type_string() }}), 'open') || ')'
        || '; a record belongs to one customer at a time. Set effective_to of the first row'
        || ' on or before effective_from of the second.' as failure_message
    from overlapping_pairs

)

{{ raise_first_failure('failures') }}
{% endtest %}
