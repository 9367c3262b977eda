{{ reader_view('fact_customer_reconciliation') }}
