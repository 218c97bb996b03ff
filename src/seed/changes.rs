//! Changes to the record's events, and the one rule that finds a stored event's changed date or
//! place: its date and place as they were, compared with what they are after a run. The preview
//! (`check` and `draft`: what seeding would change) is made of these, and `seed`'s summary
//! names the stored events whose date or place a run changed, found by the same rule.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::article::{Article, MergedEventRow};
use super::merge::MergedEvent;

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
    /// A stored event's place id (`None`: no place), followed by " (disputed)" when its
    /// reports' places lie on no one chain ([`shown_place`]).
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

/// An event's place as changes show it: its id (`none` when it has none) followed by
/// " (disputed)" when its reports' places lie on no one chain; `None` for no place, undisputed.
pub fn shown_place(place: Option<&str>, disputed: bool) -> Option<String> {
    match (place, disputed) {
        (p, true) => Some(format!("{} (disputed)", p.unwrap_or("none"))),
        (p, false) => p.map(String::from),
    }
}

/// A stored row's place, as [`shown_place`] shows it.
fn stored_place(r: &rusqlite::Row) -> rusqlite::Result<Option<String>> {
    let place: Option<String> = r.get("place_id")?;
    Ok(shown_place(place.as_deref(), r.get("disputed_place")?))
}

/// One event as the preview compares it.
#[derive(Debug, PartialEq)]
pub struct EventState {
    pub title: String,
    pub placed: Placed,
    /// The date with the words of the report that gave it, and its publisher, as the timeline
    /// shows them (after a run; a stored event's is its date alone).
    pub date_words: String,
    pub summary: Option<String>,
    pub reports: i64,
}

const EVENT: &str = "
    SELECT e.title, e.date_human, e.place_id, e.disputed_place, e.summary,
           (SELECT count(*) FROM event_sources es WHERE es.event_id = e.id) AS reports
    FROM events e WHERE e.id = ?1";
const PLACED: &str = "SELECT date_human, place_id, disputed_place FROM events WHERE id = ?1";
/// The stored events an article reports, with their date and place.
const PLACED_BY_SOURCE: &str = "
    SELECT e.id, e.date_human, e.place_id, e.disputed_place
    FROM event_sources es JOIN events e ON e.id = es.event_id
    WHERE es.source_id = ?1";
const PUBLISHER: &str = "SELECT publisher FROM sources WHERE id = ?1";

/// Event `id` as stored, `None` when there is none.
pub fn event(conn: &Connection, id: &str) -> Result<Option<EventState>> {
    Ok(conn
        .prepare_cached(EVENT)?
        .query_row([id], |r| {
            let date: String = r.get("date_human")?;
            Ok(EventState {
                title: r.get("title")?,
                date_words: date.clone(),
                placed: Placed {
                    date,
                    place: stored_place(r)?,
                },
                summary: r.get("summary")?,
                reports: r.get("reports")?,
            })
        })
        .optional()?)
}

/// A merged event as the preview compares it. The publisher of the report that gave its
/// date's words is `publisher`'s, else the stored article's in `conn`.
pub fn state_of(
    conn: &Connection,
    e: &MergedEvent,
    publisher: impl Fn(&str) -> Option<String>,
) -> Result<EventState> {
    let publisher = match &e.date_source {
        Some(source) => match publisher(source) {
            Some(p) => Some(p),
            None => conn
                .prepare_cached(PUBLISHER)?
                .query_row([source], |r| r.get(0))
                .optional()?,
        },
        None => None,
    };
    let date = e.date.human();
    Ok(EventState {
        title: e.title.clone(),
        date_words: crate::text::date_with_words(
            &date,
            e.date_text.as_deref(),
            publisher.as_deref(),
        ),
        placed: Placed {
            date,
            place: shown_place(e.place.as_deref(), e.disputed_place),
        },
        summary: e.summary.clone(),
        reports: e.reports as i64,
    })
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

/// A change a seed run made to a stored event's date or place, with the files whose reports
/// of the event the run added, replaced or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredChange {
    pub change: Change,
    pub by: Vec<PathBuf>,
}

/// What a seed run changes in stored events' dates and places. Each event's date and place is
/// read before anything in the run can change them (an event's row changes only when an
/// article reporting it is written or when the run merges its reports at the end), and again
/// once every article is written.
#[derive(Debug, Default)]
pub struct Tracker {
    /// Each event the run touches, as stored before it (`None`: not stored).
    before: BTreeMap<String, Option<Placed>>,
    /// Each event the run merged, as merged.
    after: BTreeMap<String, MergedEvent>,
    /// The files whose reports of each event the run changes.
    by: BTreeMap<String, BTreeSet<PathBuf>>,
}

impl Tracker {
    /// An article the run replaces or removes, from `file`: the events it reported. Called
    /// before its statements are removed.
    pub fn replaced(&mut self, conn: &Connection, source: &str, file: &Path) -> Result<()> {
        let mut stmt = conn.prepare_cached(PLACED_BY_SOURCE)?;
        let rows = stmt.query_map([source], |r| {
            Ok((
                r.get::<_, String>("id")?,
                Placed {
                    date: r.get("date_human")?,
                    place: stored_place(r)?,
                },
            ))
        })?;
        for row in rows {
            let (id, placed) = row?;
            self.by
                .entry(id.clone())
                .or_default()
                .insert(file.to_path_buf());
            self.before.entry(id).or_insert(Some(placed));
        }
        Ok(())
    }

    /// An article about to be written: the events it reports.
    pub fn article(&mut self, conn: &Connection, a: &Article) -> Result<()> {
        for e in &a.events {
            self.by
                .entry(e.id.clone())
                .or_default()
                .insert(a.file.clone());
            if !self.before.contains_key(&e.id) {
                let placed = conn
                    .prepare_cached(PLACED)?
                    .query_row([&e.id], |r| {
                        Ok(Placed {
                            date: r.get("date_human")?,
                            place: stored_place(r)?,
                        })
                    })
                    .optional()?;
                self.before.insert(e.id.clone(), placed);
            }
        }
        Ok(())
    }

    /// Events the run merged (those it touches: every report of an event comes before its
    /// merge).
    pub fn merged(&mut self, rows: &[MergedEventRow]) {
        for row in rows.iter().filter(|r| self.before.contains_key(&r.id)) {
            self.after.insert(row.id.clone(), row.event.clone());
        }
    }

    /// Once every article is written and merged: the stored events whose date or place
    /// changed, in the order of their ids. An event no article reports any longer is gone,
    /// not changed.
    pub fn changes(self, conn: &Connection) -> Result<Vec<StoredChange>> {
        let mut out = Vec::new();
        for (id, before) in &self.before {
            let (Some(before), Some(after)) = (before, self.after.get(id)) else {
                continue;
            };
            let by: Vec<PathBuf> = self
                .by
                .get(id)
                .map(|files| files.iter().cloned().collect())
                .unwrap_or_default();
            let after = state_of(conn, after, |_| None)?;
            for change in date_and_place(id, before, &after) {
                out.push(StoredChange {
                    change,
                    by: by.clone(),
                });
            }
        }
        Ok(out)
    }
}
