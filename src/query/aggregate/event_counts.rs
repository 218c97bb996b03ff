//! `aggregate events`: events counted in month or year buckets (`within` or `possible`), or
//! grouped by kind, person, organisation or place with their first and last days.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;
use rusqlite::Connection;
use serde::Serialize;

use super::day;
use crate::date::iso;
use crate::query::filter::{date_range, from_day_number, planned, EmptyRange, EventQuery, Filter};
use crate::query::{bind, columns};

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
struct Counted {
    id: String,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    kind: String,
    place: Option<(String, String)>,
}

pub(crate) const SPANS: EventQuery = planned!(
    "
    SELECT e.id, e.earliest, e.latest, e.kind, e.place_id, p.name AS place_name";
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

fn spans(conn: &Connection, filter: &Filter) -> Result<Vec<Counted>> {
    let params = filter.params()?;
    let mut stmt = conn.prepare(SPANS.sql(filter))?;
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
        out.push(Counted {
            id: r.get(id)?,
            earliest: day(r.get_ref(earliest)?.as_str_or_null()?)?,
            latest: day(r.get_ref(latest)?.as_str_or_null()?)?,
            kind: r.get(kind)?,
            place,
        });
    }
    Ok(out)
}

/// Which months or years time buckets cover when `--from` or `--to` does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cover {
    /// From the first to the last bucket some event certainly falls in (both its bounds in the
    /// bucket): an open-ended or long span adds no bucket of its own. With no such event, as
    /// `Possible`.
    #[default]
    Certain,
    /// From the first known day of any event to the last: every bucket a span may cover.
    Possible,
}

/// Count the events matching `filter` by `by`; time buckets over the range `cover` says.
pub fn events(
    conn: &Connection,
    filter: &Filter,
    by: EventsBy,
    cover: Cover,
) -> Result<EventCounts> {
    if let EventsBy::Month | EventsBy::Year = by {
        let bounds = day_bounds(conn, filter)?;
        return Ok(EventCounts::Time(time_buckets(
            &bounds,
            filter,
            by == EventsBy::Month,
            cover,
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
pub(crate) const FILTERED_DAY_BOUNDS: EventQuery = planned!("SELECT e.start_day, e.end_day"; "");

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
        FILTERED_DAY_BOUNDS.sql(filter)
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

/// Month or year buckets from `--from` (or the first bucket of the range `cover` says) to `--to`
/// (or its last), counting each event `within` the one bucket holding both its bounds, or
/// `possible` in every bucket it overlaps. One pass over the events: a possible event adds one
/// where its overlap starts and takes one away after it ends, and a running sum gives each
/// bucket's count.
fn time_buckets(
    bounds: &[Bounds],
    filter: &Filter,
    months: bool,
    cover: Cover,
) -> Result<Vec<TimeBucket>> {
    // The days that set the range: those of events that certainly fall in one bucket, or (for
    // `Possible`, or when there are none) every known day.
    let certain: Vec<NaiveDate> = match cover {
        Cover::Certain => bounds
            .iter()
            .filter_map(|&(a, b)| match (a, b) {
                (Some(a), Some(b)) if bucket(a, months) == bucket(b, months) => Some(a),
                _ => None,
            })
            .collect(),
        Cover::Possible => Vec::new(),
    };
    let known: Vec<NaiveDate> = if certain.is_empty() {
        bounds.iter().flat_map(|&(a, b)| [a, b]).flatten().collect()
    } else {
        certain
    };
    let (min, max) = known.into_iter().fold((None, None), |(lo, hi): Bounds, d| {
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

fn groups(spans: &[Counted], keys: impl Fn(&Counted) -> Vec<(String, String)>) -> Vec<Group> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Months;
    use proptest::prelude::*;

    /// Buckets counted the plain way, each bucket against every event: the reference.
    fn time_buckets_by_scan(
        bounds: &[Bounds],
        filter: &Filter,
        months: bool,
        cover: Cover,
    ) -> Vec<TimeBucket> {
        let same = |a: NaiveDate, b: NaiveDate| {
            a.year() == b.year() && (!months || a.month() == b.month())
        };
        let certain: Vec<NaiveDate> = bounds
            .iter()
            .filter(|_| cover == Cover::Certain)
            .filter_map(|&(a, b)| a.zip(b).filter(|&(a, b)| same(a, b)).map(|(a, _)| a))
            .collect();
        let known: Vec<NaiveDate> = if certain.is_empty() {
            bounds.iter().flat_map(|&(a, b)| [a, b]).flatten().collect()
        } else {
            certain
        };
        let first = filter.from.or_else(|| known.iter().min().copied());
        let last = filter.to.or_else(|| known.iter().max().copied());
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
            possible in any::<bool>(),
        ) {
            let cover = if possible { Cover::Possible } else { Cover::Certain };
            let base = NaiveDate::from_ymd_opt(1999, 6, 3).unwrap();
            let from = from.map(|f| base + chrono::Days::new(f));
            let filter = Filter {
                from,
                to: from.map(|f| f + chrono::Days::new(len)),
                ..Filter::default()
            };
            let got = time_buckets(&bounds, &filter, months, cover).unwrap();
            let want = time_buckets_by_scan(&bounds, &filter, months, cover);
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
}
