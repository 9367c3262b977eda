{{ reader_view('fact_exception_lifecycle') }}
