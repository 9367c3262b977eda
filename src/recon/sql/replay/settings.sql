select
    seed,
    customers,
    start_date
from {replay_schema}.settings
