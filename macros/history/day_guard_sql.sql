{#- The SQL of the day guard (model int_day_guard, which says what it checks): one row,
    `day_check` = 'trusted', or an error naming what is wrong. `relations` maps each model it
    reads (`day_guard_upstream()` and stg_quarantined_rows) to its relation: the model passes
    its refs; on Spark the daily marts' insert_overwrite runs it once more by itself before it
    drops an emptied day (macros/spark/get_insert_overwrite_sql.sql), because Spark skips the
    guard of a query whose other side is empty. -#}
{% macro day_guard_sql(relations) -%}
{%- set override = var('completeness_override_reason', '') | string | trim -%}
{%- set min_ratio = checked_var('completeness_min_ratio') -%}
{%- set max_quarantined = checked_var('quarantine_max_ratio') %}
select
    case
        when checks.short_extract is not null
            then {{ raise_error("'reconciliation not trustworthy: ' || checks.short_extract"
                ~ " || '. Check the landing job and rerun; the previous results are untouched. If the drop is"
                ~ " expected, rerun with --vars ''{completeness_override_reason: <why>}''.'") }}
        when checks.empty_extract is not null
            then {{ raise_error(
                "'reconciliation not trustworthy: " ~ var('raw_schema') ~ ".' || checks.empty_extract"
                ~ " || ' has 0 rows on ' || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")"
                ~ " || '. Check the landing job and rerun; the previous results are untouched.'"
            ) }}
        when checks.over_quarantined is not null
            then {{ raise_error("'reconciliation not trustworthy: ' || checks.over_quarantined"
                ~ " || ', more than quarantine_max_ratio " ~ (max_quarantined * 100) | round(1) ~ "%. The rows and their reasons are in "
                ~ relations['stg_quarantined_rows'].schema ~ ".stg_quarantined_rows; fix them at the source and rerun (the previous"
                ~ " results are untouched), or rerun with --vars ''{completeness_override_reason: <why>}''.'") }}
        when checks.stale_model is not null
            then {{ raise_error(
                "'day guard (int_day_guard): ' || checks.stale_model || ' was built for another as_of_date than '"
                ~ " || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")"
                ~ " || '. Build the upstream models in the same run: dbt build --select +marts (or the whole project)'"
            ) }}
        else 'trusted'
    end as day_check
from (
    select
        (
            select
                min(
                    source_table || ' has ' || {{ format_count('rows_read') }} || ' rows, last good run '
                    || {{ format_count('last_good_rows') }} || ' ('
                    || cast(cast(round({{ decimal_divide('100 * rows_read', 'last_good_rows') }}, 0) as integer) as {{ dbt.type_string() }})
                    || '%)'
                )
            from {{ relations['int_extract_counts'] }}
            where
                {{ 'false' if override else 'true' }}
                and last_good_rows > 0
                and rows_read < {{ min_ratio }} * last_good_rows
        ) as short_extract,
        (
            select min(source_table)
            from {{ relations['int_extract_counts'] }}
            where rows_read = 0 and {{ 'false' if override else 'true' }}
        ) as empty_extract,
        (
            select
                min(
                    source_table || ' has ' || {{ format_count('rows_quarantined') }} || ' of '
                    || {{ format_count('rows_read') }} || ' rows quarantined ('
                    || cast(
                        cast(
                            round({{ decimal_divide('100 * rows_quarantined', 'rows_read') }}, 1) as numeric(5, 1)
                        ) as {{ dbt.type_string() }}
                    )
                    || '%)'
                )
            from {{ relations['int_extract_counts'] }}
            where
                {{ 'false' if override else 'true' }}
                and rows_quarantined > {{ max_quarantined }} * rows_read
        ) as over_quarantined,
        (
            select min(model_name)
            from (
                {%- for model in day_guard_upstream() %}
                    select '{{ model }}' as model_name
                    where exists (
                            select 1 from {{ relations[model] }}
                            where as_of_date != {{ as_of_date() }}
                        )
                    {%- if not loop.last %}
                        union all
                    {%- endif %}
                {%- endfor %}
            ) as stale
        ) as stale_model
) as checks
{%- endmacro %}

{#- The tables a day is computed from, each of which must hold the run's as_of_date only
    (the day guard's last check). -#}
{% macro day_guard_upstream() -%}
    {{ return([
        'int_extract_counts',
        'int_canonical_map_as_of',
        'int_fx_rates_as_of',
        'int_crm_accounts_as_of',
        'int_billing_subscriptions_as_of',
        'int_billing_revenue_recognized',
        'int_billing_customers_as_of',
        'int_ops_tenants_as_of',
        'int_customer_state',
        'int_declared_records_as_of',
    ]) }}
{%- endmacro %}

{#- Every relation the day guard reads, as `day_guard_sql` takes them, from the graph: for a
    macro that runs it outside the model (on Spark, before an emptied day is dropped). -#}
{% macro day_guard_relations() -%}
    {%- set relations = {} -%}
    {%- for name in day_guard_upstream() + ['stg_quarantined_rows'] -%}
        {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] -%}
        {%- do relations.update({name: api.Relation.create(schema=node.schema, identifier=node.alias or node.name)}) -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}
