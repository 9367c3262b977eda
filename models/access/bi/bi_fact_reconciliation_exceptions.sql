{{ reader_view('fact_reconciliation_exceptions') }}
