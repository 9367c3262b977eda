with

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

measured as (

    select
        *,
        abs(billed_seats - active_providers) as seat_difference,
        greatest(
            {{ var('seat_tolerance_abs') }},
            {{ decimal_divide(var('seat_tolerance_pct') ~ ' * billed_seats', 100) }}
        ) as seat_tolerance,
        {{ decimal_divide('billed_mrr', 'billed_seats') }} as billed_price_per_seat
    from customer_state
    where billing_active and ops_present

),

flagged as (

    select
        {{ exception_columns(
            rule_name='SEAT_COUNT_DRIFT',
            amount_sql='seat_difference * billed_price_per_seat',
            details_sql="'billing: ' || cast(billed_seats as " ~ dbt.type_string() ~ ") || ' seats billed ('"
                ~ " || " ~ format_amount('billed_price_per_seat') ~ " || ' USD/seat/mo); product: '"
                ~ " || cast(active_providers as " ~ dbt.type_string() ~ ") || ' active providers; difference '"
                ~ " || cast(seat_difference as " ~ dbt.type_string() ~ ") || ' seats, tolerance '"
                ~ " || " ~ format_amount('seat_tolerance'),
        ) }}
    from measured
    where seat_difference > seat_tolerance

)

select * from flagged
