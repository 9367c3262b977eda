{#- A one-row check (column `day_check` = 'trusted') to cross join into everything that files
    a day's results. It stops the build, naming what is wrong, when
    - a source extract of this run is empty: every customer would look absent from that
      system and every exception would close ("reconciliation not trustworthy: raw.X has 0
      rows ..."), or
    - an upstream table the day is computed from was built for another as_of_date (a partial
      `--select` run): its rows would be filed under the wrong day.
    The model that fails keeps its previous contents, so the previous results stay intact. -#}
{% macro require_trustworthy_day() -%}
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
    ] -%}
    select
        case
            when checks.empty_extract is not null
                then {{ raise_error(
                    "'reconciliation not trustworthy: " ~ var('raw_schema') ~ ".' || checks.empty_extract"
                    ~ " || ' has 0 rows on ' || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")"
                    ~ " || '. Check the landing job and rerun; the previous results are untouched.'"
                ) }}
            when checks.stale_model is not null
                then {{ raise_error(
                    "'" ~ this.identifier ~ ": ' || checks.stale_model || ' was built for another as_of_date than '"
                    ~ " || cast(" ~ as_of_date() ~ " as " ~ dbt.type_string() ~ ")"
                    ~ " || '. Build the upstream models in the same run: dbt build --select +" ~ this.identifier ~ "'"
                ) }}
            else 'trusted'
        end as day_check
    from (
        select
            (
                select min(source_table)
                from {{ ref('int_extract_counts') }}
                where rows_read = 0
            ) as empty_extract,
            (
                select min(model_name)
                from (
                    {%- for model in upstream %}
                    select '{{ model }}' as model_name
                    where exists (select 1 from {{ ref(model) }} where as_of_date != {{ as_of_date() }})
                    {%- if not loop.last %}
                    union all
                    {%- endif %}
                    {%- endfor %}
                ) as stale
            ) as stale_model
    ) as checks
{%- endmacro %}
