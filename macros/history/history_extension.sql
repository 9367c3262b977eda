{#- May a history mart (fact_exception_lifecycle, rpt_exception_trend) add the run's day to
    what it already holds, instead of recomputing every built day? Only when the result is
    the same: the day is the latest built day, and the mart holds the days built before it
    as the facts hold them now, as far as counts can tell (the same latest day, as many
    detections and open detections; the trend also as many days and the catalog's rules, and
    the lifecycle already holding the day). Anything else (a first build, a table of an older
    version, a rerun of the latest day, a day built out of order, most changes to the facts by
    a selection that left the mart out) recomputes from every built day. What the counts
    cannot see: a past day's facts rebuilt by such a selection with the same counts (other
    amounts, other exceptions as many), or a past day without exceptions added that way (the
    lifecycle keeps no day count). After such a selection, build the two marts for the latest
    day: a rerun always recomputes. On Spark it always recomputes (Spark cannot overwrite a
    table it reads). The decision and its reason are logged. Returns true to extend. -#}
{% macro history_extension(kind) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set day = as_of_date() -%}
    {%- set reason = none -%}
    {%- if not is_incremental() -%}
        {%- set reason = 'it is built for the first time' -%}
    {%- elif target.type == 'spark' -%}
        {#- dbt-spark overwrites the table from a view of the query: a query that reads the
            table it overwrites is refused by Spark. -#}
        {%- set reason = 'Spark cannot overwrite a table while reading it' -%}
    {%- else -%}
        {#- The columns the daily way reads: a table built by an older version may lack them. -#}
        {%- set needed = {
            'lifecycle': ['as_of_date', 'days_detected', 'episode_started_on', 'sla_breached_on'],
            'trend': ['as_of_date', 'open_exceptions', 'in_grace', 'new_changed_from'],
        }[kind] -%}
        {%- set present = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = needed | reject('in', present) | list -%}
        {%- if missing -%}
            {%- set reason = 'its table has no column ' ~ missing | join(', ') ~ ' (built by an older version)' -%}
        {%- endif -%}
    {%- endif -%}
    {%- if reason is none -%}
        {%- set facts = run_query(history_extension_facts_sql(day)).rows[0] -%}
        {%- set known = run_query(history_extension_known_sql(kind)).rows[0] -%}
        {%- if facts['latest_day'] is none or facts['latest_day'] | string != as_of_date_text() -%}
            {%- set reason = as_of_date_text() ~ ' is not the latest built day (that is ' ~ facts['latest_day'] ~ ')' -%}
        {%- elif known['as_of_date'] is none -%}
            {%- set reason = 'it holds nothing yet' -%}
        {%- elif known['as_of_date'] | string >= as_of_date_text() -%}
            {%- set reason = 'it already holds ' ~ known['as_of_date'] ~ ' (a rerun of the latest day)' -%}
        {%- elif known['as_of_date'] != facts['previous_day'] -%}
            {%- set reason = 'it holds the history up to ' ~ known['as_of_date'] ~ ', the day built before '
                ~ as_of_date_text() ~ ' is ' ~ facts['previous_day'] -%}
        {%- elif known['detections'] != facts['detections_before']
            or known['open_detections'] != facts['open_before'] -%}
            {%- set reason = 'fact_reconciliation_exceptions holds ' ~ facts['detections_before']
                ~ ' detections (' ~ facts['open_before'] ~ ' open) before ' ~ as_of_date_text()
                ~ ', it was computed from ' ~ known['detections'] ~ ' (' ~ known['open_detections'] ~ ' open)' -%}
        {%- elif kind == 'trend' and known['days'] != facts['days_before'] -%}
            {%- set reason = 'it holds ' ~ known['days'] ~ ' days, ' ~ facts['days_before'] ~ ' were built before '
                ~ as_of_date_text() -%}
        {%- elif kind == 'trend' and known['catalog_changes'] != 0 -%}
            {%- set reason = 'the rule catalog has other rules or levels than it holds' -%}
        {%- elif kind == 'trend' and (known['lifecycle_day'] | string != as_of_date_text()
            or known['lifecycle_detections'] != facts['detections_before'] + facts['detections_of_day']) -%}
            {%- set reason = 'fact_exception_lifecycle does not hold ' ~ as_of_date_text() -%}
        {%- endif -%}
    {%- endif -%}
    {%- if reason is none -%}
        {{ log(this.identifier ~ ': adds ' ~ as_of_date_text() ~ ' to the history it holds', info=true) }}
        {{ return(true) }}
    {%- endif -%}
    {{ log(this.identifier ~ ': recomputed from every built day, because ' ~ reason, info=true) }}
    {{ return(false) }}
{%- endmacro %}
