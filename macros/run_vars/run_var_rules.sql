{#- What each var of dbt_project.yml may hold, declared once and enforced by
    `validate_run_vars` before a run builds anything. Kinds:
    - `number`: an integer or decimal between `min` and `max` (inclusive; either may be
      absent); `integer`: the same, whole numbers only;
    - `boolean`: true or false; `text`: any text (may be empty); `identifier`: a schema name
      (letters, digits, _); `relation`: empty or <schema>.<table>; `path`: a non-empty
      relative or absolute path;
    - `date`: empty, or a real day written YYYY-MM-DD, at most `max_days_ahead` days after
      the UTC date the run started (a company east of UTC starts its day earlier) and not
      before the first day of the usage extract (`as_of_date_data_problem`);
    - `thresholds`: a mapping of `keys` to numbers, each at least `min`, in the order given;
    - `vocabulary`: a mapping of '<raw table>.<column>' to a non-empty list of lower-case words;
    - `words`: a non-empty list of lower-case words (a-z, 0-9, _);
    - `patterns`: a mapping of exactly `keys` to non-empty texts without a quote (they are
      written into SQL string literals);
    - `landing_contract`: a mapping of raw tables to their columns' contracts, each as
      `landing_contract` reads it; every word list of var status_vocabulary belongs to a
      column it marks `vocabulary: true`.
    - `roles`: a mapping of exactly `keys` (audiences) to database role names written into
      GRANT statements: lower-case letters, digits and _ (at most 63), each audience its own
      role, never PUBLIC, a `pg_` role, a CURRENT_USER-like keyword or the role that runs dbt;
      empty grants that audience nothing (macros/access/).
    `audited: false` leaves a var out of the run audit's record of the values each run used
    (record_run_vars, rpt_audit_trail): for vars that change every run by design.
    tests/python/test_run_vars.py checks that this list and the vars of dbt_project.yml name
    the same vars. -#}
{% macro run_var_rules() -%}
    {{ return({
        'raw_schema': {'kind': 'identifier'},
        'canonical_map_table': {'kind': 'relation'},
        'as_of_date': {'kind': 'date', 'max_days_ahead': 1, 'audited': false},
        'usage_window_days': {'kind': 'integer', 'min': 1, 'max': 366},
        'seat_tolerance_abs': {'kind': 'number', 'min': 0},
        'seat_tolerance_pct': {'kind': 'number', 'min': 0, 'max': 100},
        'revenue_tolerance_abs': {'kind': 'number', 'min': 0},
        'revenue_tolerance_pct': {'kind': 'number', 'min': 0, 'max': 100},
        'sync_lag_tolerance_hours': {'kind': 'number', 'min': 0, 'max': 168},
        'severity_thresholds': {'kind': 'thresholds', 'keys': ['low', 'high', 'critical'], 'min': 0},
        'drift_baseline_weeks': {'kind': 'integer', 'min': 1, 'max': 52},
        'drift_min_baseline_days': {'kind': 'integer', 'min': 1, 'max': 7},
        'drift_min_new_exceptions': {'kind': 'integer', 'min': 1},
        'drift_margin_factor': {'kind': 'number', 'min': 0, 'max': 10},
        'match_threshold': {'kind': 'number', 'min': 0, 'max': 1},
        'match_max_candidates': {'kind': 'integer', 'min': 1, 'max': 20},
        'completeness_min_ratio': {'kind': 'number', 'min': 0, 'max': 1},
        'completeness_override_reason': {'kind': 'text'},
        'quarantine_max_ratio': {'kind': 'number', 'min': 0, 'max': 1},
        'future_tolerance_hours': {'kind': 'number', 'min': 0, 'max': 168},
        'data_contracts': {'kind': 'boolean'},
        'data_contracts_dir': {'kind': 'path'},
        'data_contracts_batch_rows': {'kind': 'integer', 'min': 1},
        'status_vocabulary': {'kind': 'vocabulary'},
        'landing_contract': {'kind': 'landing_contract'},
        'text_formats': {'kind': 'patterns', 'keys': ['white_space', 'amount', 'count', 'timestamp']},
        'owner_teams': {'kind': 'words'},
        'reader_roles': {'kind': 'roles', 'keys': ['finance', 'analyst', 'bi']},
        'escalation_teams': {'kind': 'words'},
    }) }}
{%- endmacro %}
