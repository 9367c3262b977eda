{{ reader_view('rpt_open_exceptions') }}
