//! `aggregate figures`: figures read as intervals, alternative accounts of one number
//! combined, then added up by event, month, year, organisation or claimant.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use chrono::NaiveDate;
use clap::ValueEnum;
use rusqlite::Connection;
use serde::Serialize;

use super::day;
use crate::query::{columns, json_number};

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
