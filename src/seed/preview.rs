//! What loading seed files would change in a database, found by loading them into a copy of it
//! in memory and comparing the events they name: new events, new reports of stored events,
//! dates and places that narrow, conflicts that appear. The database itself is only read.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OptionalExtension};

use super::progress::NoProgress;

/// The largest database copied into memory for a preview.
pub const MAX_PREVIEW_BYTES: i64 = 512 * 1024 * 1024;

const SIZE: &str = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
const EVENT: &str = concat!(
    "
    SELECT e.title, e.date_human, e.date_text, e.place_id, e.summary,
           (SELECT count(*) FROM event_sources es WHERE es.event_id = e.id) AS reports, ",
    crate::query::timeline::date_source!(),
    " AS date_source
    FROM events e WHERE e.id = ?1"
);
/// Every conflict, read once from each side (one pass over the view, not one per event).
const CONFLICTS: &str = "
    SELECT event_id, about || ': ' || value_a || ' (' || source_a || ') against ' || value_b
           || ' (' || source_b || ')' AS conflict
    FROM conflicts";

/// One event as a preview compares it.
#[derive(Debug, PartialEq)]
struct EventState {
    title: String,
    date: String,
    /// The words of the report that gave the date, and its publisher, as the timeline shows them.
    date_words: String,
    place: Option<String>,
    summary: Option<String>,
    reports: i64,
}

fn event(conn: &Connection, id: &str) -> Result<Option<EventState>> {
    Ok(conn
        .query_row(EVENT, [id], |r| {
            Ok(EventState {
                title: r.get("title")?,
                date: r.get("date_human")?,
                date_words: crate::query::timeline::date_with_words(
                    &r.get::<_, String>("date_human")?,
                    r.get::<_, Option<String>>("date_text")?.as_deref(),
                    crate::query::timeline::split_date_source(r.get("date_source")?)
                        .map(|(_, publisher)| publisher)
                        .as_deref(),
                ),
                place: r.get("place_id")?,
                summary: r.get("summary")?,
                reports: r.get("reports")?,
            })
        })
        .optional()?)
}

fn conflicts(conn: &Connection) -> Result<BTreeSet<(String, String)>> {
    let mut stmt = conn.prepare(CONFLICTS)?;
    let rows = stmt.query_map([], |r| Ok((r.get("event_id")?, r.get("conflict")?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What loading `paths` into the database behind `conn` would change for the `events` they
/// report, one line each; `None` when the database is too large to copy into memory.
pub fn changes(
    conn: &Connection,
    paths: &[PathBuf],
    events: &BTreeSet<String>,
) -> Result<Option<Vec<String>>> {
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
    let mut lines = Vec::new();
    for id in events {
        let before = event(conn, id)?;
        let Some(after) = event(&copy, id)? else {
            continue;
        };
        match before {
            None => lines.push(format!("new event {id}: {}, {:?}", after.date, after.title)),
            Some(before) if before != after => {
                if after.reports != before.reports {
                    lines.push(format!(
                        "reported again {id} ({:?}): {} → {} reports",
                        after.title, before.reports, after.reports
                    ));
                }
                if after.date != before.date {
                    lines.push(format!(
                        "date of {id}: {} → {}",
                        before.date, after.date_words
                    ));
                }
                if after.place != before.place {
                    let place = |p: &Option<String>| p.clone().unwrap_or_else(|| "none".into());
                    lines.push(format!(
                        "place of {id}: {} → {}",
                        place(&before.place),
                        place(&after.place)
                    ));
                }
                if after.summary.is_some() && before.summary.is_none() {
                    lines.push(format!("summary of {id}: given"));
                }
            }
            Some(_) => {}
        }
    }
    let known = conflicts(conn)?;
    for (id, c) in conflicts(&copy)?.difference(&known) {
        lines.push(format!("new conflict in {id}: {c}"));
    }
    Ok(Some(lines))
}
