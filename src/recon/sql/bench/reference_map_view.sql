-- The reference's key map when the map is a warehouse table (the one the bench lands and names
-- in var canonical_map_table): a view over it.
create schema if not exists reference;

create or replace view reference.canonical_entity_map as
select * from {map_table}
