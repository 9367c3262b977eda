create table {relation} (
    suggestion_id text not null,
    as_of_date date not null,
    source_system text not null,
    source_id text not null,
    source_name text,
    candidate_canonical_id text not null,
    candidate_name text,
    match_probability double precision not null,
    match_rank integer not null,
    evidence text,
    is_suggested boolean not null,
    monthly_amount_usd numeric(18, 2)
)
