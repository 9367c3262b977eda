-- Unusable rows, one of each kind the reconciliation quarantines: a CRM account without a key,
-- a subscription in a status billing does not document, a credit note (negative invoice), an
-- invoice in a currency without a rate, a negative usage count, and a tenant changed in the
-- year 2999 (a broken clock). Each is an extra row copied from a real one, so quarantining it
-- changes no count the README tells. The row copied is the first by every column of the
-- table, the copies made here left out, so every run copies the same real row (an ORDER BY
-- naming the key would sort by the replaced value).
insert into {schema}.crm_accounts
    select * replace ('   ' as account_id)
    from (select * from {schema}.crm_accounts order by all limit 1) as first_row;
insert into {schema}.billing_subscriptions
    select * replace ('sub_paused_demo' as subscription_id, 'paused' as status)
    from (select * from {schema}.billing_subscriptions order by all limit 1) as first_row;
insert into {schema}.billing_invoices
    select * replace ('inv_credit_demo' as invoice_id, -25.00 as amount_due)
    from (select * from {schema}.billing_invoices order by all limit 1) as first_row;
insert into {schema}.billing_invoices
    select * replace ('inv_jpy_demo' as invoice_id, 'JPY' as currency)
    from (
        select * from {schema}.billing_invoices
        where invoice_id <> 'inv_credit_demo' order by all limit 1
    ) as first_row;
insert into {schema}.ops_usage_daily
    select * replace (date '{as_of}' - 400 as usage_date, -1 as events)
    from (select * from {schema}.ops_usage_daily order by all limit 1) as first_row;
insert into {schema}.ops_tenants
    select * replace ('ten_clock_skew' as tenant_id, timestamp '2999-01-01' as updated_at)
    from (select * from {schema}.ops_tenants order by all limit 1) as first_row;
