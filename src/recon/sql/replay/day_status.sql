-- Every evolved day, and whether it is built.
select
    day,
    built_at is not null as is_built
from {replay_schema}.replay_log
