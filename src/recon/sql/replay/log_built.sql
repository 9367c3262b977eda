update {replay_schema}.replay_log
set built_at = $now
where day = $day
