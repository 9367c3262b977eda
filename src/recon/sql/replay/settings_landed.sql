-- Whether the workdir's replay has been landed: its settings table exists.
select count(*) as landed
from information_schema.tables
where table_catalog || '.' || table_schema = $replay_schema
  and table_name = 'settings'
