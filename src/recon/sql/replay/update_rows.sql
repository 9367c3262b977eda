-- Set columns of the raw rows whose key, trimmed and case-folded, is $replay_key:
-- `<column> = $<column>`, one per value given.
update {raw_schema}.{table}
set {assignments}
where lower(trim({key_column})) = $replay_key
