//! Events whose reports disagree, from the `conflicts` view: one row per pair of reports that
//! give different dates (no day in common), places of which neither lies within the other, or
//! claims for the same thing that no count satisfies both of (a claimant's revised figure is no
//! disagreement), for the events a [`Filter`] selects, in the timeline's order.

use anyhow::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::filter::{planned, EventQuery, Filter};
use crate::db::each_row;

/// Two reports of one event that disagree.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conflict {
    pub event_id: String,
    pub event_title: String,
    /// `date`, `place` (each value a place's id) or `figure`.
    pub about: String,
    /// The figures' unit and measure (None for a date).
    pub unit: Option<String>,
    pub measure: Option<String>,
    /// The article with the smaller id, its publisher, who it says makes the claim (none when
    /// the article states it itself, and for a date) and what it says.
    pub source_a: String,
    pub publisher_a: String,
    pub claimant_a: Option<String>,
    pub value_a: String,
    /// The other article, its publisher, its claimant and what it says.
    pub source_b: String,
    pub publisher_b: String,
    pub claimant_b: Option<String>,
    pub value_b: String,
}

/// The conflicts of the events the filter selects: events in chronological order, then by what
/// they disagree on and the two articles' ids (every column, so that the order is the record's).
const CONFLICTS: EventQuery = planned!(
    "
    SELECT c.event_id, c.event_title, c.about, c.unit, c.measure,
           c.source_a, sa.publisher AS publisher_a, c.claimant_a, c.value_a, c.source_b,
           sb.publisher AS publisher_b, c.claimant_b, c.value_b
    FROM conflicts c
    JOIN sources sa ON sa.id = c.source_a
    JOIN sources sb ON sb.id = c.source_b
    JOIN (SELECT e.id, e.earliest, e.latest";
    "
    ) f ON f.id = c.event_id
    ORDER BY f.earliest NULLS FIRST, f.latest NULLS LAST, f.id, c.about, c.unit, c.measure,
             c.source_a, c.source_b, c.value_a, c.value_b"
);

/// Call `each` with every conflict of the events matching `filter`.
pub fn conflicts(
    conn: &Connection,
    filter: &Filter,
    each: impl FnMut(Conflict) -> Result<()>,
) -> Result<()> {
    let params = filter.params()?;
    let mut stmt = conn.prepare_cached(CONFLICTS.sql(filter))?;
    each_row(&mut stmt, super::bind(&params).as_slice(), each)
}
