{{ reader_view('fact_quarantined_rows') }}
