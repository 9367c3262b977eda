-- rpt_match_suggestions on PostgreSQL (recon match suggest --postgres): its columns, types
-- and not-null constraints come from recon.matching.SUGGESTION_SCHEMA (recon.match fills
-- them in).
create table {relation} (
    {columns}
)
