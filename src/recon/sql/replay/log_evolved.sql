insert into {replay_schema}.replay_log (day, evolved_at)
values ($day, $now)
