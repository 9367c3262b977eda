{#- Whether `text_sql` matches the regular expression `pattern` (a Python string, written
    into the SQL as a literal; the project's patterns read alike on every engine). Dispatched:
    PostgreSQL's and DuckDB's `~`, Spark's `rlike`. -#}
{% macro matches_pattern(text_sql, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'reconciliation')(text_sql, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(text_sql, pattern) -%}
    {{ text_sql }} ~ '{{ pattern }}'
{%- endmacro %}

{% macro spark__matches_pattern(text_sql, pattern) -%}
    {{ text_sql }} rlike '{{ spark_pattern_literal(pattern) }}'
{%- endmacro %}

{#- `pattern` as the body of a Spark string literal that reads as the same regular expression
    as on DuckDB and PostgreSQL: Java's `\v` is every vertical white space where RE2's and
    PostgreSQL's is the vertical tab alone (written `\x0B`), Java's `$` also matches before
    a final line feed where theirs match only at the end (written `\z`: the project's
    patterns use `$` only as that anchor), and Spark's literals treat a backslash as an
    escape (doubled). -#}
{% macro spark_pattern_literal(pattern) -%}
    {{ return(pattern | replace('\\v', '\\x0B') | replace('$', '\\z') | replace('\\', '\\\\')) }}
{%- endmacro %}

{#- `text_sql` with every match of the regular expression `pattern` replaced by
    `replacement` (both Python strings). Dispatched: the `'g'` flag of PostgreSQL and DuckDB;
    Spark's regexp_replace replaces every match. -#}
{% macro replace_pattern(text_sql, pattern, replacement) -%}
    {{ return(adapter.dispatch('replace_pattern', 'reconciliation')(text_sql, pattern, replacement)) }}
{%- endmacro %}

{% macro default__replace_pattern(text_sql, pattern, replacement) -%}
    regexp_replace({{ text_sql }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__replace_pattern(text_sql, pattern, replacement) -%}
    regexp_replace({{ text_sql }}, '{{ spark_pattern_literal(pattern) }}', '{{ replacement }}')
{%- endmacro %}
