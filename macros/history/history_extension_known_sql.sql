{#- The mart's side of `history_extension`: the latest day it holds and the detections it was
    computed from (all, and the open ones); for the trend also its days, how its rules differ from the catalog's, and
    what the lifecycle holds. -#}
{% macro history_extension_known_sql(kind) -%}
    {%- if kind == 'lifecycle' -%}
    select
        max(as_of_date) as as_of_date,
        coalesce(sum(days_detected), 0) as detections,
        coalesce(sum(days_open), 0) as open_detections
    from {{ this }}
    {%- else -%}
    select
        max(as_of_date) as as_of_date,
        count(distinct as_of_date) as days,
        coalesce(sum(open_exceptions + in_grace), 0) as detections,
        coalesce(sum(open_exceptions), 0) as open_detections,
        (
            select count(*) from (
                (
                    select rule_name, rule_level from {{ ref('rule_catalog') }}
                    except
                    select rule_name, rule_level from {{ this }}
                )
                union all
                (
                    select rule_name, rule_level from {{ this }}
                    except
                    select rule_name, rule_level from {{ ref('rule_catalog') }}
                )
            ) as changed
        ) as catalog_changes,
        (select max(as_of_date) from {{ ref('fact_exception_lifecycle') }}) as lifecycle_day,
        (select coalesce(sum(days_detected), 0) from {{ ref('fact_exception_lifecycle') }}) as lifecycle_detections
    from {{ this }}
    {%- endif -%}
{%- endmacro %}
