{{ reader_view('rpt_audit_trail') }}
