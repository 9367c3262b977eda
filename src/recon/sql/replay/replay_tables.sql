-- The replay's own tables, created when the day-0 world is landed: the world's story group of
-- every customer number, the log of evolved and built days, and the settings a resume checks.
create schema if not exists {replay_schema};

create or replace table {replay_schema}.world as
select
    num,
    grp
from world
order by num;

create or replace table {replay_schema}.replay_log (
    day date primary key,
    evolved_at timestamp not null,
    built_at timestamp
);

create or replace table {replay_schema}.settings as
select
    $seed as seed,
    $customers as customers,
    $start as start_date
