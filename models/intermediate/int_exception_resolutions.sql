{{ config(materialized='ephemeral') }}
{#- The resolution entries people made (seeds/exception_resolutions.csv), read once for the
    lifecycle and the audit trail: ids and assignees trimmed (a blank assignee is none),
    resolved_at read like a raw timestamp, and the entries of each exception in one order
    (entry_number: by resolved_at, then note, then assignee), each beside the one before it,
    which is what a claim, the latest entry and the audit trail's "before" read. Ephemeral: compiled into each model that reads it, so it is always the
    seed as loaded by this run. -#}
with

resolutions as (

    select * from {{ ref('exception_resolutions') }}

),

entries as (

    select
        {{ trim_text('exception_id') }} as exception_id,
        resolution_status,
        root_cause,
        resolution_note,
        nullif({{ trim_text('assignee') }}, '') as assignee,
        resolved_by,
        {{ parse_timestamp('resolved_at', {}) }} as resolved_at
    from resolutions

),

final as (

    select
        *,
        row_number() over entry_order as entry_number,
        lag(resolution_status) over entry_order as previous_status,
        lag(assignee) over entry_order as previous_assignee,
        lag(resolved_at) over entry_order as previous_resolved_at
    from entries
    window entry_order as (
        partition by exception_id
        order by resolved_at nulls first, resolution_note nulls first, assignee nulls first
    )

)

select * from final
