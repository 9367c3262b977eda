{#- What is wrong with `value` for var `name` under `rule` (see `run_var_rules`), as one
    sentence naming the var, the value and what is allowed; empty when nothing is. -#}
{% macro run_var_problem(name, value, rule) -%}
    {%- set kind = rule.kind -%}
    {%- set shown = "'" ~ value ~ "'" if value is string else (value | string) -%}
    {%- set got = "; got " ~ shown -%}
    {%- if kind in ('number', 'integer') -%}
        {%- set low = rule.get('min') -%}
        {%- set high = rule.get('max') -%}
        {%- set range_words = (
            "from " ~ low ~ " to " ~ high if low is not none and high is not none
            else ("of at least " ~ low if low is not none else "of at most " ~ high)
        ) -%}
        {%- set wanted = ("a whole number " if kind == 'integer' else "a number ") ~ range_words -%}
        {%- if value is boolean or value is not number or (value | string | lower) in ('nan', 'inf', '-inf') -%}
            {{ return("var " ~ name ~ " must be " ~ wanted ~ got) }}
        {%- elif kind == 'integer' and value != (value | int) -%}
            {{ return("var " ~ name ~ " must be " ~ wanted ~ got) }}
        {%- elif (low is not none and value < low) or (high is not none and value > high) -%}
            {{ return("var " ~ name ~ " must be " ~ wanted ~ got) }}
        {%- endif -%}
    {%- elif kind == 'boolean' -%}
        {%- if value is not boolean -%}
            {{ return("var " ~ name ~ " must be true or false" ~ got) }}
        {%- endif -%}
    {%- elif kind == 'text' -%}
        {%- if value is not none and value is not string -%}
            {{ return("var " ~ name ~ " must be text" ~ got) }}
        {%- endif -%}
    {%- elif kind == 'identifier' -%}
        {%- if value is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', value) -%}
            {{ return("var " ~ name ~ " must be a schema name (letters, digits and _, not starting with a digit)" ~ got) }}
        {%- endif -%}
    {%- elif kind == 'relation' -%}
        {%- if value is not string or not modules.re.match('^([A-Za-z_][A-Za-z0-9_]*[.][A-Za-z_][A-Za-z0-9_]*)?$', value) -%}
            {{ return("var " ~ name ~ " must be empty or <schema>.<table> (letters, digits and _)" ~ got) }}
        {%- endif -%}
    {%- elif kind == 'path' -%}
        {%- if value is not string or value | trim == '' -%}
            {{ return("var " ~ name ~ " must be a folder path" ~ got) }}
        {%- endif -%}
    {%- elif kind == 'date' -%}
        {#- The format is checked by as_of_date_text, which raises its own message. -#}
        {%- set day = modules.datetime.date.fromisoformat(as_of_date_text()) -%}
        {%- set started = run_started_at.astimezone(modules.pytz.utc).date() -%}
        {%- set latest = started + modules.datetime.timedelta(days=rule.max_days_ahead) -%}
        {%- if day > latest -%}
            {{ return(
                "var " ~ name ~ " must not be after " ~ latest ~ " (the UTC date this run started, "
                ~ started ~ ", plus " ~ rule.max_days_ahead ~ " day for time zones east of UTC): a day that has not"
                ~ " happened cannot be reconciled; got '" ~ day ~ "'. Leave it empty for today"
            ) }}
        {%- endif -%}
    {%- elif kind == 'thresholds' -%}
        {%- set example = "{" ~ rule['keys'] | join(": ..., ") ~ ": ...}" -%}
        {%- if value is not mapping -%}
            {{ return("var " ~ name ~ " must be a mapping " ~ example ~ got) }}
        {%- endif -%}
        {%- set state = namespace(previous=none) -%}
        {%- for key in rule['keys'] -%}
            {%- set bound = value.get(key) -%}
            {%- if bound is boolean or bound is not number or (bound | string | lower) in ('nan', 'inf', '-inf') or bound < rule.min -%}
                {{ return("var " ~ name ~ " needs a number of at least " ~ rule.min ~ " for '" ~ key ~ "', as in " ~ example ~ got) }}
            {%- endif -%}
            {%- if state.previous is not none and bound < value[state.previous] -%}
                {{ return("var " ~ name ~ " must satisfy " ~ rule['keys'] | join(" <= ") ~ got) }}
            {%- endif -%}
            {%- set state.previous = key -%}
        {%- endfor -%}
        {%- for key in value if key not in rule['keys'] -%}
            {{ return("var " ~ name ~ " has no bound '" ~ key ~ "'; it takes " ~ rule['keys'] | join(", ") ~ got) }}
        {%- endfor -%}
    {%- elif kind == 'vocabulary' -%}
        {%- if value is not mapping or value | length == 0 -%}
            {{ return("var " ~ name ~ " must map '<raw table>.<column>' to a list of words" ~ got) }}
        {%- endif -%}
        {%- for key, words in value.items() -%}
            {%- if words is string or words is not iterable or words | length == 0 -%}
                {{ return("var " ~ name ~ " needs a non-empty list of words for '" ~ key ~ "'" ~ got) }}
            {%- endif -%}
            {%- for word in words if word is not string or not modules.re.match('^[a-z][a-z0-9_]*$', word) -%}
                {{ return("var " ~ name ~ ": '" ~ key ~ "' lists " ~ word ~ ", which is not a lower-case word (a-z, 0-9, _); status words are compared after normalize_status") }}
            {%- endfor -%}
        {%- endfor -%}
    {%- elif kind == 'patterns' -%}
        {%- if value is not mapping or (value.keys() | sort) != (rule['keys'] | sort) -%}
            {{ return("var " ~ name ~ " must map exactly " ~ rule['keys'] | join(", ") ~ " to patterns" ~ got) }}
        {%- endif -%}
        {%- for key, pattern in value.items() if pattern is not string or pattern == '' or "'" in pattern -%}
            {{ return("var " ~ name ~ ": " ~ key ~ " must be a non-empty pattern without a quote" ~ got) }}
        {%- endfor -%}
    {%- elif kind == 'landing_contract' -%}
        {%- if value is not mapping or value | length == 0 -%}
            {{ return("var " ~ name ~ " must map each raw table to its columns' contracts" ~ got) }}
        {%- endif -%}
        {%- for table in value -%}
            {#- stops the run naming the table and column of a malformed contract -#}
            {%- do landing_contract(table) -%}
        {%- endfor -%}
        {%- set vocabularies = var('status_vocabulary') -%}
        {%- for key in (vocabularies if vocabularies is mapping else {}) -%}
            {%- set parts = key.split('.') -%}
            {%- if not ((value.get(parts[0]) or {}).get(parts[-1]) or {}).get('vocabulary') -%}
                {{ return("var status_vocabulary lists words for '" ~ key ~ "', which is not a column the landing contract marks `vocabulary: true`") }}
            {%- endif -%}
        {%- endfor -%}
    {%- elif kind == 'words' -%}
        {%- if value is string or value is not iterable or value is mapping or value | length == 0 -%}
            {{ return("var " ~ name ~ " must be a non-empty list of words" ~ got) }}
        {%- endif -%}
        {%- for word in value if word is not string or not modules.re.match('^[a-z][a-z0-9_]*$', word) -%}
            {{ return("var " ~ name ~ " lists " ~ word ~ ", which is not a lower-case word (a-z, 0-9, _)" ~ got) }}
        {%- endfor -%}
    {%- elif kind == 'roles' -%}
        {%- set example = "{" ~ rule['keys'] | join(": <role>, ") ~ ": <role>}" -%}
        {%- if value is not mapping or (value.keys() | sort) != (rule['keys'] | sort) -%}
            {{ return("var " ~ name ~ " must map exactly " ~ rule['keys'] | join(", ") ~ " to role names, as in " ~ example ~ got) }}
        {%- endif -%}
        {%- set reserved = ['public', 'current_user', 'current_role', 'session_user', 'none'] -%}
        {%- set dbt_role = (target.get('user') or '') | lower -%}
        {%- set seen = {} -%}
        {%- for audience in rule['keys'] -%}
            {%- set role = value[audience] -%}
            {%- if role is not string or not modules.re.match('^([a-z_][a-z0-9_]{0,62})?$', role) -%}
                {{ return("var " ~ name ~ ": " ~ audience ~ " must be a role name (lower-case letters, digits and _, at most 63, not starting with a digit) or empty for no grants" ~ got) }}
            {%- elif role in reserved or role.startswith('pg_') -%}
                {{ return("var " ~ name ~ ": " ~ audience ~ " is '" ~ role ~ "', which PostgreSQL reserves (PUBLIC would give every role the access); name a group role of its own") }}
            {%- elif role and role == dbt_role -%}
                {{ return("var " ~ name ~ ": " ~ audience ~ " is '" ~ role ~ "', the role that runs dbt (it owns and writes everything); readers are other roles") }}
            {%- elif role and role in seen -%}
                {{ return("var " ~ name ~ ": " ~ audience ~ " and " ~ seen[role] ~ " are both '" ~ role ~ "'; each audience reads its own schema, so each needs its own role") }}
            {%- endif -%}
            {%- if role -%}
                {%- do seen.update({role: audience}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("run_var_rules: var " ~ name ~ " has an unknown kind '" ~ kind ~ "'") }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
