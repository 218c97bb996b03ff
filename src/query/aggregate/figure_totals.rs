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
use rusqlite::Connection;
use serde::Serialize;

use super::day;
use crate::query::{columns, json_number};

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

/// A figure read as an interval: [low, high], high `None` when open. Over any number type with
/// a zero (`f64` for sums, exact JSON numbers for the words of a table).
pub fn interval<N: Clone + From<u8>>(
    qualifier: &str,
    value: Option<N>,
    low: Option<N>,
    high: Option<N>,
) -> (N, Option<N>) {
    let (lo, hi) = match value {
        Some(v) => (v.clone(), v),
        None => (
            low.unwrap_or_else(|| N::from(0)),
            high.unwrap_or_else(|| N::from(0)),
        ),
    };
    match qualifier {
        "at_least" => (lo, None),
        "at_most" => (N::from(0), Some(hi)),
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
    struct PerEvent {
        low: Total,
        high: Option<Total>,
        figures: u64,
        sources: BTreeSet<String>,
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
        let amount = |c: usize| -> Result<Option<Total>> {
            r.get(c)
                .with_context(|| format!("a figure of event {event:?} is not a number"))
        };
        let (lo, hi) = interval(
            &qualifier,
            amount(value_c)?,
            amount(low_c)?,
            amount(high_c)?,
        );
        let e = groups
            .entry((order, key, measure, unit, about))
            .or_default()
            .entry(event)
            .or_insert(PerEvent {
                low: lo,
                high: hi,
                figures: 0,
                sources: BTreeSet::new(),
            });
        e.low = e.low.pick(lo, false);
        e.high = e.high.zip(hi).map(|(a, b)| a.pick(b, true));
        e.figures += 1;
        e.sources.insert(source);
    }
    // A month key can come from events of different spans: merge by key, keeping first order.
    struct Sum {
        total: FigureTotal,
        low: Total,
        high: Option<Total>,
    }
    let mut merged: Vec<Sum> = Vec::new();
    let mut index: BTreeMap<(String, String, String, Option<String>), usize> = BTreeMap::new();
    for ((_, key, measure, unit, about), events) in groups {
        let id = (key.clone(), measure.clone(), unit.clone(), about.clone());
        let i = *index.entry(id).or_insert_with(|| {
            merged.push(Sum {
                total: FigureTotal {
                    key,
                    measure,
                    unit,
                    about,
                    low: None,
                    high: None,
                    figures: 0,
                    sources: Vec::new(),
                },
                low: Total::Whole(0),
                high: Some(Total::Whole(0)),
            });
            merged.len() - 1
        });
        let sum = &mut merged[i];
        let mut sources: BTreeSet<String> = sum.total.sources.drain(..).collect();
        for e in events.into_values() {
            let low = sum.low.add(e.low);
            let high = sum.high.zip(e.high).map(|(a, b)| a.add(b));
            let (Some(low), Some(high)) = (low, high.map_or(Some(None), |h| h.map(Some))) else {
                return Err(too_large(&sum.total, sum.low));
            };
            (sum.low, sum.high) = (low, high);
            sum.total.figures += e.figures;
            sources.extend(e.sources);
        }
        sum.total.sources = sources.into_iter().collect();
    }
    merged
        .into_iter()
        .map(|mut sum| {
            sum.total.low = Some(
                sum.low
                    .json()
                    .ok_or_else(|| too_large(&sum.total, sum.low))?,
            );
            sum.total.high = match sum.high {
                Some(h) => Some(h.json().ok_or_else(|| too_large(&sum.total, h))?),
                None => None,
            };
            Ok(sum.total)
        })
        .collect()
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
