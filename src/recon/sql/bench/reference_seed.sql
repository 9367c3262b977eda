-- A seed file ($path) loaded as the reference's table of the same name, every column as text:
-- the reference casts them as the seeds' column_types do.
create schema if not exists reference;

create or replace table reference.{seed} as
select * from read_csv($path, header = true, all_varchar = true)
