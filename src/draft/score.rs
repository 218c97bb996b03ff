//! How close a draft comes to a seed file written by hand for the same article. Both are read as
//! seed files (TOML); what is compared:
//!
//! - quotes: an expected quote is found when a drafted quote of the same speaker id holds its
//!   text (typographic quotes, dashes and white space folded as the seed check folds them; a
//!   drafted quote may be the whole passage the expected one was cut from);
//! - figures: the same value (or low and high), qualifier and unit (case and a plural "s"
//!   aside); the measure is free wording and is not compared;
//! - dated events: some drafted event has the expected event's date, the same EDTF date, or for
//!   an ongoing event ("since late May" for `2023-05/..`) a start within the expected start;
//! - reports: an expected event that only reports an event of another article (no `title`) is
//!   found when the draft lists the same event id;
//! - proposals: each drafted quote, figure and event that matches some expected one in the same
//!   way is right.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::date::{End, FuzzyDate};
use crate::date_words::resolve;
use crate::seed::check::fold_for_quote;

/// Found out of expected, for each part; right out of proposed for the proposals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub quotes: (usize, usize),
    pub figures: (usize, usize),
    pub events: (usize, usize),
    pub reports: (usize, usize),
    pub proposals: (usize, usize),
}

/// A share as a whole percentage, rounded down; 100 when nothing was expected.
pub fn percent((n, of): (usize, usize)) -> usize {
    (n * 100).checked_div(of).unwrap_or(100)
}

struct Seed {
    quotes: Vec<(String, String)>,
    figures: Vec<String>,
    events: Vec<FuzzyDate>,
    /// Every event id, and the ids of events listed without a title (reports).
    ids: Vec<String>,
    reports: Vec<String>,
}

fn s<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.as_str())
}

fn num(v: Option<&toml::Value>) -> String {
    match v {
        Some(toml::Value::Integer(i)) => i.to_string(),
        Some(toml::Value::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(toml::Value::Float(f)) => f.to_string(),
        _ => "-".into(),
    }
}

fn unit(u: &str) -> String {
    let l = u.trim().to_lowercase();
    l.strip_suffix('s').unwrap_or(&l).to_string()
}

fn read(name: &str, text: &str) -> Result<Seed> {
    let table: toml::Table = toml::from_str(text).with_context(|| format!("{name} is not TOML"))?;
    let published = table
        .get("source")
        .and_then(|s| s.get("published"))
        .and_then(|p| p.as_str())
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        .with_context(|| format!("{name} has no [source] published day"))?;
    let list = |key: &str| -> Vec<toml::Table> {
        table
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_table().cloned()).collect())
            .unwrap_or_default()
    };
    let quotes = list("quotes")
        .iter()
        .map(|q| {
            (
                s(q, "speaker").unwrap_or_default().to_string(),
                fold_for_quote(s(q, "text").unwrap_or_default())
                    .trim_end_matches(['.', ',', ' '])
                    .to_string(),
            )
        })
        .collect();
    let figures = list("figures")
        .iter()
        .map(|f| {
            format!(
                "{}|{}|{}|{}|{}",
                num(f.get("value")),
                num(f.get("low")),
                num(f.get("high")),
                s(f, "qualifier").unwrap_or("exact"),
                unit(s(f, "unit").unwrap_or_default())
            )
        })
        .collect();
    let events = list("events")
        .iter()
        .filter_map(|e| match (s(e, "date"), s(e, "date_text")) {
            (Some(d), _) => FuzzyDate::parse(d).ok(),
            (None, Some(w)) => resolve(w, published).ok(),
            _ => None,
        })
        .collect();
    let ids = list("events")
        .iter()
        .filter_map(|e| s(e, "id").map(str::to_string))
        .collect();
    let reports = list("events")
        .iter()
        .filter(|e| e.get("title").is_none())
        .filter_map(|e| s(e, "id").map(str::to_string))
        .collect();
    Ok(Seed {
        quotes,
        figures,
        events,
        ids,
        reports,
    })
}

/// Whether a drafted date is right for an expected one.
fn date_right(drafted: &FuzzyDate, expected: &FuzzyDate) -> bool {
    if drafted == expected {
        return true;
    }
    match (drafted, expected) {
        (
            FuzzyDate::Interval {
                start: End::Date(a),
                end: End::Open,
            },
            FuzzyDate::Interval {
                start: End::Date(b),
                end: End::Open,
            },
        ) => b.first_day() <= a.first_day() && a.last_day() <= b.last_day(),
        _ => false,
    }
}

/// Score the drafted seed file against the expected one.
pub fn score(drafted: &str, expected: &str) -> Result<Score> {
    let d = read("the draft", drafted)?;
    let e = read("the expected seed", expected)?;
    let quote_match = |(ds, dt): &(String, String), (es, et): &(String, String)| {
        ds == es && (dt.contains(et.as_str()) || et.contains(dt.as_str())) && !et.is_empty()
    };
    let count = |hits: usize, of: usize| (hits, of);
    let quotes = count(
        e.quotes
            .iter()
            .filter(|x| d.quotes.iter().any(|y| quote_match(y, x)))
            .count(),
        e.quotes.len(),
    );
    let figures = count(
        e.figures.iter().filter(|x| d.figures.contains(x)).count(),
        e.figures.len(),
    );
    let events = count(
        e.events
            .iter()
            .filter(|x| d.events.iter().any(|y| date_right(y, x)))
            .count(),
        e.events.len(),
    );
    let reports = count(
        e.reports.iter().filter(|x| d.ids.contains(x)).count(),
        e.reports.len(),
    );
    let right = d
        .quotes
        .iter()
        .filter(|x| e.quotes.iter().any(|y| quote_match(x, y)))
        .count()
        + d.figures.iter().filter(|x| e.figures.contains(x)).count()
        + d.events
            .iter()
            .filter(|x| e.events.iter().any(|y| date_right(x, y)))
            .count();
    Ok(Score {
        quotes,
        figures,
        events,
        reports,
        proposals: (right, d.quotes.len() + d.figures.len() + d.events.len()),
    })
}

/// One article of the measured corpus: its text, the seed written by hand for it (the expected
/// answer), and the seed files the database holds when it is drafted, all relative to the
/// repository.
pub struct Case {
    pub name: &'static str,
    pub article: &'static str,
    pub expected: &'static str,
    pub database: &'static [&'static str],
}

const FOUNDING: &str = "seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml";

/// The corpus: the founding article drafted with no database (it was the first), and each
/// fixture article with a text drafted against a database holding the founding article.
pub const CORPUS: &[Case] = &[
    Case {
        name: "founding (A News, 19 Jul)",
        article: "seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt",
        expected: FOUNDING,
        database: &[],
    },
    Case {
        name: "report (Test Wire, 20 Jul)",
        article: "tests/fixtures/report-2023-07-20-test-wire-vucic-brussels.txt",
        expected: "tests/fixtures/report-2023-07-20-test-wire-vucic-brussels.toml",
        database: &[FOUNDING],
    },
    Case {
        name: "wire (Fixture Wire, 21 Jul)",
        article: "tests/fixtures/wire/2023-07-21-fixture-wire-kosovo-tensions.txt",
        expected: "tests/fixtures/wire/2023-07-21-fixture-wire-kosovo-tensions.toml",
        database: &[FOUNDING],
    },
    Case {
        name: "backfill (Fixture Daily, 5 Jun)",
        article: "tests/fixtures/backfill/2023-06-05-fixture-daily-zvecan-clash.txt",
        expected: "tests/fixtures/backfill/2023-06-05-fixture-daily-zvecan-clash.toml",
        database: &[FOUNDING],
    },
];

/// Draft the article of `case` (found under `root`) as `annals draft` would, with the title,
/// publisher, day and address of its hand-written seed, and return the draft's text.
pub fn draft_case(root: &Path, case: &Case) -> Result<String> {
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel)).with_context(|| format!("cannot read {rel}"))
    };
    let expected = read(case.expected)?;
    let table: toml::Table = toml::from_str(&expected)?;
    let source = table
        .get("source")
        .and_then(|s| s.as_table())
        .context("no [source]")?;
    let get = |k: &str| source.get(k).and_then(|v| v.as_str());
    let published = NaiveDate::parse_from_str(get("published").unwrap_or_default(), "%Y-%m-%d")?;
    let store = if case.database.is_empty() {
        super::store::Store::default()
    } else {
        let mut conn = crate::db::open_in_memory()?;
        let paths: Vec<std::path::PathBuf> = case.database.iter().map(|p| root.join(p)).collect();
        crate::seed::seed(&mut conn, &paths, false, &mut crate::seed::NoProgress)?;
        super::store::Store::read(&conn)?
    };
    let text = read(case.article)?;
    let file = Path::new(case.article)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let input = super::Input {
        text: &text,
        published,
        publisher: get("publisher"),
        title: get("title"),
        url: get("url"),
        text_file: file.as_deref(),
        article: case.article,
    };
    Ok(super::render(&super::draft(&input, &store)))
}

/// Draft and score every article of [`CORPUS`].
pub fn measure(root: &Path) -> Result<Vec<(&'static str, Score)>> {
    CORPUS
        .iter()
        .map(|case| {
            let drafted = draft_case(root, case)?;
            let expected = std::fs::read_to_string(root.join(case.expected))?;
            Ok((case.name, score(&drafted, &expected)?))
        })
        .collect()
}

/// The scores as a Markdown table, with a total row.
pub fn table(rows: &[(&str, Score)]) -> String {
    let cell = |p: (usize, usize)| match p.1 {
        0 => "–".to_string(),
        _ => format!("{}/{} ({} %)", p.0, p.1, percent(p)),
    };
    let mut out = String::from(
        "| article | quotes, right speaker | figures, value + qualifier + unit | dated events, right date | reports of stored events, right id | proposals right |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut total = Score::default();
    for (name, s) in rows {
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} |\n",
            cell(s.quotes),
            cell(s.figures),
            cell(s.events),
            cell(s.reports),
            cell(s.proposals)
        ));
        for (t, x) in [
            (&mut total.quotes, s.quotes),
            (&mut total.figures, s.figures),
            (&mut total.events, s.events),
            (&mut total.reports, s.reports),
            (&mut total.proposals, s.proposals),
        ] {
            t.0 += x.0;
            t.1 += x.1;
        }
    }
    out.push_str(&format!(
        "| all | {} | {} | {} | {} | {} |\n",
        cell(total.quotes),
        cell(total.figures),
        cell(total.events),
        cell(total.reports),
        cell(total.proposals)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: &str = r#"
[source]
title = "T"
publisher = "P"
published = "2023-07-19"
[[events]]
id = "a"
date = "2023-05/.."
title = "A"
[[events]]
id = "b"
date_text = "on Wednesday"
[[figures]]
event = "a"
value = 93
unit = "people"
measure = "injured"
[[quotes]]
speaker = "x"
text = "Three of them were seriously injured."
"#;

    #[test]
    fn scores_what_matches_and_only_that() {
        let drafted = r#"
[source]
title = "T"
publisher = "P"
published = "2023-07-19"
[[events]]
id = "c"
date_text = "since late May"
[[events]]
id = "b"
date = "2023-07-18"
[[figures]]
event = "c"
value = 93
qualifier = "exact"
unit = "People"
measure = "hurt"
[[figures]]
event = "c"
value = 93
qualifier = "at_least"
unit = "people"
measure = "injured"
[[quotes]]
speaker = "x"
text = "Three of them were seriously injured. This is unacceptable."
[[quotes]]
speaker = "y"
text = "Three of them were seriously injured."
"#;
        let s = score(drafted, EXPECTED).unwrap();
        assert_eq!(
            s,
            Score {
                quotes: (1, 1),
                figures: (1, 1),
                events: (1, 2),
                reports: (1, 1),
                proposals: (3, 6),
            }
        );
        assert_eq!(percent(s.events), 50);
        assert_eq!(percent((0, 0)), 100);
    }

    /// Per article, the share (%) of expected quotes, figures, dated events and reports found,
    /// and of proposals right, at least as measured when each floor was set. Floors only go up:
    /// raise one when the drafter improves (`cargo run --example draft_score`).
    const FLOORS: [(&str, [usize; 5]); 4] = [
        ("founding (A News, 19 Jul)", [100, 100, 100, 100, 100]),
        ("report (Test Wire, 20 Jul)", [100, 50, 100, 100, 66]),
        ("wire (Fixture Wire, 21 Jul)", [100, 100, 100, 100, 87]),
        ("backfill (Fixture Daily, 5 Jun)", [100, 100, 100, 100, 100]),
    ];

    #[test]
    fn the_corpus_scores_at_least_its_floors() {
        let rows = measure(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(rows.len(), FLOORS.len());
        let mut below = Vec::new();
        for ((name, s), (floor_name, floor)) in rows.iter().zip(FLOORS) {
            assert_eq!(*name, floor_name);
            let got = [s.quotes, s.figures, s.events, s.reports, s.proposals].map(percent);
            for (what, (g, f)) in ["quotes", "figures", "events", "reports", "proposals"]
                .iter()
                .zip(got.iter().zip(floor))
            {
                if *g < f {
                    below.push(format!("{name}: {what} {g} % < floor {f} %"));
                }
            }
        }
        assert!(below.is_empty(), "{}\n{}", below.join("\n"), table(&rows));
    }
}
