//! Counting events and adding up figures, honest about fuzzy dates and about sources that
//! disagree.
//!
//! Events in time buckets: an event is `within` a bucket when both its bounds lie inside it, and
//! `possible` when it only overlaps it (an open bound overlaps everything on its side). A
//! year-precision event is therefore possible in each month of its year and within none.
//!
//! Figures: each figure is read as an interval: `exact` and `approximately` v as [v, v] (an
//! approximate figure is its own value, not widened), a range as [low, high], `at_least` v as
//! [v, open), `at_most` v as [0, v]. Figures are grouped by measure, unit and subject (`about`):
//! "11 Italian soldiers injured" and "30 KFOR soldiers injured" are two numbers, in two rows, and a
//! figure `part_of` another is counted in it, not again. Figures for the same event, measure, unit
//! and subject are alternative accounts of one number, from one source or several: they are never
//! added; their low is the lowest low and their high the highest high (open if any is open). Only
//! then are events added up within a bucket (month, organisation, claimant ...): lows to lows,
//! highs to highs.

pub mod event_counts;
pub mod figure_totals;

use anyhow::Result;
use chrono::NaiveDate;

pub use event_counts::{events, Cover, EventCounts, EventsBy, Group, TimeBucket};
pub use figure_totals::{figures, FigureFilter, FigureTotal, FiguresBy};

/// A stored `YYYY-MM-DD` day (`FromStr` reads exactly that form, faster than a format string).
fn day(s: Option<&str>) -> Result<Option<NaiveDate>> {
    Ok(match s {
        Some(s) => Some(s.parse::<NaiveDate>()?),
        None => None,
    })
}
