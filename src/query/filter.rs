//! Which events a query asks for: the [`Filter`], the SQL fragments that select its events
//! (`event_filter!`, `date_range!`), and the day numbers of the date index ([`DayRect`],
//! [`day_number`]).

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// First day of the range (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day of the range (inclusive).
    pub to: Option<NaiveDate>,
    /// Only events certainly inside the range; otherwise every event that may fall in it.
    pub within: bool,
    /// Only events of one of these kinds (as stored: `--kind` resolves a word to them).
    pub kinds: Option<Vec<String>>,
    /// A person's id: only events they took part in.
    pub person: Option<String>,
    /// An organisation's id: only events it took part in.
    pub org: Option<String>,
    /// A place's id: only events some report of which places there or in a place within it
    /// (followed down the chain). An event there by its own place is found too: its place is
    /// some report's, or (disputed) one every report's place lies within.
    pub place: Option<String>,
    /// Source ids: only events one of these articles reports.
    pub sources: Option<Vec<String>>,
    /// An FTS5 query: only events whose title or summary, or one of whose quotes or figure
    /// texts, matches it.
    pub text: Option<String>,
    /// Only the event with this id.
    pub id: Option<String>,
    /// Only events whose area may meet this window on the map (with `within`, whose area lies
    /// inside it).
    pub area: Option<crate::geo::Window>,
}

/// A date range whose first day is after its last: the query answers nothing for it, and the
/// command that read the range words the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the range from {first} to {last} is empty")]
pub struct EmptyRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Where an event matching a [`Filter`] comes from and the conditions it meets, with the
/// parameters `:start_min`, `:start_max`, `:end_min`, `:end_max` (a [`DayRect`]), `:kinds`
/// and `:sources` (JSON arrays), `:person`, `:org`, `:place` and `:text`, and those of a window
/// on the map ([`Filter::area_params`]), over `events e`, `places p` and `event_geo g`.
///
/// Two plans, one query each ([`EventQuery`]):
/// - `event_filter!()` walks the date range in the `events_by_span` index (migration V6): each
///   class of events by length is one range of it, so both bounds of the overlap test come
///   from the index ([`date_range!`]). `INDEXED BY` makes a plan that would scan `events`
///   instead an error. A window on the map is then the set of events the R*Tree gives.
/// - `event_filter!(by_area)`, for a filter with a window on the map: the R*Tree of event areas
///   (`event_area`, migration V14) is searched first and each event it gives is checked against
///   the rest, so a query costs what the window holds, not what the record holds (the date
///   range is then a test of each of those events).
macro_rules! event_filter {
    () => {
        concat!(
            "
    FROM events e INDEXED BY events_by_span",
            crate::query::filter::event_conditions!(),
            "
      AND (:area_mode IS NULL OR (
            e.rowid IN (SELECT a.id FROM event_area a WHERE ",
            crate::query::filter::area_bounds!(),
            ")
            AND ",
            crate::query::filter::area_exact!(),
            "))"
        )
    };
    (by_area) => {
        concat!(
            "
    FROM event_area a CROSS JOIN events e ON e.rowid = a.id",
            crate::query::filter::event_conditions!(),
            "
      AND ",
            crate::query::filter::area_bounds!(),
            "
      AND ",
            crate::query::filter::area_exact!()
        )
    };
}
pub(crate) use event_filter;

/// The joins and conditions every plan of [`event_filter!`] shares.
macro_rules! event_conditions {
    () => {
        concat!(
            "
    LEFT JOIN places p ON p.id = e.place_id
    LEFT JOIN event_geo g ON g.event_id = e.id
    WHERE (",
            crate::query::filter::date_range!(),
            ")
      AND (:kinds IS NULL OR e.kind IN (SELECT value FROM json_each(:kinds)))
      AND (:place IS NULL OR e.id IN (
            WITH RECURSIVE inside(id) AS (
                SELECT :place
                UNION SELECT pw.id FROM places pw JOIN inside ON pw.within_id = inside.id)
            SELECT es.event_id FROM event_sources es WHERE es.place_id IN (SELECT id FROM inside)))
      AND (:sources IS NULL OR EXISTS (SELECT 1 FROM event_sources es
                                        WHERE es.event_id = e.id
                                          AND es.source_id IN (SELECT value FROM json_each(:sources))))
      AND (:text IS NULL
           OR e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :text)
           OR e.id IN (SELECT q.event_id FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
                       WHERE quotes_fts MATCH :text)
           OR e.id IN (SELECT f.event_id FROM figures_fts JOIN figures f ON f.id = figures_fts.rowid
                       WHERE figures_fts MATCH :text))
      AND (:person IS NULL OR EXISTS (SELECT 1 FROM event_participants ep
                                       WHERE ep.event_id = e.id AND ep.person_id = :person))
      AND (:org IS NULL OR EXISTS (SELECT 1 FROM event_participants ep
                                    WHERE ep.event_id = e.id AND ep.organisation_id = :org))"
        )
    };
}
pub(crate) use event_conditions;

/// The R*Tree's prefilter: each side of an event's box `a` within the bounds the window gives it.
macro_rules! area_bounds {
    () => {
        "a.west BETWEEN :west_min AND :west_max
                          AND a.east BETWEEN :east_min AND :east_max
                          AND a.south BETWEEN :south_min AND :south_max
                          AND a.north BETWEEN :north_min AND :north_max"
    };
}
pub(crate) use area_bounds;

/// The exact test of an event's area `g` against the window (a great circle for `--near`).
macro_rules! area_exact {
    () => {
        "annals_in_window(:area_mode, :area_1, :area_2, :area_3, :area_4,
                                 g.west, g.south, g.east, g.north)"
    };
}
pub(crate) use area_exact;

/// A query over a filter's events in both plans of [`event_filter!`]: `by_date` walks the date
/// index, `by_area` the R*Tree of event areas.
#[derive(Debug, Clone, Copy)]
pub struct EventQuery {
    pub by_date: &'static str,
    pub by_area: &'static str,
}

impl EventQuery {
    /// The plan for `filter`: by area when it has a window on the map (the R*Tree then gives at
    /// most the events the window may hold, whatever the dates), else by date.
    pub fn sql(&self, filter: &Filter) -> &'static str {
        if filter.area.is_some() {
            self.by_area
        } else {
            self.by_date
        }
    }
}

/// A [`EventQuery`] query: `planned!(before...; after...)` puts each plan of [`event_filter!`]
/// between the same SQL before and after it.
macro_rules! planned {
    ($($before:expr),*; $($after:expr),*) => {
        crate::query::filter::EventQuery {
            by_date: concat!($($before,)* crate::query::filter::event_filter!(), $($after),*),
            by_area: concat!($($before,)* crate::query::filter::event_filter!(by_area), $($after),*),
        }
    };
}
pub(crate) use planned;

/// The events `e` whose (first day, last day) lies in the [`DayRect`] `:start_min`..`:start_max`
/// by `:end_min`..`:end_max`, one term per `span_class` (migration V6), each a range of
/// `events_by_span`. An event of class c in 1..=8 lasts fewer than 4^c days, so its start is
/// after `:end_min` - 4^c; class 9 has no such bound. Open bounds are the day numbers
/// [`OPEN_START`] and [`OPEN_END`], which only the rectangle's open sides reach.
macro_rules! date_range {
    () => {
        "
           (e.span_class = 0 AND e.key_day BETWEEN max(:start_min, :end_min) AND min(:start_max, :end_max))
        OR (e.span_class = 1 AND e.key_day BETWEEN max(:start_min, :end_min - 3) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 2 AND e.key_day BETWEEN max(:start_min, :end_min - 15) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 3 AND e.key_day BETWEEN max(:start_min, :end_min - 63) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 4 AND e.key_day BETWEEN max(:start_min, :end_min - 255) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 5 AND e.key_day BETWEEN max(:start_min, :end_min - 1023) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 6 AND e.key_day BETWEEN max(:start_min, :end_min - 4095) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 7 AND e.key_day BETWEEN max(:start_min, :end_min - 16383) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 8 AND e.key_day BETWEEN max(:start_min, :end_min - 65535) AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 9 AND e.key_day BETWEEN :start_min AND :start_max
            AND e.end_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 10 AND :end_max = 2147483647
            AND e.key_day BETWEEN :start_min AND :start_max)
        OR (e.span_class = 11 AND :start_min = -2147483648
            AND e.key_day BETWEEN :end_min AND :end_max)
        OR (e.span_class = 12 AND :start_min = -2147483648 AND :end_max = 2147483647)"
    };
}
pub(crate) use date_range;

/// The day number that stands for an open or unknown first day in a [`DayRect`].
pub const OPEN_START: i64 = i32::MIN as i64;
/// The day number that stands for an open or unknown last day in a [`DayRect`].
pub const OPEN_END: i64 = i32::MAX as i64;

/// A day as `start_day` and `end_day` hold it: the integer part of SQLite's `julianday()`.
pub fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce()) + 1_721_424
}

/// The day a day number stands for; `None` for an open bound.
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    if n == OPEN_START || n == OPEN_END {
        return None;
    }
    i32::try_from(n - 1_721_424)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The rectangle of (first day, last day) points a date filter selects, in day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRect {
    pub start_min: i64,
    pub start_max: i64,
    pub end_min: i64,
    pub end_max: i64,
}

impl DayRect {
    /// Events that may fall in `from..=to` (their bounds overlap it; an open bound is unbounded),
    /// or with `within`, events whose every possible day is in it. A missing `from` or `to`
    /// leaves that side of the range open.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, within: bool) -> DayRect {
        let from = from.map_or(OPEN_START, day_number);
        let to = to.map_or(OPEN_END, day_number);
        if within {
            // start >= from and end <= to; as start <= end, also start <= to and end >= from:
            // a closed box, which the tree answers visiting only the nodes near the range.
            DayRect {
                start_min: from,
                start_max: to,
                end_min: from,
                end_max: to,
            }
        } else {
            DayRect {
                start_min: OPEN_START,
                start_max: to,
                end_min: from,
                end_max: OPEN_END,
            }
        }
    }
}

impl Filter {
    /// The parameters of `event_filter!`. The filter holds values already checked where they
    /// were read (the command line resolves names to ids and refuses an empty range).
    pub fn params(&self) -> Result<super::Params> {
        let rect = DayRect::new(self.from, self.to, self.within);
        let mut params: super::Params = vec![
            (":start_min", Box::new(rect.start_min)),
            (":start_max", Box::new(rect.start_max)),
            (":end_min", Box::new(rect.end_min)),
            (":end_max", Box::new(rect.end_max)),
            (":kinds", Box::new(json_list(&self.kinds)?)),
            (":person", Box::new(self.person.clone())),
            (":org", Box::new(self.org.clone())),
            (":place", Box::new(self.place.clone())),
            (":sources", Box::new(json_list(&self.sources)?)),
            (":text", Box::new(self.text.clone())),
        ];
        params.extend(self.area_params());
        Ok(params)
    }

    /// The parameters of the window on the map: its mode and numbers for `annals_in_window`,
    /// and the bounds of each side of an event's box in the R*Tree (the prefilter): any area
    /// meeting the window's box, or with `within` any inside it.
    fn area_params(&self) -> super::Params {
        const FAR: f64 = 1000.0;
        let Some(window) = self.area else {
            return vec![(":area_mode", Box::new(None::<i64>))];
        };
        let b = window.prefilter();
        let [west, east, south, north] = if self.within {
            [
                (b.west, FAR),
                (-FAR, b.east),
                (b.south, FAR),
                (-FAR, b.north),
            ]
        } else {
            [
                (-FAR, b.east),
                (b.west, FAR),
                (-FAR, b.north),
                (b.south, FAR),
            ]
        };
        let [a1, a2, a3, a4] = window.numbers();
        vec![
            (":area_mode", Box::new(window.mode(self.within))),
            (":area_1", Box::new(a1)),
            (":area_2", Box::new(a2)),
            (":area_3", Box::new(a3)),
            (":area_4", Box::new(a4)),
            (":west_min", Box::new(west.0)),
            (":west_max", Box::new(west.1)),
            (":east_min", Box::new(east.0)),
            (":east_max", Box::new(east.1)),
            (":south_min", Box::new(south.0)),
            (":south_max", Box::new(south.1)),
            (":north_min", Box::new(north.0)),
            (":north_max", Box::new(north.1)),
        ]
    }

    /// Whether anything but the date range narrows the events.
    pub fn narrowed(&self) -> bool {
        self.kinds.is_some()
            || self.person.is_some()
            || self.org.is_some()
            || self.place.is_some()
            || self.sources.is_some()
            || self.text.is_some()
            || self.area.is_some()
    }
}

/// A list as the JSON array `json_each` reads, bound as one parameter.
fn json_list(list: &Option<Vec<String>>) -> Result<Option<String>> {
    Ok(match list {
        Some(l) => Some(serde_json::to_string(l)?),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::query::timeline::{timeline, EVENTS};
    use rusqlite::named_params;
    use rusqlite::Connection;

    /// The date predicate the index replaces, on the ISO text bounds: the reference for results.
    const BY_BOUNDS: &str = "
        SELECT id FROM events NOT INDEXED
        WHERE CASE WHEN :within
                THEN (:from IS NULL OR earliest >= :from) AND (:to IS NULL OR latest <= :to)
                ELSE (:from IS NULL OR latest IS NULL OR latest >= :from)
                 AND (:to IS NULL OR earliest IS NULL OR earliest <= :to)
              END
        ORDER BY earliest NULLS FIRST, latest NULLS LAST, id";

    const INSERT_SOURCE: &str = "
        INSERT INTO sources (id, title, publisher, published) VALUES ('s', 't', 'p', '2024-01-01')";
    const INSERT_EVENT: &str = "
        INSERT INTO events (id, kind, title, date, earliest, latest, precision, date_human,
            source_id)
        VALUES (?1, 'k', 't', 'x', ?2, ?3, 'day', 'x', 's')";

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A database of `n` events with pseudo-random bounds, some open on either side or both.
    fn database(n: usize) -> Connection {
        let conn = db::open_in_memory().unwrap();
        conn.execute(INSERT_SOURCE, []).unwrap();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let base = date("1990-01-01");
        for i in 0..n {
            let start = base + chrono::Days::new(next(365 * 40));
            // Spans from a day to centuries, log-uniform, so every span class is present.
            let magnitude = next(18);
            let end = start + chrono::Days::new(next(1 << magnitude));
            let (earliest, latest) = match next(20) {
                0 => (Some(start), None),
                1 => (None, Some(end)),
                2 => (None, None),
                _ => (Some(start), Some(end)),
            };
            conn.execute(
                INSERT_EVENT,
                rusqlite::params![
                    format!("e{i}"),
                    earliest.map(|d| d.to_string()),
                    latest.map(|d| d.to_string())
                ],
            )
            .unwrap();
        }
        conn
    }

    fn ids(conn: &Connection, filter: &Filter) -> Vec<String> {
        let mut out = Vec::new();
        timeline(conn, filter, |row| {
            out.push(row.id);
            Ok(())
        })
        .unwrap();
        out
    }

    fn reference(conn: &Connection, filter: &Filter) -> Vec<String> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut stmt = conn.prepare(BY_BOUNDS).unwrap();
        stmt.query_map(
            named_params! {
                ":within": filter.within,
                ":from": day(filter.from),
                ":to": day(filter.to),
            },
            |r| r.get(0),
        )
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    #[test]
    fn day_numbers_are_sqlite_julian_days() {
        let conn = db::open_in_memory().unwrap();
        for d in [
            "0000-01-01",
            "0001-01-01",
            "1969-12-31",
            "2024-02-29",
            "9999-12-31",
        ] {
            let sql: i64 = conn
                .query_row("SELECT CAST(julianday(?1) AS INTEGER)", [d], |r| r.get(0))
                .unwrap();
            assert_eq!(day_number(date(d)), sql, "{d}");
        }
    }

    #[test]
    fn the_date_index_finds_what_the_bounds_say() {
        let conn = database(3000);
        let windows = [
            (Some("2001-06-15"), Some("2001-06-15")),
            (Some("2001-06-01"), Some("2001-06-30")),
            (Some("2010-01-01"), Some("2010-12-31")),
            (Some("1985-01-01"), Some("1989-12-31")),
            (None, Some("1995-03-01")),
            (Some("2025-07-01"), None),
            (None, None),
        ];
        let mut found = 0;
        for (from, to) in windows {
            for within in [false, true] {
                let filter = Filter {
                    from: from.map(date),
                    to: to.map(date),
                    within,
                    ..Filter::default()
                };
                let got = ids(&conn, &filter);
                assert_eq!(got, reference(&conn, &filter), "{from:?}..{to:?} {within}");
                found += got.len();
            }
        }
        assert!(
            found > 3000,
            "the windows found too little to compare: {found}"
        );
    }

    #[test]
    fn ongoing_and_open_events_overlap_every_window_on_their_open_side() {
        let conn = database(0);
        for (id, earliest, latest) in [
            ("ongoing", Some("2000-05-01"), None),
            ("open-start", None, Some("2000-05-31")),
            ("unknown", None, None),
        ] {
            conn.execute(INSERT_EVENT, rusqlite::params![id, earliest, latest])
                .unwrap();
        }
        let overlap = |from: &str, to: &str| {
            ids(
                &conn,
                &Filter {
                    from: Some(date(from)),
                    to: Some(date(to)),
                    ..Filter::default()
                },
            )
        };
        assert_eq!(overlap("2030-01-01", "2030-01-01"), ["unknown", "ongoing"]);
        assert_eq!(
            overlap("1950-01-01", "1950-01-01"),
            ["open-start", "unknown"]
        );
        assert_eq!(
            overlap("2000-05-15", "2000-05-15"),
            ["open-start", "unknown", "ongoing"]
        );
    }

    #[test]
    fn the_test_data_has_every_span_class() {
        let conn = database(3000);
        let classes: Vec<i64> = conn
            .prepare("SELECT DISTINCT span_class FROM events ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(classes, (0..=12).collect::<Vec<i64>>());
    }

    #[test]
    fn the_index_follows_updates_deletes_and_vacuum() {
        let conn = database(500);
        conn.execute(
            "UPDATE events SET earliest = NULL WHERE id IN ('e1', 'e2')",
            [],
        )
        .unwrap();
        conn.execute(
            "UPDATE events SET latest = date(earliest, '+40000 days') WHERE id IN ('e3', 'e4')",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM events WHERE rowid % 7 = 0", [])
            .unwrap();
        conn.execute_batch("VACUUM").unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        for (from, to) in [("2001-01-01", "2001-12-31"), ("1700-01-01", "1700-01-01")] {
            for within in [false, true] {
                let filter = Filter {
                    from: Some(date(from)),
                    to: Some(date(to)),
                    within,
                    ..Filter::default()
                };
                assert_eq!(ids(&conn, &filter), reference(&conn, &filter));
            }
        }
    }

    /// Every date-range query answers from the index: each span class is one search of
    /// `events_by_span`, and no step of the plan reads the whole events table.
    #[test]
    fn date_range_queries_do_not_scan_the_events_table() {
        let conn = database(2000);
        conn.execute_batch("ANALYZE").unwrap();
        use crate::query::aggregate::event_counts::{DAY_BOUNDS, FILTERED_DAY_BOUNDS, SPANS};
        for sql in [
            EVENTS.by_date,
            SPANS.by_date,
            FILTERED_DAY_BOUNDS.by_date,
            DAY_BOUNDS,
        ] {
            assert_uses_date_index(&conn, sql);
        }
    }

    /// The plan of `sql`, asserting that `events` is read by one search of `events_by_span` per
    /// span class, each with a range of days but the last (every event open on both sides), and
    /// never scanned.
    fn assert_uses_date_index(conn: &Connection, sql: &str) {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = named_params! {
            ":start_min": OPEN_START, ":start_max": 2_450_000, ":end_min": 2_449_000,
            ":end_max": OPEN_END, ":kinds": None::<String>, ":person": None::<String>,
            ":org": None::<String>, ":place": None::<String>, ":sources": None::<String>,
            ":text": None::<String>,
        };
        let params: Vec<_> = params
            .iter()
            .copied()
            .filter(|(name, _)| sql.contains(name))
            .collect();
        let plan: Vec<String> = stmt
            .query_map(params.as_slice(), |r| r.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(plan.iter().any(|s| s == "MULTI-INDEX OR"), "{plan:#?}");
        let searches: Vec<&String> = plan.iter().filter(|s| s.starts_with("SEARCH e ")).collect();
        assert_eq!(searches.len(), 13, "one search per span class: {plan:#?}");
        for (class, step) in searches.iter().enumerate() {
            let expected = if class == 12 {
                "SEARCH e USING INDEX events_by_span (span_class=?)"
            } else {
                "SEARCH e USING INDEX events_by_span (span_class=? AND key_day>? AND key_day<?)"
            };
            assert_eq!(*step, expected, "{plan:#?}");
        }
        for step in &plan {
            assert!(
                !(step.starts_with("SCAN e ")
                    || step == "SCAN e"
                    || step.starts_with("SCAN events ")),
                "a full scan of events: {plan:#?}"
            );
        }
    }

    /// `--bbox` and `--near` (possibly or certainly) read the R*Tree by all eight bounds of its
    /// boxes (`INDEX 2:` and one constraint per bound): the plan by date beside the date index,
    /// the plan by area (the one a window on the map takes) first, then each event by its rowid,
    /// never scanning `events`, whatever the date range.
    #[test]
    fn windows_on_the_map_search_the_r_tree() {
        use crate::geo::{BBox, Window};
        use crate::query::aggregate::event_counts::{FILTERED_DAY_BOUNDS, SPANS};
        let conn = database(200);
        conn.execute_batch("ANALYZE").unwrap();
        let windows = [
            Window::Box(BBox::from_array([20.0, 42.0, 21.0, 43.0])),
            Window::Near {
                latitude: 42.9,
                longitude: 20.8,
                km: 10.0,
            },
        ];
        for (window, within, from) in windows_and_ranges(windows) {
            let filter = Filter {
                from: from.map(date),
                within,
                area: Some(window),
                ..Filter::default()
            };
            let params = filter.params().unwrap();
            assert_eq!(EVENTS.sql(&filter), EVENTS.by_area);
            let plan = |sql: &str| -> Vec<String> {
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let named: Vec<_> = params
                    .iter()
                    .filter(|(name, _)| sql.contains(name))
                    .map(|(name, value)| (*name, value.as_ref()))
                    .collect();
                stmt.query_map(named.as_slice(), |r| r.get(3))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            };
            let by_date = plan(EVENTS.by_date);
            assert_searches_r_tree(&by_date);
            assert!(
                by_date
                    .iter()
                    .any(|s| s.contains("USING INDEX events_by_span")),
                "{by_date:#?}"
            );
            for sql in [EVENTS.by_area, SPANS.by_area, FILTERED_DAY_BOUNDS.by_area] {
                let by_area = plan(sql);
                assert_searches_r_tree(&by_area);
                assert!(
                    by_area[0].starts_with("SCAN a VIRTUAL TABLE"),
                    "{by_area:#?}"
                );
                assert!(
                    by_area
                        .iter()
                        .any(|s| s == "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"),
                    "{by_area:#?}"
                );
                assert!(
                    !by_area
                        .iter()
                        .any(|s| s == "SCAN e" || s.starts_with("SCAN e ")),
                    "a full scan of events: {by_area:#?}"
                );
            }
        }
    }

    /// Both plans give the same events in the same order, for windows and date ranges of every
    /// kind, over events with points and areas (and some with none).
    #[test]
    fn the_plan_by_area_finds_what_the_plan_by_date_finds() {
        use crate::geo::{BBox, Window};
        let conn = database(400);
        conn.execute_batch(
            "INSERT INTO event_geo (event_id, latitude, longitude, west, south, east, north,
                                    geo_precision, geo_place)
             SELECT id, 40 + (rowid * 7 % 50) / 10.0, 18 + (rowid * 13 % 60) / 10.0,
                    18 + (rowid * 13 % 60) / 10.0 - (rowid % 3) * 0.3, 40 + (rowid * 7 % 50) / 10.0 - (rowid % 3) * 0.2,
                    18 + (rowid * 13 % 60) / 10.0 + (rowid % 3) * 0.3, 40 + (rowid * 7 % 50) / 10.0 + (rowid % 3) * 0.2,
                    CASE rowid % 3 WHEN 0 THEN 'point' ELSE 'area' END, 'p'
             FROM events WHERE rowid % 5 <> 0;
             INSERT INTO event_area (id, west, east, south, north)
             SELECT e.rowid, g.west, g.east, g.south, g.north
             FROM event_geo g JOIN events e ON e.id = g.event_id;",
        )
        .unwrap();
        let windows = [
            Window::Box(BBox::from_array([19.0, 41.0, 21.5, 43.5])),
            Window::Near {
                latitude: 42.0,
                longitude: 20.0,
                km: 120.0,
            },
        ];
        let mut found = 0;
        for (window, within, from) in windows_and_ranges(windows) {
            let filter = Filter {
                from: from.map(date),
                to: from.map(|_| date("2020-12-31")),
                within,
                area: Some(window),
                ..Filter::default()
            };
            let by_area = ids(&conn, &filter);
            let params = filter.params().unwrap();
            let mut stmt = conn.prepare(EVENTS.by_date).unwrap();
            let by_date: Vec<String> = stmt
                .query_map(crate::query::bind(&params).as_slice(), |r| r.get("id"))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(by_area, by_date, "{filter:?}");
            found += by_area.len();
        }
        assert!(found > 100, "{found} events found in all");
    }

    /// Each window, possibly and certainly, with and without a date range.
    fn windows_and_ranges(
        windows: [crate::geo::Window; 2],
    ) -> Vec<(crate::geo::Window, bool, Option<&'static str>)> {
        let mut out = Vec::new();
        for window in windows {
            for within in [false, true] {
                for from in [None, Some("2005-05-01")] {
                    out.push((window, within, from));
                }
            }
        }
        out
    }

    /// The R*Tree is searched by all eight bounds of its boxes.
    fn assert_searches_r_tree(plan: &[String]) {
        let rtree = plan
            .iter()
            .find(|s| s.contains("SCAN a VIRTUAL TABLE INDEX 2:"))
            .unwrap_or_else(|| panic!("no R*Tree search: {plan:#?}"));
        let constraints = rtree.rsplit(':').next().unwrap();
        assert_eq!(constraints.len(), 16, "eight bounds: {rtree}");
    }
}
