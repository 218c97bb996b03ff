//! What loading seed files would change in a database, found by loading them into a copy of it
//! in memory and comparing the events they name: new events, new reports of stored events,
//! dates and places that change (by the rule of [`super::changes`]), conflicts that appear.
//! The database itself is only read.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::backup::Backup;
use rusqlite::Connection;

use super::changes::{date_and_place, event, Change};
use super::progress::NoProgress;

/// The largest database copied into memory for a preview.
pub const MAX_PREVIEW_BYTES: i64 = 512 * 1024 * 1024;

const SIZE: &str = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
/// Every conflict, read once from each side (one pass over the view, not one per event).
const CONFLICTS: &str = "
    SELECT event_id, about || ': ' || value_a || ' (' || source_a || ') against ' || value_b
           || ' (' || source_b || ')' AS conflict
    FROM conflicts";

fn conflicts(conn: &Connection) -> Result<BTreeSet<(String, String)>> {
    let mut stmt = conn.prepare(CONFLICTS)?;
    let rows = stmt.query_map([], |r| Ok((r.get("event_id")?, r.get("conflict")?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What loading `paths` into the database behind `conn` would change for the `events` they
/// report, event by event, then the new conflicts; `None` when the database is too large to
/// copy into memory.
pub fn changes(
    conn: &Connection,
    paths: &[PathBuf],
    events: &BTreeSet<String>,
) -> Result<Option<Vec<Change>>> {
    let size: i64 = conn.query_row(SIZE, [], |r| r.get(0))?;
    if size > MAX_PREVIEW_BYTES {
        return Ok(None);
    }
    let mut copy = Connection::open_in_memory()?;
    Backup::new(conn, &mut copy)?
        .run_to_completion(1024, Duration::ZERO, None)
        .context("copying the database into memory")?;
    copy.pragma_update(None, "foreign_keys", true)?;
    if !super::seed(&mut copy, paths, false, &mut NoProgress)?.wrote() {
        return Ok(Some(Vec::new()));
    }
    let mut changes = Vec::new();
    for id in events {
        let before = event(conn, id)?;
        let Some(after) = event(&copy, id)? else {
            continue;
        };
        match before {
            None => changes.push(Change::NewEvent {
                event: id.clone(),
                date: after.placed.date.clone(),
                title: after.title.clone(),
            }),
            Some(before) if before != after => {
                if after.reports != before.reports {
                    changes.push(Change::Reports {
                        event: id.clone(),
                        title: after.title.clone(),
                        before: before.reports,
                        after: after.reports,
                    });
                }
                changes.extend(date_and_place(id, &before.placed, &after));
                if after.summary.is_some() && before.summary.is_none() {
                    changes.push(Change::SummaryGiven { event: id.clone() });
                }
            }
            Some(_) => {}
        }
    }
    let known = conflicts(conn)?;
    for (id, c) in conflicts(&copy)?.difference(&known) {
        changes.push(Change::Conflict {
            event: id.clone(),
            conflict: c.clone(),
        });
    }
    Ok(Some(changes))
}
