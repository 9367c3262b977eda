-- One row into a raw table, by column name: `$<column> as <column>`, one per value given.
insert into {raw_schema}.{table} by name
select {values}
