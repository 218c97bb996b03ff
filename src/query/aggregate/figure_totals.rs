//! `aggregate figures`: figures read as intervals, alternative accounts of one number
//! combined, then added up by event, month, year, organisation or claimant.
//!
//! Whole numbers are added as whole numbers ([`Total::Whole`], in `i128`), so a count past 2^53
//! keeps every digit; a total is given when it fits in 64 bits (from -2^63 to 2^64 - 1) and
//! refused otherwise. A figure stored as a fraction makes its total a float, refused past
//! about 1.8e308.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use rusqlite::{Connection, Statement};
use serde::Serialize;

use super::day;
use crate::query::{columns, json_number};
use crate::seed::merge::conflicts::interval;

/// A figure or a total: whole while every number in it is, else a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Total {
    Whole(i128),
    Real(f64),
}

impl From<u8> for Total {
    fn from(n: u8) -> Total {
        Total::Whole(n.into())
    }
}

impl rusqlite::types::FromSql for Total {
    fn column_result(v: rusqlite::types::ValueRef) -> rusqlite::types::FromSqlResult<Total> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Ok(Total::Whole(i.into())),
            rusqlite::types::ValueRef::Real(f) => Ok(Total::Real(f)),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

impl Total {
    fn real(self) -> f64 {
        match self {
            Total::Whole(n) => n as f64,
            Total::Real(f) => f,
        }
    }

    /// The sum; None when whole numbers overflow `i128`.
    fn add(self, other: Total) -> Option<Total> {
        match (self, other) {
            (Total::Whole(a), Total::Whole(b)) => a.checked_add(b).map(Total::Whole),
            (a, b) => Some(Total::Real(a.real() + b.real())),
        }
    }

    /// The smaller or larger of two, compared exactly when both are whole.
    fn pick(self, other: Total, larger: bool) -> Total {
        let other_first = match (self, other) {
            (Total::Whole(a), Total::Whole(b)) => (b > a) == larger,
            (a, b) => (b.real() > a.real()) == larger,
        };
        if other_first && self != other {
            other
        } else {
            self
        }
    }

    /// As a JSON number: a whole one from -2^63 to 2^64 - 1 with every digit, a finite float;
    /// None for anything larger.
    pub fn json(self) -> Option<serde_json::Number> {
        match self {
            Total::Whole(n) => i64::try_from(n)
                .map(serde_json::Number::from)
                .or_else(|_| u64::try_from(n).map(serde_json::Number::from))
                .ok(),
            Total::Real(f) => json_number(f),
        }
    }

    /// The largest total of this kind, in words.
    fn limit(self) -> &'static str {
        match self {
            Total::Whole(_) => "18,446,744,073,709,551,615 for whole numbers",
            Total::Real(_) => "about 1.8e308",
        }
    }
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

/// Add up figures by `by`, following the rules in this module's documentation: each event's
/// alternative accounts of a number combined (`per_event`), then events added up within each
/// group (`add_up`).
pub fn figures(
    conn: &Connection,
    filter: &FigureFilter,
    by: FiguresBy,
) -> Result<Vec<FigureTotal>> {
    let groups = per_event(conn, filter, by)?;
    add_up(groups)?.into_iter().map(Sum::finish).collect()
}

/// What a total counts: the key `--by` gives it, the measure, the unit and the subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SumKey {
    key: String,
    measure: String,
    unit: String,
    about: Option<String>,
}

/// One group of figures: what it counts, after its events' bounds (for month and year keys; none
/// otherwise), so that groups sort in the timeline's order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SumGroup {
    bounds: (Option<NaiveDate>, Option<NaiveDate>),
    counted: SumKey,
}

/// One event's alternative accounts of one number, combined: the lowest low and the highest
/// high (open when any is).
struct PerEvent {
    low: Total,
    high: Option<Total>,
    figures: u64,
    sources: BTreeSet<String>,
}

impl PerEvent {
    fn new(low: Total, high: Option<Total>) -> PerEvent {
        PerEvent {
            low,
            high,
            figures: 0,
            sources: BTreeSet::new(),
        }
    }

    /// Take one more account, `[low, high]` from `source`.
    fn account(&mut self, low: Total, high: Option<Total>, source: String) {
        self.low = self.low.pick(low, false);
        self.high = self.high.zip(high).map(|(a, b)| a.pick(b, true));
        self.figures += 1;
        self.sources.insert(source);
    }
}

/// The columns of [`FIGURES`], looked up once.
struct FigureColumns {
    event: usize,
    earliest: usize,
    latest: usize,
    measure: usize,
    unit: usize,
    value: usize,
    low: usize,
    high: usize,
    qualifier: usize,
    source: usize,
    claimant: usize,
    about_organisation: usize,
    about: usize,
    part_of: usize,
}

impl FigureColumns {
    fn of(stmt: &Statement) -> rusqlite::Result<FigureColumns> {
        let [event, earliest, latest, measure, unit, value, low, high] = columns(
            stmt,
            [
                "event_id", "earliest", "latest", "measure", "unit", "value", "low", "high",
            ],
        )?;
        let [qualifier, source, claimant, about_organisation, about, part_of] = columns(
            stmt,
            [
                "qualifier",
                "source_id",
                "claimant",
                "about_organisation_id",
                "about",
                "part_of",
            ],
        )?;
        Ok(FigureColumns {
            event,
            earliest,
            latest,
            measure,
            unit,
            value,
            low,
            high,
            qualifier,
            source,
            claimant,
            about_organisation,
            about,
            part_of,
        })
    }
}

/// Every figure the filter selects, grouped as `by` asks, each event's accounts of one number
/// combined. A figure that is part of another is counted in it, not again.
fn per_event(
    conn: &Connection,
    filter: &FigureFilter,
    by: FiguresBy,
) -> Result<BTreeMap<SumGroup, BTreeMap<String, PerEvent>>> {
    let mut groups: BTreeMap<SumGroup, BTreeMap<String, PerEvent>> = BTreeMap::new();
    let mut stmt = conn.prepare(FIGURES)?;
    let c = FigureColumns::of(&stmt)?;
    let mut rows = stmt.query(rusqlite::named_params! {
        ":measure": filter.measure,
        ":unit": filter.unit,
    })?;
    while let Some(r) = rows.next()? {
        let event: String = r.get(c.event)?;
        let earliest = day(r.get_ref(c.earliest)?.as_str_or_null()?)?;
        let latest = day(r.get_ref(c.latest)?.as_str_or_null()?)?;
        let measure: String = r.get(c.measure)?;
        let unit: String = r.get(c.unit)?;
        let qualifier: String = r.get(c.qualifier)?;
        let source: String = r.get(c.source)?;
        let claimant: Option<String> = r.get(c.claimant)?;
        let about_organisation: Option<String> = r.get(c.about_organisation)?;
        let about: Option<String> = r.get(c.about)?;
        if r.get::<_, Option<String>>(c.part_of)?.is_some() {
            continue;
        }
        let (bounds, key) = match by {
            FiguresBy::Event => ((earliest, latest), event.clone()),
            FiguresBy::Month => ((earliest, latest), span_key(earliest, latest, true)),
            FiguresBy::Year => ((earliest, latest), span_key(earliest, latest, false)),
            FiguresBy::Organisation => match about_organisation {
                Some(org) => ((None, None), org),
                None => continue,
            },
            FiguresBy::ClaimedBy => ((None, None), claimant.unwrap_or_else(|| source.clone())),
        };
        let amount = |c: usize| -> Result<Option<Total>> {
            r.get(c)
                .with_context(|| format!("a figure of event {event:?} is not a number"))
        };
        let (low, high) = interval(
            &qualifier,
            amount(c.value)?,
            amount(c.low)?,
            amount(c.high)?,
        );
        let group = SumGroup {
            bounds,
            counted: SumKey {
                key,
                measure,
                unit,
                about,
            },
        };
        groups
            .entry(group)
            .or_default()
            .entry(event)
            .or_insert_with(|| PerEvent::new(low, high))
            .account(low, high, source);
    }
    Ok(groups)
}

/// A group's total so far: lows added to lows, highs to highs (open once any is).
struct Sum {
    total: FigureTotal,
    low: Total,
    high: Option<Total>,
}

impl Sum {
    fn new(counted: SumKey) -> Sum {
        Sum {
            total: FigureTotal {
                key: counted.key,
                measure: counted.measure,
                unit: counted.unit,
                about: counted.about,
                low: None,
                high: None,
                figures: 0,
                sources: Vec::new(),
            },
            low: Total::Whole(0),
            high: Some(Total::Whole(0)),
        }
    }

    /// Add the events of one group; an error when a total grows too large to hold.
    fn add(&mut self, events: BTreeMap<String, PerEvent>) -> Result<()> {
        let mut sources: BTreeSet<String> = self.total.sources.drain(..).collect();
        for e in events.into_values() {
            let low = self.low.add(e.low);
            let high = self.high.zip(e.high).map(|(a, b)| a.add(b));
            let (Some(low), Some(high)) = (low, high.map_or(Some(None), |h| h.map(Some))) else {
                return Err(too_large(&self.total, self.low));
            };
            (self.low, self.high) = (low, high);
            self.total.figures += e.figures;
            sources.extend(e.sources);
        }
        self.total.sources = sources.into_iter().collect();
        Ok(())
    }

    /// The total with its low and high as JSON numbers; an error when one is too large to give.
    fn finish(mut self) -> Result<FigureTotal> {
        self.total.low = Some(
            self.low
                .json()
                .ok_or_else(|| too_large(&self.total, self.low))?,
        );
        self.total.high = match self.high {
            Some(h) => Some(h.json().ok_or_else(|| too_large(&self.total, h))?),
            None => None,
        };
        Ok(self.total)
    }
}

/// Add up each group's events. A month key can come from events of different spans (their
/// groups sort apart): groups of one key, measure, unit and subject are added into one total, in
/// the order of the first.
fn add_up(groups: BTreeMap<SumGroup, BTreeMap<String, PerEvent>>) -> Result<Vec<Sum>> {
    let mut merged: Vec<Sum> = Vec::new();
    let mut index: BTreeMap<SumKey, usize> = BTreeMap::new();
    for (group, events) in groups {
        let i = *index.entry(group.counted.clone()).or_insert_with(|| {
            merged.push(Sum::new(group.counted));
            merged.len() - 1
        });
        merged[i].add(events)?;
    }
    Ok(merged)
}

/// The error of a total too large to give.
fn too_large(t: &FigureTotal, kind: Total) -> anyhow::Error {
    anyhow::anyhow!(
        "the {} {} figures of {} add up to more than the largest number annals can hold ({}); \
         no total is given",
        t.measure,
        t.unit,
        t.key,
        kind.limit()
    )
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
    fn whole_amounts_stay_exact_until_they_do_not_fit() {
        let w = Total::Whole;
        assert_eq!(
            w(9_007_199_254_740_993).add(w(1)),
            Some(w(9_007_199_254_740_994))
        );
        assert_eq!(w(2).add(Total::Real(0.5)), Some(Total::Real(2.5)));
        assert_eq!(w(i128::MAX).add(w(1)), None);
        assert_eq!(
            w(9_007_199_254_740_993).pick(w(9_007_199_254_740_992), true),
            w(9_007_199_254_740_993)
        );
        assert_eq!(
            w(9_007_199_254_740_993).pick(w(9_007_199_254_740_992), false),
            w(9_007_199_254_740_992)
        );
        assert_eq!(w(u64::MAX.into()).json(), Some(u64::MAX.into()));
        assert_eq!(w(i64::MIN.into()).json(), Some(i64::MIN.into()));
        assert_eq!(w(i128::from(u64::MAX) + 1).json(), None);
        assert_eq!(Total::Real(f64::INFINITY).json(), None);
    }

    /// Events of one month but different spans sort apart, and are still added into the one
    /// month's total; each event's accounts of a number are combined before they are added.
    #[test]
    fn a_month_adds_up_events_of_different_spans_once_each() {
        let conn = crate::db::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO sources (id, title, publisher, published) \
                 VALUES ('s', 't', 'p', '2024-01-01');
             INSERT INTO events (id, kind, title, date, earliest, latest, precision, date_human, \
                 source_id) VALUES
                 ('may', 'k', 't', '2023-05', '2023-05-01', '2023-05-31', 'month', 'x', 's'),
                 ('day', 'k', 't', '2023-05-29', '2023-05-29', '2023-05-29', 'day', 'x', 's'),
                 ('turn', 'k', 't', 'x', '2023-04-30', '2023-05-02', 'day', 'x', 's');
             INSERT INTO figures (event_id, source_id, value, qualifier, unit, measure) VALUES
                 ('may', 's', 3, 'exact', 'people', 'injured'),
                 ('day', 's', 4, 'exact', 'people', 'injured'),
                 ('day', 's', 2, 'at_least', 'people', 'injured'),
                 ('turn', 's', 1, 'exact', 'people', 'injured');",
        )
        .unwrap();
        let totals = figures(&conn, &FigureFilter::default(), FiguresBy::Month).unwrap();
        let got: Vec<_> = totals
            .iter()
            .map(|t| (t.key.as_str(), t.low.clone(), t.high.clone(), t.figures))
            .collect();
        assert_eq!(
            got,
            [
                ("2023-04/2023-05", Some(1.into()), Some(1.into()), 1),
                ("2023-05", Some(5.into()), None, 3),
            ]
        );
        let by_event = figures(&conn, &FigureFilter::default(), FiguresBy::Event).unwrap();
        let keys: Vec<&str> = by_event.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["turn", "may", "day"]);
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
