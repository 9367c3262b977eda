{{ reader_view('rpt_fix_queue') }}
