{{ reader_view('rpt_drift_alerts') }}
