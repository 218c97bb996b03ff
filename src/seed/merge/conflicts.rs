//! Reports of one event that disagree, pair by pair: two articles' dates that share no day
//! (only an event some report marks disputed keeps such dates), two articles' places of which
//! neither is or lies within the other (the event's place is then disputed,
//! [`super::places`]), and two articles' standing
//! claims of the same measure and unit about the same subject that no count satisfies both (a
//! figure `part_of` another is no disagreement; a claim its claimant revised in a later article
//! is none either). The `conflicts` view (migrations V12, V13) is this rule in SQL, for
//! the tools that read the database file and for `annals conflicts`; `check`'s preview uses
//! these functions, and the property test over random corpora (`tests/cli/merge_props.rs`)
//! holds the two to the same pairs.

use std::fmt;

use super::dates::overlap;
use super::places::{narrower, MAX_DEPTH};
use crate::date::FuzzyDate;
use crate::seed::model::{Amount, Qualifier};
use crate::text::singular;

/// Two articles that disagree about one event, the one with the smaller id first, each with
/// what it says (a date as EDTF, a figure as its label).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Conflict {
    /// `date`, `place` or `figure`.
    pub about: &'static str,
    pub source_a: String,
    pub value_a: String,
    pub source_b: String,
    pub value_b: String,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}) against {} ({})",
            self.about, self.value_a, self.source_a, self.value_b, self.source_b
        )
    }
}

/// One article's date for the event.
#[derive(Debug, Clone)]
pub struct Dated {
    pub source: String,
    pub date: Option<FuzzyDate>,
}

/// One article's place for the event (a place's id).
#[derive(Debug, Clone)]
pub struct ReportedPlace {
    pub source: String,
    pub place: Option<String>,
}

/// Whether two reports' places disagree: each gives one, and neither is or lies within the
/// other (`parent`: the place a place lies within).
pub fn place_pair<'p>(
    a: &ReportedPlace,
    b: &ReportedPlace,
    parent: impl Fn(&str) -> Option<&'p str> + Copy,
) -> Option<(&'static str, String, String)> {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) if narrower(x, y, parent, MAX_DEPTH).is_none() => {
            Some(("place", x.clone(), y.clone()))
        }
        _ => None,
    }
}

/// Every pair of reports of one event whose places lie on no one chain of `within` links.
pub fn places<'p>(
    reports: &[ReportedPlace],
    parent: impl Fn(&str) -> Option<&'p str> + Copy,
) -> Vec<Conflict> {
    pairs(reports, |r| &r.source, |a, b| place_pair(a, b, parent))
}

/// One article's figure about the event.
#[derive(Debug, Clone)]
pub struct Figure {
    pub source: String,
    pub amount: Amount,
    /// The number (or `low–high`) as SQLite writes it, as the view's label shows it.
    pub amount_text: String,
    pub unit: String,
    pub measure: String,
    pub about: Option<String>,
    pub part: bool,
    /// Who makes the claim ([`claimant_key`]).
    pub claimant: String,
    /// The article's publication day (ISO), which orders a claimant's revisions.
    pub published: String,
}

impl Figure {
    fn same_thing(&self, other: &Figure) -> bool {
        self.unit == other.unit
            && self.measure == other.measure
            && self.about == other.about
            && !self.part
            && !other.part
    }

    /// Whether the same claimant gives a figure for the same thing in a later article
    /// (publication day, then article id).
    fn revised(&self, all: &[Figure]) -> bool {
        all.iter().any(|g| {
            g.same_thing(self)
                && g.claimant == self.claimant
                && (&g.published, &g.source) > (&self.published, &self.source)
        })
    }

    /// The counts the claim allows.
    fn bounds(&self) -> (f64, Option<f64>) {
        let a = &self.amount;
        let n = |x: Option<crate::seed::model::Number>| x.map(|n| n.as_f64());
        interval(a.qualifier.as_str(), n(a.value), n(a.low), n(a.high))
    }
}

/// A figure read as the interval of the counts it allows: [low, high], high `None` when open
/// (`at_most` from 0, `at_least` open above, `approximately` as its value). Over any number type with
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

/// Who makes a figure's claim, as the `figure_claims` view keys it: `person:ID`,
/// `organisation:ID`, else `publisher:NAME` (the article states it itself).
pub fn claimant_key(person: Option<&str>, organisation: Option<&str>, publisher: &str) -> String {
    match (person, organisation) {
        (Some(id), _) => format!("person:{id}"),
        (None, Some(id)) => format!("organisation:{id}"),
        (None, None) => format!("publisher:{publisher}"),
    }
}

/// Every pair of reports of one event whose dates share no day.
pub fn dates(reports: &[Dated]) -> Vec<Conflict> {
    pairs(
        reports,
        |r| &r.source,
        |a, b| match (&a.date, &b.date) {
            (Some(x), Some(y)) if !overlap(x, y) => Some(("date", x.to_string(), y.to_string())),
            _ => None,
        },
    )
}

/// Every pair of standing claims of one event about the same thing that no count satisfies
/// both.
pub fn figures(figures: &[Figure]) -> Vec<Conflict> {
    let standing: Vec<Figure> = figures
        .iter()
        .filter(|f| !f.revised(figures))
        .cloned()
        .collect();
    pairs(
        &standing,
        |f| &f.source,
        |a, b| {
            let ((alo, ahi), (blo, bhi)) = (a.bounds(), b.bounds());
            let apart = ahi.is_some_and(|h| blo > h) || bhi.is_some_and(|h| alo > h);
            (a.same_thing(b) && apart).then(|| ("figure", label(a), label(b)))
        },
    )
}

/// Each pair of `items` from two articles (`source`), the smaller id first, that `disagree`
/// finds at odds: (about, the first's value, the second's).
fn pairs<T>(
    items: &[T],
    source: impl Fn(&T) -> &String,
    disagree: impl Fn(&T, &T) -> Option<(&'static str, String, String)>,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    for x in items {
        for y in items {
            if source(x) >= source(y) {
                continue;
            }
            if let Some((about, value_a, value_b)) = disagree(x, y) {
                out.push(Conflict {
                    about,
                    source_a: source(x).clone(),
                    value_a,
                    source_b: source(y).clone(),
                    value_b,
                });
            }
        }
    }
    out.sort();
    out
}

/// A figure's label as the `figures_named` view words it (a figure in a conflict is part of
/// none): "about 30 soldiers injured", a count of one in the singular.
pub fn label(f: &Figure) -> String {
    let qualifier = match f.amount.qualifier {
        Qualifier::Approximately => "about ",
        Qualifier::AtLeast => "at least ",
        Qualifier::AtMost => "at most ",
        Qualifier::Exact => "",
    };
    let one = f.amount.value.is_some_and(|v| v.as_f64() == 1.0);
    let unit = if one {
        singular(&f.unit)
    } else {
        f.unit.clone()
    };
    format!("{qualifier}{} {unit} {}", f.amount_text, f.measure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::model::Number;

    fn figure(source: &str, value: Number, qualifier: Qualifier, part: bool) -> Figure {
        let amount_text = match value {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => format!("{f:?}"),
        };
        Figure {
            source: source.into(),
            amount: Amount {
                value: Some(value),
                low: None,
                high: None,
                qualifier,
            },
            amount_text,
            unit: "police officers".into(),
            measure: "injured".into(),
            about: None,
            part,
            claimant: format!("publisher:{source}"),
            published: "2023-05-30".into(),
        }
    }

    #[test]
    fn figures_of_one_thing_that_no_count_satisfies_conflict_and_parts_do_not() {
        let given = [
            figure("b", Number::Int(1), Qualifier::Exact, false),
            figure("a", Number::Int(30), Qualifier::AtLeast, false),
            figure("c", Number::Float(30.0), Qualifier::Exact, false),
            figure("d", Number::Int(3), Qualifier::Exact, true),
            figure("e", Number::Int(40), Qualifier::AtLeast, false),
        ];
        let found: Vec<String> = figures(&given).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "figure: at least 30 police officers injured (a) against 1 police officer injured (b)",
                "figure: 1 police officer injured (b) against 30.0 police officers injured (c)",
                "figure: 1 police officer injured (b) against at least 40 police officers injured (e)",
                "figure: 30.0 police officers injured (c) against at least 40 police officers injured (e)",
            ]
        );
    }

    #[test]
    fn a_claimant_s_later_figure_revises_its_earlier_one() {
        let mut first = figure("b", Number::Int(25), Qualifier::Exact, false);
        let mut later = figure("a", Number::Int(30), Qualifier::Exact, false);
        let other = figure("c", Number::Int(25), Qualifier::Exact, false);
        first.claimant = "organisation:kfor".into();
        later.claimant = "organisation:kfor".into();
        later.published = "2023-05-31".into();
        let found: Vec<String> = figures(&[first, later.clone(), other.clone()])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            ["figure: 30 police officers injured (a) against 25 police officers injured (c)"]
        );
        // On the same day the later article id is the later claim: b's 25 stands, and agrees.
        let mut first = figure("b", Number::Int(25), Qualifier::Exact, false);
        first.claimant = "organisation:kfor".into();
        let mut same_day = later;
        same_day.published = first.published.clone();
        assert_eq!(figures(&[same_day, first, other]), []);
    }

    #[test]
    fn places_on_no_one_chain_conflict() {
        let parent = |p: &str| match p {
            "zvecan" => Some("kosovo"),
            "gnjilica" => Some("serbia"),
            _ => None,
        };
        let placed = |source: &str, place: Option<&str>| ReportedPlace {
            source: source.into(),
            place: place.map(String::from),
        };
        let found = places(
            &[
                placed("c", Some("gnjilica")),
                placed("a", Some("kosovo")),
                placed("b", Some("zvecan")),
                placed("d", None),
            ],
            parent,
        );
        let found: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "place: kosovo (a) against gnjilica (c)",
                "place: zvecan (b) against gnjilica (c)",
            ]
        );
    }

    #[test]
    fn dates_that_share_no_day_conflict() {
        let dated = |source: &str, date: &str| Dated {
            source: source.into(),
            date: FuzzyDate::parse(date).ok(),
        };
        let found = dates(&[
            dated("b", "2023-06-02"),
            dated("a", "2023-05"),
            dated("c", "2023-05-29"),
            dated("d", "nothing"),
        ]);
        let found: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "date: 2023-05 (a) against 2023-06-02 (b)",
                "date: 2023-06-02 (b) against 2023-05-29 (c)",
            ]
        );
    }
}
