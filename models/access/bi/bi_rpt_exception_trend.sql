{{ reader_view('rpt_exception_trend') }}
