{#- The end of the as-of day D: D + 1 day at 00:00 UTC, as a timestamp. A record "exists on
    D" when it started before this instant; a cancellation "at or after" it has not happened
    yet on D. -#}
{% macro observation_cutoff() -%}
    cast({{ dbt.dateadd('day', 1, as_of_date()) }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
