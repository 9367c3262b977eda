{#- From the CRM's active count to billing's, and from billing's to the product's, one line
    per explained category, closing to the unit on every day (test assert_bridge_closes).
    Counts are of source records as each system would count itself. -#}
with

crm_accounts as (

    select * from {{ ref('int_crm_accounts_as_of') }}
    where is_active_account

),

billing_customers as (

    select * from {{ ref('int_billing_customers_as_of') }}
    where not is_deleted and has_live_subscription

),

tenants as (

    select * from {{ ref('int_ops_tenants_as_of') }}
    where has_recent_activity

),

customer_state as (

    select * from {{ ref('int_customer_state') }}

),

trust as (

    {{ require_trustworthy_day() }}

),

crm_per_customer as (

    select
        canonical_id,
        count(*) as crm_records
    from crm_accounts
    where canonical_id is not null
    group by canonical_id

),

billing_per_customer as (

    select
        canonical_id,
        count(*) as billing_records
    from billing_customers
    where canonical_id is not null
    group by canonical_id

),

ops_per_customer as (

    select
        canonical_id,
        count(*) as ops_records
    from tenants
    where canonical_id is not null
    group by canonical_id

),

per_customer as (

    select
        customer_state.canonical_id,
        customer_state.in_grace_period,
        customer_state.crm_present,
        customer_state.billing_present,
        coalesce(crm_per_customer.crm_records, 0) as crm_records,
        coalesce(billing_per_customer.billing_records, 0) as billing_records,
        coalesce(ops_per_customer.ops_records, 0) as ops_records
    from customer_state
    left join crm_per_customer
        on customer_state.canonical_id = crm_per_customer.canonical_id
    left join billing_per_customer
        on customer_state.canonical_id = billing_per_customer.canonical_id
    left join ops_per_customer
        on customer_state.canonical_id = ops_per_customer.canonical_id

),

-- noqa: disable=LT02
lines as (

    -- from the CRM count to the billing count
    select
        'crm_to_billing' as bridge,
        1 as line_number,
        'start' as line_type,
        'CRM accounts, active' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from crm_accounts
    union all
    select
        'crm_to_billing' as bridge,
        2 as line_number,
        'explained' as line_type,
        'CRM accounts with no mapping' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        -count(*) as records,
        0 as customers
    from crm_accounts
    where canonical_id is null
    {%- for line in [
        {'n': 3, 'category': 'active in the CRM, billing customer without a live subscription', 'rule': 'CRM_ACTIVE_BILLING_INACTIVE', 'sign': '-', 'measure': 'crm_records', 'where': 'crm_records > 0 and billing_records = 0 and billing_present'},
        {'n': 5, 'category': 'active in the CRM, no billing customer', 'rule': 'MISSING_IN_BILLING', 'sign': '-', 'measure': 'crm_records', 'where': 'crm_records > 0 and billing_records = 0 and not billing_present'},
        {'n': 7, 'category': 'billed, CRM account not active', 'rule': 'BILLING_ACTIVE_CRM_INACTIVE', 'sign': '', 'measure': 'billing_records', 'where': 'billing_records > 0 and crm_records = 0 and crm_present'},
        {'n': 9, 'category': 'billed, no CRM account', 'rule': 'MISSING_IN_CRM', 'sign': '', 'measure': 'billing_records', 'where': 'billing_records > 0 and crm_records = 0 and not crm_present'},
        {'n': 11, 'category': 'extra active CRM accounts of one customer', 'rule': none, 'sign': '-', 'measure': 'crm_records - 1', 'where': 'crm_records > 1 and billing_records > 0'},
        {'n': 13, 'category': 'extra billed billing customers of one customer', 'rule': none, 'sign': '', 'measure': 'billing_records - 1', 'where': 'billing_records > 1 and crm_records > 0'},
    ] %}
    {%- for in_grace in [false, true] %}
    union all
    select
        'crm_to_billing' as bridge,
        {{ line.n + (1 if in_grace else 0) }} as line_number,
        'explained' as line_type,
        '{{ line.category }}' as category,
        {{ "'" ~ line.rule ~ "'" if line.rule else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as rule_name,
        {{ in_grace }} as in_grace_period,
        {{ line.sign }}coalesce(sum(case when {{ line.where }} then {{ line.measure }} end), 0) as records,
        count(case when {{ line.where }} then canonical_id end) as customers
    from per_customer
    where in_grace_period = {{ in_grace }}
    {%- endfor %}
    {%- endfor %}
    union all
    select
        'crm_to_billing' as bridge,
        15 as line_number,
        'explained' as line_type,
        'billing customers with no mapping' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        0 as customers
    from billing_customers
    where canonical_id is null
    union all
    select
        'crm_to_billing' as bridge,
        16 as line_number,
        'end' as line_type,
        'billing customers, with a live subscription' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from billing_customers
    -- from the billing count to the product count
    union all
    select
        'billing_to_ops' as bridge,
        1 as line_number,
        'start' as line_type,
        'billing customers, with a live subscription' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from billing_customers
    union all
    select
        'billing_to_ops' as bridge,
        2 as line_number,
        'explained' as line_type,
        'billing customers with no mapping' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        -count(*) as records,
        0 as customers
    from billing_customers
    where canonical_id is null
    {%- for line in [
        {'n': 3, 'category': 'billed, no product activity', 'rule': 'BILLING_ACTIVE_OPS_INACTIVE', 'sign': '-', 'measure': 'billing_records', 'where': 'billing_records > 0 and ops_records = 0'},
        {'n': 5, 'category': 'product activity, not billed', 'rule': 'OPS_ACTIVE_BILLING_INACTIVE', 'sign': '', 'measure': 'ops_records', 'where': 'ops_records > 0 and billing_records = 0'},
        {'n': 7, 'category': 'extra billed billing customers of one customer', 'rule': none, 'sign': '-', 'measure': 'billing_records - 1', 'where': 'billing_records > 1 and ops_records > 0'},
        {'n': 9, 'category': 'extra active tenants of one customer', 'rule': none, 'sign': '', 'measure': 'ops_records - 1', 'where': 'ops_records > 1 and billing_records > 0'},
    ] %}
    {%- for in_grace in [false, true] %}
    union all
    select
        'billing_to_ops' as bridge,
        {{ line.n + (1 if in_grace else 0) }} as line_number,
        'explained' as line_type,
        '{{ line.category }}' as category,
        {{ "'" ~ line.rule ~ "'" if line.rule else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as rule_name,
        {{ in_grace }} as in_grace_period,
        {{ line.sign }}coalesce(sum(case when {{ line.where }} then {{ line.measure }} end), 0) as records,
        count(case when {{ line.where }} then canonical_id end) as customers
    from per_customer
    where in_grace_period = {{ in_grace }}
    {%- endfor %}
    {%- endfor %}
    union all
    select
        'billing_to_ops' as bridge,
        11 as line_number,
        'explained' as line_type,
        'active tenants with no mapping' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        0 as customers
    from tenants
    where canonical_id is null
    union all
    select
        'billing_to_ops' as bridge,
        12 as line_number,
        'end' as line_type,
        'product tenants, with recent activity' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from tenants

),
-- noqa: enable=LT02

final as (

    select
        {{ as_of_date() }} as as_of_date,
        cast(lines.bridge as varchar) as bridge,
        cast(lines.line_number as integer) as line_number,
        cast(lines.line_type as varchar) as line_type,
        cast(lines.category as varchar) as category,
        cast(lines.rule_name as varchar) as rule_name,
        lines.in_grace_period,
        cast(lines.records as integer) as records,
        cast(lines.customers as integer) as customers,
        cast(sum(case when lines.line_type = 'end' then 0 else lines.records end) over (
            partition by lines.bridge
            order by lines.line_number
            rows between unbounded preceding and current row
        ) as integer) as running_total
    from lines
    cross join trust
    where trust.day_check = 'trusted'

)

select * from final
