{#- The exchange rate of each currency valid on the as-of date. -#}
with

rates as (

    select * from {{ ref('fx_rates') }}

),

ranked as (

    select
        {{ normalize_currency('currency') }} as currency,
        rate_to_usd,
        valid_from,
        row_number() over (
            partition by {{ normalize_currency('currency') }}
            order by valid_from desc
        ) as recency
    from rates
    where valid_from <= {{ as_of_date() }}

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        currency,
        rate_to_usd,
        valid_from
    from ranked
    where recency = 1

)

select * from final
