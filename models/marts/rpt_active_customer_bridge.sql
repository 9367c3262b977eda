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

    select * from {{ ref('int_day_guard') }}

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

{# Each bridge: the system it starts from and the one it ends at (relation and label), and
    the lines between. Customer lines count, per grace state, the records a rule's customers
    add (+) or remove (-); `measure` is the records counted, `where` which customers. #}
{%- set bridges = [
    {
        'name': 'crm_to_billing',
        'from': ('crm_accounts', 'CRM accounts, active', 'CRM accounts with no mapping'),
        'to': ('billing_customers', 'billing customers, with a live subscription', 'billing customers with no mapping'),
        'lines': [
            {'category': 'active in the CRM, billing customer without a live subscription', 'rule': 'CRM_ACTIVE_BILLING_INACTIVE', 'sign': '-', 'measure': 'from_records', 'where': 'from_records > 0 and to_records = 0 and billing_present'},
            {'category': 'active in the CRM, no billing customer', 'rule': 'MISSING_IN_BILLING', 'sign': '-', 'measure': 'from_records', 'where': 'from_records > 0 and to_records = 0 and not billing_present'},
            {'category': 'billed, CRM account not active', 'rule': 'BILLING_ACTIVE_CRM_INACTIVE', 'sign': '', 'measure': 'to_records', 'where': 'to_records > 0 and from_records = 0 and crm_present'},
            {'category': 'billed, no CRM account', 'rule': 'MISSING_IN_CRM', 'sign': '', 'measure': 'to_records', 'where': 'to_records > 0 and from_records = 0 and not crm_present'},
            {'category': 'extra active CRM accounts of one customer', 'rule': none, 'sign': '-', 'measure': 'from_records - 1', 'where': 'from_records > 1 and to_records > 0'},
            {'category': 'extra billed billing customers of one customer', 'rule': none, 'sign': '', 'measure': 'to_records - 1', 'where': 'to_records > 1 and from_records > 0'},
        ],
    },
    {
        'name': 'billing_to_ops',
        'from': ('billing_customers', 'billing customers, with a live subscription', 'billing customers with no mapping'),
        'to': ('tenants', 'product tenants, with recent activity', 'active tenants with no mapping'),
        'lines': [
            {'category': 'billed, no product activity', 'rule': 'BILLING_ACTIVE_OPS_INACTIVE', 'sign': '-', 'measure': 'from_records', 'where': 'from_records > 0 and to_records = 0'},
            {'category': 'product activity, not billed', 'rule': 'OPS_ACTIVE_BILLING_INACTIVE', 'sign': '', 'measure': 'to_records', 'where': 'to_records > 0 and from_records = 0'},
            {'category': 'extra billed billing customers of one customer', 'rule': none, 'sign': '-', 'measure': 'from_records - 1', 'where': 'from_records > 1 and to_records > 0'},
            {'category': 'extra active tenants of one customer', 'rule': none, 'sign': '', 'measure': 'to_records - 1', 'where': 'to_records > 1 and from_records > 0'},
        ],
    },
] -%}
{%- set records_per_customer = {
    'crm_accounts': 'crm_records',
    'billing_customers': 'billing_records',
    'tenants': 'ops_records',
} -%}

-- noqa: disable=LT02
lines as (
    {%- for bridge in bridges %}
    {%- set last_line = 2 * (bridge.lines | length) + 4 %}
    {{ 'union all' if not loop.first }}
    select
        '{{ bridge.name }}' as bridge,
        1 as line_number,
        'start' as line_type,
        '{{ bridge.from[1] }}' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from {{ bridge.from[0] }}
    union all
    select
        '{{ bridge.name }}' as bridge,
        2 as line_number,
        'explained' as line_type,
        '{{ bridge.from[2] }}' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        -count(*) as records,
        0 as customers
    from {{ bridge.from[0] }}
    where canonical_id is null
    {%- for line in bridge.lines %}
    {%- set line_loop = loop %}
    {%- for in_grace in [false, true] %}
    union all
    select
        '{{ bridge.name }}' as bridge,
        {{ 1 + 2 * line_loop.index + (1 if in_grace else 0) }} as line_number,
        'explained' as line_type,
        '{{ line.category }}' as category,
        {{ "'" ~ line.rule ~ "'" if line.rule else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as rule_name,
        {{ in_grace }} as in_grace_period,
        {{ line.sign }}coalesce(sum(case when {{ line.where }} then {{ line.measure }} end), 0) as records,
        count(case when {{ line.where }} then canonical_id end) as customers
    from (
        select
            *,
            {{ records_per_customer[bridge.from[0]] }} as from_records,
            {{ records_per_customer[bridge.to[0]] }} as to_records
        from per_customer
    ) as customer_records
    where in_grace_period = {{ in_grace }}
    {%- endfor %}
    {%- endfor %}
    union all
    select
        '{{ bridge.name }}' as bridge,
        {{ last_line - 1 }} as line_number,
        'explained' as line_type,
        '{{ bridge.to[2] }}' as category,
        'UNMAPPED_SOURCE_RECORD' as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        0 as customers
    from {{ bridge.to[0] }}
    where canonical_id is null
    union all
    select
        '{{ bridge.name }}' as bridge,
        {{ last_line }} as line_number,
        'end' as line_type,
        '{{ bridge.to[1] }}' as category,
        cast(null as {{ dbt.type_string() }}) as rule_name,
        cast(null as {{ dbt.type_boolean() }}) as in_grace_period,
        count(*) as records,
        count(distinct canonical_id) as customers
    from {{ bridge.to[0] }}
    {%- endfor %}

),
-- noqa: enable=LT02

final as (

    select
        {{ as_of_date() }} as as_of_date,
        cast(lines.bridge as {{ text_type() }}) as bridge,
        cast(lines.line_number as integer) as line_number,
        cast(lines.line_type as {{ text_type() }}) as line_type,
        cast(lines.category as {{ text_type() }}) as category,
        cast(lines.rule_name as {{ text_type() }}) as rule_name,
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
