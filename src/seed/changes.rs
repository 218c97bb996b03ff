//! Changes to the record's events, and the one rule that finds a stored event's changed date or
//! place: its date and place as they were, compared with what they are after a run. The preview
//! (`check`: what seeding would change) is made of these.

use std::fmt;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// One change seeding makes, or would make, to an event of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// An event the record did not hold.
    NewEvent {
        event: String,
        date: String,
        title: String,
    },
    /// A stored event reported by another number of articles.
    Reports {
        event: String,
        title: String,
        before: i64,
        after: i64,
    },
    /// A stored event's date: as shown before, and as shown after with the words and the
    /// publisher of the report that gave it.
    Date {
        event: String,
        before: String,
        after: String,
    },
    /// A stored event's place id (`None`: no place).
    Place {
        event: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// A stored event given a summary it had not.
    SummaryGiven { event: String },
    /// A disagreement between reports of the event that was not there before.
    Conflict { event: String, conflict: String },
}

impl Change {
    /// The event changed.
    pub fn event(&self) -> &str {
        match self {
            Change::NewEvent { event, .. }
            | Change::Reports { event, .. }
            | Change::Date { event, .. }
            | Change::Place { event, .. }
            | Change::SummaryGiven { event }
            | Change::Conflict { event, .. } => event,
        }
    }

    /// Whether it changes a stored event's date or place: what someone should look at before
    /// seeding a file they did not write line by line.
    pub fn to_review(&self) -> bool {
        matches!(self, Change::Date { .. } | Change::Place { .. })
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = |p: &Option<String>| p.clone().unwrap_or_else(|| "none".into());
        match self {
            Change::NewEvent { event, date, title } => {
                write!(f, "new event {event}: {date}, {title:?}")
            }
            Change::Reports {
                event,
                title,
                before,
                after,
            } => write!(
                f,
                "reported again {event} ({title:?}): {before} → {after} reports"
            ),
            Change::Date {
                event,
                before,
                after,
            } => write!(f, "date of {event}: {before} → {after}"),
            Change::Place {
                event,
                before,
                after,
            } => write!(f, "place of {event}: {} → {}", place(before), place(after)),
            Change::SummaryGiven { event } => write!(f, "summary of {event}: given"),
            Change::Conflict { event, conflict } => {
                write!(f, "new conflict in {event}: {conflict}")
            }
        }
    }
}

/// A stored event's date (as shown) and place (an id), what [`date_and_place`] compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub date: String,
    pub place: Option<String>,
}

/// One event as the preview compares it.
#[derive(Debug, PartialEq)]
pub struct EventState {
    pub title: String,
    pub placed: Placed,
    /// The date with the words of the report that gave it, and its publisher, as the timeline
    /// shows them.
    pub date_words: String,
    pub summary: Option<String>,
    pub reports: i64,
}

const EVENT: &str = concat!(
    "
    SELECT e.title, e.date_human, e.date_text, e.place_id, e.summary,
           (SELECT count(*) FROM event_sources es WHERE es.event_id = e.id) AS reports, ",
    crate::query::timeline::date_source!(),
    " AS date_source
    FROM events e WHERE e.id = ?1"
);

/// Event `id` as stored, `None` when there is none.
pub fn event(conn: &Connection, id: &str) -> Result<Option<EventState>> {
    Ok(conn
        .prepare_cached(EVENT)?
        .query_row([id], |r| {
            let date: String = r.get("date_human")?;
            Ok(EventState {
                title: r.get("title")?,
                date_words: crate::query::timeline::date_with_words(
                    &date,
                    r.get::<_, Option<String>>("date_text")?.as_deref(),
                    crate::query::timeline::split_date_source(r.get("date_source")?)
                        .map(|(_, publisher)| publisher)
                        .as_deref(),
                ),
                placed: Placed {
                    date,
                    place: r.get("place_id")?,
                },
                summary: r.get("summary")?,
                reports: r.get("reports")?,
            })
        })
        .optional()?)
}

/// What changed in stored event `id`'s date and place, from `before` to `after`: the date
/// first, then the place.
pub fn date_and_place(id: &str, before: &Placed, after: &EventState) -> Vec<Change> {
    let mut changes = Vec::new();
    if after.placed.date != before.date {
        changes.push(Change::Date {
            event: id.to_string(),
            before: before.date.clone(),
            after: after.date_words.clone(),
        });
    }
    if after.placed.place != before.place {
        changes.push(Change::Place {
            event: id.to_string(),
            before: before.place.clone(),
            after: after.placed.place.clone(),
        });
    }
    changes
}
