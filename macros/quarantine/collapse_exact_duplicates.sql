{#- The usable rows of a staging model with exact duplicates collapsed, and per row
    `versions_of_key`: how many different rows its key has (1 when the key is clean; more makes
    require_single_version stop the build naming the key).
    Arguments: relation (a CTE or relation of usable rows), key (list of key columns),
    columns (the other typed columns: rows equal in key and columns are duplicates) and
    spellings (as-arrived columns such as `<key>_raw` or `status_raw`: the smallest spelling of
    each duplicate group is kept, so spelling alone never makes two versions).
    Two hash aggregations, no window: the first collapses duplicates, the second counts the
    versions of the (few) keys that have more than one; at a million customers this costs
    less than a window over every row. -#}
{% macro collapse_exact_duplicates(relation, key, columns, spellings) -%}
    {%- set grouped = (key + columns) | join(', ') -%}
    with

    collapsed as (

        select
            {{ grouped }},
            {%- for column in spellings %}
            min({{ column }}) as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ relation }}
        group by {{ grouped }}

    ),

    conflicting as (

        select
            {{ key | join(', ') }},
            count(*) as versions_of_key
        from collapsed
        group by {{ key | join(', ') }}
        having count(*) > 1

    )

    select
        collapsed.*,
        coalesce(conflicting.versions_of_key, 1) as versions_of_key
    from collapsed
    left join conflicting
        on
            {%- for column in key %}
            {{ 'and ' if not loop.first }}collapsed.{{ column }} = conflicting.{{ column }}
            {%- endfor %}
{%- endmacro %}
