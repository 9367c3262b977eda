-- Copy the partition of :day of a daily mart (its relation, from dbt's manifest, filled in by
-- recon bench) to the days :first_copy to :last_copy days before it, as real runs would have
-- left them.
insert into {mart} by name
select * exclude (k) replace (cast(as_of_date - cast(k as integer) as date) as as_of_date)
from {mart}, range(:first_copy, :last_copy + 1) as days (k)
where as_of_date = :day
