-- Exact duplicate rows, as a landing tool re-sending part of an extract would produce.
insert into {schema}.crm_accounts
    select * from {schema}.crm_accounts where hash(account_id) % 97 = 3;
insert into {schema}.ops_usage_daily
    select * from {schema}.ops_usage_daily where hash(tenant_id, usage_date) % 211 = 5;
insert into {schema}.billing_invoices
    select * from {schema}.billing_invoices where hash(invoice_id) % 131 = 7;
