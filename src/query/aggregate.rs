//! Counting events and adding up figures, honest about fuzzy dates and about sources that
//! disagree.
//!
//! Events in time buckets: an event is `within` a bucket when both its bounds lie inside it, and
//! `possible` when it only overlaps it (an open bound overlaps everything on its side). A
//! year-precision event is therefore possible in each month of its year and within none.
//!
//! Figures: each figure is read as an interval: `exact` and `approximately` v as [v, v] (an
//! approximate figure is its own value, not widened), a range as [low, high], `at_least` v as
//! [v, open), `at_most` v as [0, v]. Figures for the same event, measure and unit are alternative
//! accounts of one number, from one source or several: they are never added; the event's low is
//! the lowest low and its high the highest high (open if any is open). Only then are events added
//! up within a bucket (month, organisation, claimant ...): lows to lows, highs to highs.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use super::timeline::{event_filter, iso, Filter};
use super::{bind, json_number};

/// How `aggregate events` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventsBy {
    Month,
    Year,
    Kind,
    Person,
    Organisation,
    Place,
}

/// A time bucket's counts.
#[derive(Debug, Clone, Serialize)]
pub struct TimeBucket {
    /// `YYYY-MM` or `YYYY`.
    pub key: String,
    /// Events whose every possible day lies in the bucket.
    pub within: u64,
    /// Events that may fall in the bucket but may also lie outside it.
    pub possible: u64,
}

/// A group's counts: one kind, person, organisation or place.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub events: u64,
    /// The earliest possible day of the group's events; none when one of them has no known start.
    pub first: Option<String>,
    /// The latest possible day of the group's events; none when one of them has an open end.
    pub last: Option<String>,
}

/// Rows of `aggregate events`: time buckets or groups.
#[derive(Debug, Clone)]
pub enum EventCounts {
    Time(Vec<TimeBucket>),
    Groups(Vec<Group>),
}

/// An event as the aggregates need it.
#[derive(Debug, Clone)]
struct Span {
    id: String,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    kind: String,
    place: Option<(String, String)>,
}

pub(crate) const SPANS: &str = concat!(
    "
    SELECT e.id, e.earliest, e.latest, e.kind, e.place_id, p.name",
    event_filter!(),
    "
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id"
);

/// Each event's people (`:person`) or organisations, once each.
const PEOPLE_OF_EVENTS: &str = "
    SELECT DISTINCT ep.event_id, p.id, p.name
    FROM event_participants ep JOIN people p ON p.id = ep.person_id";
const ORGANISATIONS_OF_EVENTS: &str = "
    SELECT DISTINCT ep.event_id, o.id, o.name
    FROM event_participants ep JOIN organisations o ON o.id = ep.organisation_id";

fn day(s: Option<String>) -> Result<Option<NaiveDate>> {
    Ok(match s {
        Some(s) => Some(NaiveDate::parse_from_str(&s, "%Y-%m-%d")?),
        None => None,
    })
}

fn spans(conn: &Connection, filter: &Filter) -> Result<Vec<Span>> {
    let params = filter.params(conn)?;
    let mut stmt = conn.prepare(SPANS)?;
    let mut rows = stmt.query(bind(&params).as_slice())?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let place = match (r.get::<_, Option<String>>(4)?, r.get(5)?) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        };
        out.push(Span {
            id: r.get(0)?,
            earliest: day(r.get(1)?)?,
            latest: day(r.get(2)?)?,
            kind: r.get(3)?,
            place,
        });
    }
    Ok(out)
}

/// Count the events matching `filter` by `by`.
pub fn events(conn: &Connection, filter: &Filter, by: EventsBy) -> Result<EventCounts> {
    let spans = spans(conn, filter)?;
    Ok(match by {
        EventsBy::Month => EventCounts::Time(time_buckets(&spans, filter, true)?),
        EventsBy::Year => EventCounts::Time(time_buckets(&spans, filter, false)?),
        EventsBy::Kind => {
            EventCounts::Groups(groups(&spans, |s| vec![(s.kind.clone(), s.kind.clone())]))
        }
        EventsBy::Place => {
            EventCounts::Groups(groups(&spans, |s| s.place.iter().cloned().collect()))
        }
        EventsBy::Person | EventsBy::Organisation => {
            let sql = if by == EventsBy::Person {
                PEOPLE_OF_EVENTS
            } else {
                ORGANISATIONS_OF_EVENTS
            };
            let mut of: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                of.entry(r.get(0)?)
                    .or_default()
                    .push((r.get(1)?, r.get(2)?));
            }
            EventCounts::Groups(groups(&spans, |s| {
                of.get(&s.id).cloned().unwrap_or_default()
            }))
        }
    })
}

/// The first day of the month or year holding `d`.
fn bucket_start(d: NaiveDate, months: bool) -> NaiveDate {
    let m = if months { d.month() } else { 1 };
    NaiveDate::from_ymd_opt(d.year(), m, 1).expect("first of a month")
}

fn time_buckets(spans: &[Span], filter: &Filter, months: bool) -> Result<Vec<TimeBucket>> {
    let known = |s: &Span| [s.earliest, s.latest].into_iter().flatten();
    let first = filter.from.or_else(|| spans.iter().flat_map(known).min());
    let last = filter.to.or_else(|| spans.iter().flat_map(known).max());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    if first > last {
        bail!("--from {first} is later than --to {last}");
    }
    let step = Months::new(if months { 1 } else { 12 });
    let mut out = Vec::new();
    let mut start = bucket_start(first, months);
    while start <= last {
        let next = start + step;
        let end = next.pred_opt().expect("a day before");
        let (mut within, mut possible) = (0, 0);
        for s in spans {
            let inside =
                matches!((s.earliest, s.latest), (Some(a), Some(b)) if a >= start && b <= end);
            let overlaps =
                s.earliest.is_none_or(|a| a <= end) && s.latest.is_none_or(|b| b >= start);
            if inside {
                within += 1;
            } else if overlaps {
                possible += 1;
            }
        }
        let key = if months {
            start.format("%Y-%m").to_string()
        } else {
            start.format("%Y").to_string()
        };
        out.push(TimeBucket {
            key,
            within,
            possible,
        });
        start = next;
    }
    Ok(out)
}

fn groups(spans: &[Span], keys: impl Fn(&Span) -> Vec<(String, String)>) -> Vec<Group> {
    // key -> (name, events, earliest (None: unknown), latest (None: open), any unknown, any open)
    struct Acc {
        name: String,
        events: u64,
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
        unknown_start: bool,
        open_end: bool,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for s in spans {
        for (key, name) in keys(s) {
            let a = acc.entry(key).or_insert(Acc {
                name,
                events: 0,
                first: None,
                last: None,
                unknown_start: false,
                open_end: false,
            });
            a.events += 1;
            match s.earliest {
                Some(d) => a.first = Some(a.first.map_or(d, |f| f.min(d))),
                None => a.unknown_start = true,
            }
            match s.latest {
                Some(d) => a.last = Some(a.last.map_or(d, |l| l.max(d))),
                None => a.open_end = true,
            }
        }
    }
    let mut out: Vec<Group> = acc
        .into_iter()
        .map(|(key, a)| Group {
            key,
            name: a.name,
            events: a.events,
            first: a.first.filter(|_| !a.unknown_start).map(iso),
            last: a.last.filter(|_| !a.open_end).map(iso),
        })
        .collect();
    // Most events first; then by first day (unknown first) and key, so the order is stable.
    out.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| a.first.cmp(&b.first))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// How `aggregate figures` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiguresBy {
    Event,
    Month,
    Year,
    Organisation,
    ClaimedBy,
}

/// Which figures to add up.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    pub measure: Option<String>,
    pub unit: Option<String>,
}

/// Figures of one measure and unit in one group.
#[derive(Debug, Clone, Serialize)]
pub struct FigureTotal {
    /// The event id, month or year (an event not within one bucket keys its own span,
    /// `2023-01/2023-07`, `2023-05/..`), organisation id, or claimant id (the source id when the
    /// article states the figure itself).
    pub key: String,
    pub measure: String,
    pub unit: String,
    pub low: Option<serde_json::Number>,
    /// None when a figure is open above (`at_least`).
    pub high: Option<serde_json::Number>,
    /// How many figures were read.
    pub figures: u64,
    /// The sources that gave them.
    pub sources: Vec<String>,
}

/// Every figure, from every source, with its event's bounds.
const FIGURES: &str = "
    SELECT f.event_id, e.earliest, e.latest, f.measure, f.unit, f.value, f.low, f.high,
           f.qualifier, f.source_id,
           coalesce(f.claimed_by_person_id, f.claimed_by_organisation_id),
           f.about_organisation_id
    FROM figures f JOIN events e ON e.id = f.event_id
    WHERE (:measure IS NULL OR f.measure = :measure COLLATE NOCASE)
      AND (:unit IS NULL OR f.unit = :unit COLLATE NOCASE)
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, f.event_id, f.measure, f.unit, f.id";

/// A figure read as an interval: [low, high], high `None` when open.
pub fn interval(
    qualifier: &str,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
) -> (f64, Option<f64>) {
    let (lo, hi) = match value {
        Some(v) => (v, v),
        None => (low.unwrap_or(0.0), high.unwrap_or(0.0)),
    };
    match qualifier {
        "at_least" => (lo, None),
        "at_most" => (0.0, Some(hi)),
        _ => (lo, Some(hi)),
    }
}

/// The bucket label of an event: `2023-05` when it lies within one month, else its span.
fn span_key(earliest: Option<NaiveDate>, latest: Option<NaiveDate>, months: bool) -> String {
    let fmt = if months { "%Y-%m" } else { "%Y" };
    let label = |d: Option<NaiveDate>| d.map_or("..".to_string(), |d| d.format(fmt).to_string());
    let (a, b) = (label(earliest), label(latest));
    if a == b && earliest.is_some() {
        a
    } else {
        format!("{a}/{b}")
    }
}

/// Add up figures by `by`, following the rules in this module's documentation.
pub fn figures(
    conn: &Connection,
    filter: &FigureFilter,
    by: FiguresBy,
) -> Result<Vec<FigureTotal>> {
    #[derive(Default)]
    struct PerEvent {
        low: f64,
        high: Option<f64>,
        figures: u64,
        sources: BTreeSet<String>,
        started: bool,
    }
    // (order, key, measure, unit) -> event -> combined alternative accounts
    type GroupKey = (
        (Option<NaiveDate>, Option<NaiveDate>),
        String,
        String,
        String,
    );
    let mut groups: BTreeMap<GroupKey, BTreeMap<String, PerEvent>> = BTreeMap::new();
    let mut stmt = conn.prepare(FIGURES)?;
    let mut rows = stmt.query(rusqlite::named_params! {
        ":measure": filter.measure,
        ":unit": filter.unit,
    })?;
    while let Some(r) = rows.next()? {
        let event: String = r.get(0)?;
        let earliest = day(r.get(1)?)?;
        let latest = day(r.get(2)?)?;
        let measure: String = r.get(3)?;
        let unit: String = r.get(4)?;
        let qualifier: String = r.get(8)?;
        let source: String = r.get(9)?;
        let claimant: Option<String> = r.get(10)?;
        let about_org: Option<String> = r.get(11)?;
        let (order, key) = match by {
            FiguresBy::Event => ((earliest, latest), event.clone()),
            FiguresBy::Month => ((earliest, latest), span_key(earliest, latest, true)),
            FiguresBy::Year => ((earliest, latest), span_key(earliest, latest, false)),
            FiguresBy::Organisation => match about_org {
                Some(org) => ((None, None), org),
                None => continue,
            },
            FiguresBy::ClaimedBy => ((None, None), claimant.unwrap_or_else(|| source.clone())),
        };
        let (lo, hi) = interval(&qualifier, r.get(5)?, r.get(6)?, r.get(7)?);
        let e = groups
            .entry((order, key, measure, unit))
            .or_default()
            .entry(event)
            .or_default();
        if e.started {
            e.low = e.low.min(lo);
            e.high = match (e.high, hi) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        } else {
            (e.low, e.high, e.started) = (lo, hi, true);
        }
        e.figures += 1;
        e.sources.insert(source);
    }
    // A month key can come from events of different spans: merge by key, keeping first order.
    let mut merged: Vec<FigureTotal> = Vec::new();
    let mut index: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for ((_, key, measure, unit), events) in groups {
        let (mut low, mut high, mut figures) = (0.0, Some(0.0), 0);
        let mut sources = BTreeSet::new();
        for e in events.into_values() {
            low += e.low;
            high = high.zip(e.high).map(|(a, b)| a + b);
            figures += e.figures;
            sources.extend(e.sources);
        }
        let id = (key.clone(), measure.clone(), unit.clone());
        match index.get(&id) {
            Some(&i) => {
                let t = &mut merged[i];
                let old_low = t.low.as_ref().and_then(|n| n.as_f64()).unwrap_or(0.0);
                t.low = json_number(old_low + low);
                t.high = t
                    .high
                    .as_ref()
                    .and_then(|n| n.as_f64())
                    .zip(high)
                    .and_then(|(a, b)| json_number(a + b));
                t.figures += figures;
                let mut all: BTreeSet<String> = t.sources.drain(..).collect();
                all.extend(sources);
                t.sources = all.into_iter().collect();
            }
            None => {
                index.insert(id, merged.len());
                merged.push(FigureTotal {
                    key,
                    measure,
                    unit,
                    low: json_number(low),
                    high: high.and_then(json_number),
                    figures,
                    sources: sources.into_iter().collect(),
                });
            }
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_as_intervals() {
        assert_eq!(
            interval("exact", Some(93.0), None, None),
            (93.0, Some(93.0))
        );
        assert_eq!(
            interval("approximately", Some(500.0), None, None),
            (500.0, Some(500.0))
        );
        assert_eq!(interval("at_least", Some(6.0), None, None), (6.0, None));
        assert_eq!(interval("at_most", Some(6.0), None, None), (0.0, Some(6.0)));
        assert_eq!(
            interval("exact", None, Some(52.0), Some(80.0)),
            (52.0, Some(80.0))
        );
    }

    #[test]
    fn span_keys() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(span_key(d("2023-05-01"), d("2023-05-31"), true), "2023-05");
        assert_eq!(
            span_key(d("2023-01-19"), d("2023-07-19"), true),
            "2023-01/2023-07"
        );
        assert_eq!(span_key(d("2023-05-01"), None, true), "2023-05/..");
        assert_eq!(span_key(d("2023-01-19"), d("2023-07-19"), false), "2023");
    }
}
