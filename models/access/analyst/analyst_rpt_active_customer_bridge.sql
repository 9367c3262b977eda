{{ reader_view('rpt_active_customer_bridge') }}
