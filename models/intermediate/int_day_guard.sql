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
{%- set relations = {'stg_quarantined_rows': ref('stg_quarantined_rows')} -%}
{%- for model in day_guard_upstream() -%}
    {%- do relations.update({model: ref(model)}) -%}
{%- endfor %}
{{ day_guard_sql(relations) }}
