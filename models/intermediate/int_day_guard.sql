{{ config(materialized='ephemeral') }}
{#- The day guard: one row (column `day_check` = 'trusted') that every model filing a day's
    results reads (int_reconciliation_exceptions and the daily marts), so the DAG shows what
    guards them. Ephemeral: compiled into each reader's query, so it is checked whenever one
    is built, also by a partial `--select`. It stops the build, naming what is wrong, when
    - a source extract of this run is empty, or has fewer rows than var
      `completeness_min_ratio` (0.8) of what the last successful run read: every missing
      customer would look absent from that system and close its exceptions
      ("reconciliation not trustworthy: billing_subscriptions has 130 rows, last good run
      1,224 (11%)"); var `completeness_override_reason` lets one run through, and the run
      audit keeps the reason, or
    - more than var `quarantine_max_ratio` (0.05) of an extract's rows are quarantined
      (stg_quarantined_rows): the reconciliation would miss too much of that system; the same
      override var lets one run through, or
    - an upstream table the day is computed from was built for another as_of_date (a partial
      `--select` run): its rows would be filed under the wrong day.
    The model that fails keeps its previous contents, so the previous results stay intact. -#}
{%- set upstream = [
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
] -%}
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
                ~ ref('stg_quarantined_rows').schema ~ ".stg_quarantined_rows; fix them at the source and rerun (the previous"
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
            from {{ ref('int_extract_counts') }}
            where
                {{ 'false' if override else 'true' }}
                and last_good_rows > 0
                and rows_read < {{ min_ratio }} * last_good_rows
        ) as short_extract,
        (
            select min(source_table)
            from {{ ref('int_extract_counts') }}
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
            from {{ ref('int_extract_counts') }}
            where
                {{ 'false' if override else 'true' }}
                and rows_quarantined > {{ max_quarantined }} * rows_read
        ) as over_quarantined,
        (
            select min(model_name)
            from (
                {%- for model in upstream %}
                    select '{{ model }}' as model_name
                    where exists (
                            select 1 from {{ ref(model) }}
                            where as_of_date != {{ as_of_date() }}
                        )
                    {%- if not loop.last %}
                        union all
                    {%- endif %}
                {%- endfor %}
            ) as stale
        ) as stale_model
) as checks
