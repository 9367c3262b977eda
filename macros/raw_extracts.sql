{#- The seven raw extracts, once, for every model and test that walks all of them
    (stg_quarantined_rows, int_extract_counts, the accounting test, the run audit): a list of
    dicts with `system` (the source name), `table` (the raw table), `entity` (the models are
    base_<entity> and stg_<entity>), `key` (SQL of the normalised key, one value per
    staging row) and `key_raw` (SQL naming a row by its key as it arrived, in the base
    model). Adding a source table means adding it here. -#}
{% macro raw_extracts() -%}
    {{ return([
        {'system': 'crm', 'table': 'crm_accounts', 'entity': 'crm__accounts', 'key': 'account_id', 'key_raw': 'account_id_raw'},
        {'system': 'billing', 'table': 'billing_customers', 'entity': 'billing__customers', 'key': 'customer_id', 'key_raw': 'customer_id_raw'},
        {'system': 'billing', 'table': 'billing_subscriptions', 'entity': 'billing__subscriptions', 'key': 'subscription_id', 'key_raw': 'subscription_id_raw'},
        {'system': 'billing', 'table': 'billing_invoices', 'entity': 'billing__invoices', 'key': 'invoice_id', 'key_raw': 'invoice_id_raw'},
        {'system': 'ops', 'table': 'ops_tenants', 'entity': 'ops__tenants', 'key': 'tenant_id', 'key_raw': 'tenant_id_raw'},
        {'system': 'ops', 'table': 'ops_providers', 'entity': 'ops__providers', 'key': 'provider_id', 'key_raw': 'provider_id_raw'},
        {'system': 'ops', 'table': 'ops_usage_daily', 'entity': 'ops__usage_daily',
         'key': "tenant_id || ' on ' || cast(usage_date as " ~ dbt.type_string() ~ ")",
         'key_raw': "tenant_id_raw || ' on ' || usage_date_raw"},
    ]) }}
{%- endmacro %}
