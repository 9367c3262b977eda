{#- The select list of a rule model, in the shape of `rule_row_columns()`. A rule states only
    what differs: its name, the monthly amount at risk in USD, and the details a person reads.
    Customer rules read int_customer_state, whose as_of_date, canonical_id and
    in_grace_period are the defaults; rules about single source records (unmapped ones) pass
    their own subject and grace expressions. The as_of_date comes from the rows read, not
    from the var, so rows of an upstream table built for another day are caught by the
    union's guard instead of being filed under today. `newest_ts_sql` is the newest source
    timestamp behind the exception (the one its grace period reads), carried to the facts:
    the drift sensor's cause window (rpt_drift_alerts) is made of it. -#}
{% macro exception_columns(
    rule_name,
    amount_sql,
    details_sql,
    canonical_id_sql='canonical_id',
    source_system_sql='null',
    source_id_sql='null',
    in_grace_sql='in_grace_period',
    as_of_date_sql='as_of_date',
    newest_ts_sql='newest_source_ts'
) -%}
    {%- if not modules.re.match('^[A-Z][A-Z_]*$', rule_name) -%}
        {{ exceptions.raise_compiler_error("exception_columns: rule_name must be an upper-case rule name like MISSING_IN_CRM, got '" ~ rule_name ~ "'") }}
    {%- endif -%}
    {{ as_of_date_sql }} as as_of_date,
    cast('{{ rule_name }}' as {{ dbt.type_string() }}) as rule_name,
    cast({{ canonical_id_sql }} as {{ dbt.type_string() }}) as canonical_id,
    cast({{ source_system_sql }} as {{ dbt.type_string() }}) as source_system,
    cast({{ source_id_sql }} as {{ dbt.type_string() }}) as source_id,
    cast(coalesce({{ amount_sql }}, 0) as {{ dbt.type_numeric() }}) as amount_at_risk_usd,
    cast({{ in_grace_sql }} as {{ dbt.type_boolean() }}) as in_grace_period,
    cast({{ newest_ts_sql }} as {{ dbt.type_timestamp() }}) as newest_source_ts,
    cast({{ details_sql }} as {{ dbt.type_string() }}) as details
{%- endmacro %}
