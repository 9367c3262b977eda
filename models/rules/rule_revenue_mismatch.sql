with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

measured as (

    select
        *,
        abs(revenue_expected - revenue_recognized) as revenue_difference,
        greatest(
            {{ var('revenue_tolerance_abs') }},
            {{ decimal_divide(var('revenue_tolerance_pct') ~ ' * revenue_expected', 100) }}
        ) as revenue_tolerance
    from customer_state
    where
        crm_active
        and billing_active
        and first_live_started_on <= {{ revenue_month_start() }}

),

flagged as (

    select
        {{ exception_columns(
            rule_name='REVENUE_MISMATCH',
            amount_sql='revenue_difference',
            details_sql="'CRM expects ' || " ~ format_amount('revenue_expected') ~ " || ' USD/mo; invoices recognise '"
                ~ " || " ~ format_amount('revenue_recognized') ~ " || ' USD in '"
                ~ " || substr(cast(" ~ revenue_month_start() ~ " as " ~ dbt.type_string() ~ "), 1, 7)"
                ~ " || '; difference ' || " ~ format_amount('revenue_difference') ~ " || ' USD, tolerance '"
                ~ " || " ~ format_amount('revenue_tolerance') ~ " || ' USD'",
        ) }}
    from measured
    where revenue_difference > revenue_tolerance

)

select * from flagged
