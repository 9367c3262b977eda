-- Unusable rows, one of each kind the reconciliation quarantines: a CRM account without a key,
-- a subscription in a status billing does not document, a credit note (negative invoice), an
-- invoice in a currency without a rate, a negative usage count, and a tenant changed in the
-- year 2999 (a broken clock). Each is an extra row copied from a real one, so quarantining it
-- changes no count the README tells.
insert into {schema}.crm_accounts
    select * replace ('   ' as account_id)
    from {schema}.crm_accounts order by account_id limit 1;
insert into {schema}.billing_subscriptions
    select * replace ('sub_paused_demo' as subscription_id, 'paused' as status)
    from {schema}.billing_subscriptions order by subscription_id limit 1;
insert into {schema}.billing_invoices
    select * replace ('inv_credit_demo' as invoice_id, -25.00 as amount_due)
    from {schema}.billing_invoices order by invoice_id limit 1;
insert into {schema}.billing_invoices
    select * replace ('inv_jpy_demo' as invoice_id, 'JPY' as currency)
    from {schema}.billing_invoices order by invoice_id limit 1;
insert into {schema}.ops_usage_daily
    select * replace (date '{as_of}' - 400 as usage_date, -1 as events)
    from {schema}.ops_usage_daily order by tenant_id, usage_date limit 1;
insert into {schema}.ops_tenants
    select * replace ('ten_clock_skew' as tenant_id, timestamp '2999-01-01' as updated_at)
    from {schema}.ops_tenants order by tenant_id limit 1;
