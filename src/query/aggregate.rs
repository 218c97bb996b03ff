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

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;
use rusqlite::Connection;
use serde::Serialize;

use super::filter::{date_range, event_filter, from_day_number, EmptyRange, Filter};
use super::{bind, columns, json_number};
use crate::date::iso;

/// How `aggregate events` groups (the values of its `--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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
    SELECT e.id, e.earliest, e.latest, e.kind, e.place_id, p.name AS place_name",
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

/// A stored `YYYY-MM-DD` day (`FromStr` reads exactly that form, faster than a format string).
fn day(s: Option<&str>) -> Result<Option<NaiveDate>> {
    Ok(match s {
        Some(s) => Some(s.parse::<NaiveDate>()?),
        None => None,
    })
}

fn spans(conn: &Connection, filter: &Filter) -> Result<Vec<Span>> {
    let params = filter.params()?;
    let mut stmt = conn.prepare(SPANS)?;
    let [id, earliest, latest, kind, place_id, place_name] = columns(
        &stmt,
        ["id", "earliest", "latest", "kind", "place_id", "place_name"],
    )?;
    let mut rows = stmt.query(bind(&params).as_slice())?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let place = match (r.get::<_, Option<String>>(place_id)?, r.get(place_name)?) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        };
        out.push(Span {
            id: r.get(id)?,
            earliest: day(r.get_ref(earliest)?.as_str_or_null()?)?,
            latest: day(r.get_ref(latest)?.as_str_or_null()?)?,
            kind: r.get(kind)?,
            place,
        });
    }
    Ok(out)
}

/// Count the events matching `filter` by `by`.
pub fn events(conn: &Connection, filter: &Filter, by: EventsBy) -> Result<EventCounts> {
    if let EventsBy::Month | EventsBy::Year = by {
        let bounds = day_bounds(conn, filter)?;
        return Ok(EventCounts::Time(time_buckets(
            &bounds,
            filter,
            by == EventsBy::Month,
        )?));
    }
    let spans = spans(conn, filter)?;
    Ok(match by {
        EventsBy::Month | EventsBy::Year => unreachable!("counted above"),
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
            let [event, id, name] = columns(&stmt, ["event_id", "id", "name"])?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                of.entry(r.get(event)?)
                    .or_default()
                    .push((r.get(id)?, r.get(name)?));
            }
            EventCounts::Groups(groups(&spans, |s| {
                of.get(&s.id).cloned().unwrap_or_default()
            }))
        }
    })
}

/// The first and last possible day of every event in a date range, when nothing but dates
/// filters (no join, no other condition).
pub(crate) const DAY_BOUNDS: &str = concat!(
    "
    SELECT e.start_day, e.end_day
    FROM events e INDEXED BY events_by_span
    WHERE ",
    date_range!()
);

/// Every event's first and last possible day, when nothing filters at all: read from the
/// `events_by_earliest` index alone (it holds both columns), with no event row and no date
/// arithmetic per row.
pub(crate) const ALL_DAY_BOUNDS: &str =
    "SELECT earliest, latest FROM events INDEXED BY events_by_earliest";

/// The same, for a filter that also names a kind, person or organisation.
pub(crate) const FILTERED_DAY_BOUNDS: &str =
    concat!("SELECT e.start_day, e.end_day", event_filter!());

/// A matching event's first and last possible day; `None` for an open or unknown bound.
type Bounds = (Option<NaiveDate>, Option<NaiveDate>);

fn day_bounds(conn: &Connection, filter: &Filter) -> Result<Vec<Bounds>> {
    if !filter.narrowed() && filter.from.is_none() && filter.to.is_none() {
        let mut stmt = conn.prepare(ALL_DAY_BOUNDS)?;
        let [earliest, latest] = columns(&stmt, ["earliest", "latest"])?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let bound = |i: usize| day(r.get_ref(i)?.as_str_or_null()?);
            out.push((bound(earliest)?, bound(latest)?));
        }
        return Ok(out);
    }
    let mut params = filter.params()?;
    let sql = if !filter.narrowed() {
        // Bind only the date rectangle: the parameters this statement names.
        params.retain(|(name, _)| DAY_BOUNDS.contains(name));
        DAY_BOUNDS
    } else {
        FILTERED_DAY_BOUNDS
    };
    let mut stmt = conn.prepare(sql)?;
    let [start, end] = columns(&stmt, ["start_day", "end_day"])?;
    let mut rows = stmt.query(bind(&params).as_slice())?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let day = |n: Option<i64>| n.and_then(from_day_number);
        out.push((day(r.get(start)?), day(r.get(end)?)));
    }
    Ok(out)
}

/// The bucket holding `d`: months counted from January of year 0, or years.
fn bucket(d: NaiveDate, months: bool) -> i64 {
    if months {
        i64::from(d.year()) * 12 + i64::from(d.month0())
    } else {
        i64::from(d.year())
    }
}

/// A bucket's key: `YYYY-MM` or `YYYY`.
fn bucket_key(b: i64, months: bool) -> String {
    if months {
        format!("{:04}-{:02}", b.div_euclid(12), b.rem_euclid(12) + 1)
    } else {
        format!("{b:04}")
    }
}

/// Month or year buckets from `--from` (or the earliest known day) to `--to` (or the latest),
/// counting each event `within` the one bucket holding both its bounds, or `possible` in every
/// bucket it overlaps. One pass over the events: a possible event adds one where its overlap
/// starts and takes one away after it ends, and a running sum gives each bucket's count.
fn time_buckets(bounds: &[Bounds], filter: &Filter, months: bool) -> Result<Vec<TimeBucket>> {
    let known = bounds.iter().flat_map(|&(a, b)| [a, b]).flatten();
    let (min, max) = known.fold((None, None), |(lo, hi): Bounds, d| {
        (
            Some(lo.map_or(d, |lo| lo.min(d))),
            Some(hi.map_or(d, |hi| hi.max(d))),
        )
    });
    let (Some(first), Some(last)) = (filter.from.or(min), filter.to.or(max)) else {
        return Ok(Vec::new());
    };
    if first > last {
        return Err(EmptyRange { first, last }.into());
    }
    let (b0, b1) = (bucket(first, months), bucket(last, months));
    let n = usize::try_from(b1 - b0 + 1)?;
    let mut within = vec![0u64; n];
    // delta[i]: events whose possible overlap starts at bucket i, less those whose ended before.
    let mut delta = vec![0i64; n + 1];
    for &(a, b) in bounds {
        let lo = a.map_or(i64::MIN, |d| bucket(d, months));
        let hi = b.map_or(i64::MAX, |d| bucket(d, months));
        if hi < b0 || lo > b1 {
            continue;
        }
        if a.is_some() && b.is_some() && lo == hi {
            within[(lo - b0) as usize] += 1;
            continue;
        }
        delta[(lo.max(b0) - b0) as usize] += 1;
        delta[(hi.min(b1) - b0 + 1) as usize] -= 1;
    }
    let mut possible = 0i64;
    Ok(within
        .into_iter()
        .zip(delta)
        .enumerate()
        .map(|(i, (within, d))| {
            possible += d;
            TimeBucket {
                key: bucket_key(b0 + i as i64, months),
                within,
                possible: possible as u64,
            }
        })
        .collect())
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

/// How `aggregate figures` groups (the values of its `--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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

/// Figures of one measure, unit and subject in one group.
#[derive(Debug, Clone, Serialize)]
pub struct FigureTotal {
    /// The event id, month or year (an event not within one bucket keys its own span,
    /// `2023-01/2023-07`, `2023-05/..`), organisation id, or claimant id (the source id when the
    /// article states the figure itself).
    pub key: String,
    pub measure: String,
    pub unit: String,
    /// Whom the figures are about (a person or organisation id); none for figures about the
    /// event as a whole.
    pub about: Option<String>,
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
           coalesce(f.claimed_by_person_id, f.claimed_by_organisation_id) AS claimant,
           f.about_organisation_id, coalesce(f.about_person_id, f.about_organisation_id) AS about,
           f.part_of
    FROM figures f JOIN events e ON e.id = f.event_id
    WHERE (:measure IS NULL OR f.measure = :measure COLLATE NOCASE)
      AND (:unit IS NULL OR f.unit = :unit COLLATE NOCASE)
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, f.event_id, f.measure, f.unit,
        f.source_id, f.id";

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
    // (order, key, measure, unit, subject) -> event -> combined alternative accounts. A figure
    // that is part of another is counted in it.
    type GroupKey = (
        (Option<NaiveDate>, Option<NaiveDate>),
        String,
        String,
        String,
        Option<String>,
    );
    let mut groups: BTreeMap<GroupKey, BTreeMap<String, PerEvent>> = BTreeMap::new();
    let mut stmt = conn.prepare(FIGURES)?;
    let [event_id, earliest_c, latest_c, measure_c, unit_c, value_c, low_c, high_c] = columns(
        &stmt,
        [
            "event_id", "earliest", "latest", "measure", "unit", "value", "low", "high",
        ],
    )?;
    let [qualifier_c, source_c, claimant_c, about_org_c, about_c, part_of_c] = columns(
        &stmt,
        [
            "qualifier",
            "source_id",
            "claimant",
            "about_organisation_id",
            "about",
            "part_of",
        ],
    )?;
    let mut rows = stmt.query(rusqlite::named_params! {
        ":measure": filter.measure,
        ":unit": filter.unit,
    })?;
    while let Some(r) = rows.next()? {
        let event: String = r.get(event_id)?;
        let earliest = day(r.get_ref(earliest_c)?.as_str_or_null()?)?;
        let latest = day(r.get_ref(latest_c)?.as_str_or_null()?)?;
        let measure: String = r.get(measure_c)?;
        let unit: String = r.get(unit_c)?;
        let qualifier: String = r.get(qualifier_c)?;
        let source: String = r.get(source_c)?;
        let claimant: Option<String> = r.get(claimant_c)?;
        let about_org: Option<String> = r.get(about_org_c)?;
        let about: Option<String> = r.get(about_c)?;
        let part_of: Option<String> = r.get(part_of_c)?;
        if part_of.is_some() {
            continue;
        }
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
        let (lo, hi) = interval(&qualifier, r.get(value_c)?, r.get(low_c)?, r.get(high_c)?);
        let e = groups
            .entry((order, key, measure, unit, about))
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
    let mut index: BTreeMap<(String, String, String, Option<String>), usize> = BTreeMap::new();
    for ((_, key, measure, unit, about), events) in groups {
        let (mut low, mut high, mut figures) = (0.0, Some(0.0), 0);
        let mut sources = BTreeSet::new();
        for e in events.into_values() {
            low += e.low;
            high = high.zip(e.high).map(|(a, b)| a + b);
            figures += e.figures;
            sources.extend(e.sources);
        }
        let overflow =
            |low: f64, high: Option<f64>| !low.is_finite() || high.is_some_and(|h| !h.is_finite());
        let id = (key.clone(), measure.clone(), unit.clone(), about.clone());
        let before = index
            .get(&id)
            .map(|&i| {
                let t = &merged[i];
                let f = |n: &Option<serde_json::Number>| n.as_ref().and_then(|n| n.as_f64());
                (
                    f(&t.low).unwrap_or(0.0),
                    t.high.as_ref().map(|_| f(&t.high).unwrap_or(0.0)),
                )
            })
            .unwrap_or((0.0, Some(0.0)));
        if overflow(low, high) || overflow(before.0 + low, before.1.zip(high).map(|(a, b)| a + b)) {
            anyhow::bail!(
                "the {measure} {unit} figures of {key} add up to more than the largest number \
                 annals can hold (about 1.8e308); no total is given"
            );
        }
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
                    about,
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
    use chrono::Months;
    use proptest::prelude::*;

    /// Buckets counted the plain way, each bucket against every event: the reference.
    fn time_buckets_by_scan(bounds: &[Bounds], filter: &Filter, months: bool) -> Vec<TimeBucket> {
        let known = bounds.iter().flat_map(|&(a, b)| [a, b]).flatten();
        let first = filter.from.or_else(|| known.clone().min());
        let last = filter.to.or_else(|| known.max());
        let (Some(first), Some(last)) = (first, last) else {
            return Vec::new();
        };
        let step = Months::new(if months { 1 } else { 12 });
        let mut start =
            NaiveDate::from_ymd_opt(first.year(), if months { first.month() } else { 1 }, 1)
                .unwrap();
        let mut out = Vec::new();
        while start <= last {
            let next = start + step;
            let end = next.pred_opt().unwrap();
            let (mut within, mut possible) = (0, 0);
            for &(a, b) in bounds {
                let inside = matches!((a, b), (Some(a), Some(b)) if a >= start && b <= end);
                let overlaps = a.is_none_or(|a| a <= end) && b.is_none_or(|b| b >= start);
                if inside {
                    within += 1;
                } else if overlaps {
                    possible += 1;
                }
            }
            let key = start
                .format(if months { "%Y-%m" } else { "%Y" })
                .to_string();
            out.push(TimeBucket {
                key,
                within,
                possible,
            });
            start = next;
        }
        out
    }

    fn bounds_strategy() -> impl Strategy<Value = Vec<Bounds>> {
        let base = NaiveDate::from_ymd_opt(1999, 11, 20).unwrap();
        let event = (0u64..2000, 0u64..500, 0u8..10).prop_map(move |(start, len, open)| {
            let a = base + chrono::Days::new(start);
            let b = a + chrono::Days::new(len * (len % 3));
            match open {
                0 => (None, Some(b)),
                1 => (Some(a), None),
                2 => (None, None),
                _ => (Some(a), Some(b)),
            }
        });
        prop::collection::vec(event, 0..60)
    }

    proptest! {
        #[test]
        fn buckets_by_running_sum_match_buckets_by_scan(
            bounds in bounds_strategy(),
            from in prop::option::of(0u64..2500),
            len in 0u64..1500,
            months in any::<bool>(),
        ) {
            let base = NaiveDate::from_ymd_opt(1999, 6, 3).unwrap();
            let from = from.map(|f| base + chrono::Days::new(f));
            let filter = Filter {
                from,
                to: from.map(|f| f + chrono::Days::new(len)),
                ..Filter::default()
            };
            let got = time_buckets(&bounds, &filter, months).unwrap();
            let want = time_buckets_by_scan(&bounds, &filter, months);
            let pairs = |v: &[TimeBucket]| -> Vec<(String, u64, u64)> {
                v.iter().map(|b| (b.key.clone(), b.within, b.possible)).collect()
            };
            prop_assert_eq!(pairs(&got), pairs(&want));
        }
    }

    /// With no filter, the bounds come from `events_by_earliest` alone; they are every event's,
    /// as the date index gives them for a range that every event overlaps.
    #[test]
    fn unfiltered_bounds_are_every_events_from_the_earliest_index_alone() {
        let conn = crate::db::open_in_memory().unwrap();
        conn.execute(
            "INSERT INTO sources (id, title, publisher, published) \
             VALUES ('s', 't', 'p', '2024-01-01')",
            [],
        )
        .unwrap();
        let base = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap();
        for i in 0..400u64 {
            let a = base + chrono::Days::new(i * 97 % 27_000);
            let b = a + chrono::Days::new(i * i % 5_000);
            let (a, b) = match i % 9 {
                0 => (None, Some(b)),
                1 => (Some(a), None),
                2 => (None, None),
                _ => (Some(a), Some(b)),
            };
            conn.execute(
                "INSERT INTO events (id, kind, title, date, earliest, latest, precision, \
                 date_human, source_id) VALUES (?1, 'k', 't', 'x', ?2, ?3, 'day', 'x', 's')",
                rusqlite::params![format!("e{i}"), a.map(iso), b.map(iso)],
            )
            .unwrap();
        }
        let mut all = day_bounds(&conn, &Filter::default()).unwrap();
        let everything = Filter {
            from: NaiveDate::from_ymd_opt(1, 1, 1),
            to: NaiveDate::from_ymd_opt(9999, 12, 31),
            ..Filter::default()
        };
        let mut ranged = day_bounds(&conn, &everything).unwrap();
        assert_eq!(all.len(), 400);
        all.sort();
        ranged.sort();
        assert_eq!(all, ranged);
        let plan: String = conn
            .query_row(&format!("EXPLAIN QUERY PLAN {ALL_DAY_BOUNDS}"), [], |r| {
                r.get(3)
            })
            .unwrap();
        assert_eq!(plan, "SCAN events USING COVERING INDEX events_by_earliest");
    }

    #[test]
    fn bucket_keys_round_trip() {
        for d in ["0000-01-01", "0999-12-31", "2023-05-19", "9999-12-31"] {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            assert_eq!(
                bucket_key(bucket(d, true), true),
                d.format("%Y-%m").to_string()
            );
            assert_eq!(
                bucket_key(bucket(d, false), false),
                d.format("%Y").to_string()
            );
        }
    }

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
