//! An event's figures in words, as a reader wants them: the same number stated by several
//! articles once, with every article that states it ("30 soldiers injured — Fixture Daily, A
//! News"); a claimant's revised figure as a revision ("25, then 30 soldiers injured — Kosovo
//! Force (Test Wire, Fixture Wire)"); and different claims for the same thing each with its
//! claimant, never a number no one claimed ("people injured — 93: Jens Stoltenberg (A News);
//! 52–80: Fixture Wire"). Pure: the figures come
//! as the timeline's query returns them, in the record's order (publication date, article id, the
//! article's own order), and the lines keep it. The timeline's table and CSV, `show` and the
//! exports all word figures here.

use crate::query::timeline::Figure;
pub use crate::text::singular;

/// How numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// `12,000` rather than `12000` (tables, for people; never CSV or JSON).
    pub thousands: bool,
}

/// One line per thing counted: figures of the same measure, unit and subject (`about`) are
/// accounts of one number and share a line; a figure `part_of` another has its own.
pub fn lines(figures: &[Figure], style: Style) -> Vec<String> {
    // Groups in the order of their first figure.
    let mut groups: Vec<Vec<&Figure>> = Vec::new();
    for f in figures {
        let same = |g: &Vec<&Figure>| {
            let h = g[0];
            !f.part && !h.part && h.measure == f.measure && h.unit == f.unit && about(h) == about(f)
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    groups.iter().map(|g| line(g, style)).collect()
}

fn about(f: &Figure) -> Option<&str> {
    f.about.as_ref().map(|a| a.id.as_str())
}

/// Who says figures: each claimant once with the publishers that report it ("Kosovo Force (Test
/// Wire, Fixture Wire)"), or the publisher alone where the article states it itself; in the
/// order first given.
fn attributions(figures: &[&Figure]) -> String {
    let mut seen: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for f in figures {
        let who = f.claimed_by.as_ref().map(|c| c.name.as_str());
        let publisher = f.publisher.as_str();
        match seen
            .iter_mut()
            .find(|(w, p)| *w == who && (who.is_some() || p[0] == publisher))
        {
            Some((_, p)) if !p.contains(&publisher) => p.push(publisher),
            Some(_) => {}
            None => seen.push((who, vec![publisher])),
        }
    }
    seen.iter()
        .map(|(who, p)| match who {
            Some(w) => format!("{w} ({})", p.join(", ")),
            None => p[0].to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a figure says, as a key: qualifier and numbers.
fn statement(f: &Figure) -> (String, String, String, String) {
    let n = |v: &Option<serde_json::Number>| v.as_ref().map(|n| n.to_string()).unwrap_or_default();
    (f.qualifier.clone(), n(&f.value), n(&f.low), n(&f.high))
}

/// One claimant's claims about one thing, in the order made, and their words: "30", or "25,
/// then 30" when a later article gives its revised figure (the record's `revised_in`).
fn claims<'f>(group: &[&'f Figure], style: Style) -> Vec<(String, Vec<&'f Figure>)> {
    let mut by_claimant: Vec<Vec<&Figure>> = Vec::new();
    for f in group {
        match by_claimant
            .iter_mut()
            .find(|c| c[0].claimant_key == f.claimant_key)
        {
            Some(c) => c.push(f),
            None => by_claimant.push(vec![f]),
        }
    }
    // Claimants whose claims read the same share an account.
    let mut accounts: Vec<(String, Vec<&Figure>)> = Vec::new();
    for figures in by_claimant {
        let mut said: Vec<&Figure> = Vec::new();
        for f in &figures {
            if said.last().is_none_or(|l| statement(l) != statement(f)) {
                said.push(f);
            }
        }
        let words: Vec<String> = said.iter().map(|f| amount(f, style)).collect();
        let words = words.join(", then ");
        match accounts.iter_mut().find(|(w, _)| *w == words) {
            Some((_, all)) => all.extend(figures),
            None => accounts.push((words, figures)),
        }
    }
    accounts
}

/// A line for the figures of one thing. Claims are shown as made, each with who makes it; a
/// number no one claimed (a range or bound of the claims) is never written.
fn line(group: &[&Figure], style: Style) -> String {
    let first = group[0];
    let one = group.iter().all(|f| amount_is_one(f));
    let accounts = claims(group, style);
    if let [(words, _)] = accounts.as_slice() {
        let own = format!("{words} {}", things(first, one));
        let label = match first.label.split_once(" (part of ") {
            // The record's label says what it is part of.
            Some((_, whole)) if first.part => {
                format!("{own} (part of {}", amount_first(whole, style))
            }
            _ => own,
        };
        return format!("{label} — {}", attributions(group));
    }
    let accounts: Vec<String> = accounts
        .iter()
        .map(|(words, figures)| format!("{words}: {}", attributions(figures)))
        .collect();
    format!("{} — {}", things(first, one), accounts.join("; "))
}

/// A count as stored: a whole number keeps every digit (no trip through f64), with thousands
/// separators when the style asks for them; a fraction is written as stored.
fn count(v: &serde_json::Number, style: Style) -> String {
    if style.thousands && (v.is_i64() || v.is_u64()) {
        super::thousands(&v.to_string())
    } else {
        v.to_string()
    }
}

/// The figure's number with its qualifier: `93`, `about 500`, `at least 6`, `52–80`.
fn amount(f: &Figure, style: Style) -> String {
    let n = |v: &serde_json::Number| count(v, style);
    let prefix = match f.qualifier.as_str() {
        "approximately" => "about ",
        "at_least" => "at least ",
        "at_most" => "at most ",
        _ => "",
    };
    let value = match (&f.value, &f.low, &f.high) {
        (Some(v), _, _) => n(v),
        (None, Some(l), Some(h)) => format!("{}–{}", n(l), n(h)),
        _ => String::new(),
    };
    format!("{prefix}{value}")
}

/// Whether the figure counts exactly one.
fn amount_is_one(f: &Figure) -> bool {
    f.value.as_ref().and_then(|v| v.as_f64()) == Some(1.0)
}

/// `text` with its first number written as `style` asks (`about 12,000 people injured`), and
/// no other: a year in a unit or measure keeps its digits.
fn amount_first(text: &str, style: Style) -> String {
    if !style.thousands {
        return text.to_string();
    }
    let mut done = false;
    text.split(' ')
        .map(|w| {
            if !done && w.starts_with(|c: char| c.is_ascii_digit()) {
                done = true;
                super::thousands(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The unit and measure: `soldiers injured`, or with a count of one `soldier injured`.
fn things(f: &Figure, one: bool) -> String {
    let unit = if one {
        singular(&f.unit)
    } else {
        f.unit.clone()
    };
    format!("{unit} {}", f.measure)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::query::Named;

    fn figure(value: i64, qualifier: &str, claimed_by: Option<&str>, publisher: &str) -> Figure {
        Figure {
            value: Some(value.into()),
            low: None,
            high: None,
            qualifier: qualifier.into(),
            unit: "people".into(),
            measure: "injured".into(),
            label: String::new(),
            about: None,
            claimed_by: claimed_by.map(|c| Named {
                id: c.to_lowercase(),
                name: c.into(),
            }),
            source: publisher.to_lowercase(),
            publisher: publisher.into(),
            text: None,
            part: false,
            claimant_key: match claimed_by {
                Some(c) => format!("organisation:{}", c.to_lowercase()),
                None => format!("publisher:{publisher}"),
            },
            revised: false,
        }
    }

    const PLAIN: Style = Style { thousands: false };

    #[test]
    fn the_same_number_is_one_line_with_each_who_gives_it_once() {
        let figures = [
            figure(30, "exact", None, "Fixture Daily"),
            figure(30, "exact", None, "A News"),
            figure(30, "exact", None, "A News"),
            figure(30, "exact", Some("KFOR"), "Test Wire"),
        ];
        assert_eq!(
            lines(&figures, PLAIN),
            ["30 people injured — Fixture Daily, A News, KFOR (Test Wire)"]
        );
    }

    #[test]
    fn different_claims_are_each_shown_with_who_makes_them_and_no_number_no_one_claimed() {
        let figures = [
            figure(6, "at_most", None, "A News"),
            figure(10, "approximately", Some("KFOR"), "Test Wire"),
        ];
        assert_eq!(
            lines(&figures, PLAIN),
            ["people injured — at most 6: A News; about 10: KFOR (Test Wire)"]
        );
        let mut range = figure(0, "exact", None, "Fixture Wire");
        (range.value, range.low, range.high) = (None, Some(52.into()), Some(80.into()));
        let ranged = [figure(93, "exact", None, "A News"), range];
        assert_eq!(
            lines(&ranged, PLAIN),
            ["people injured — 93: A News; 52–80: Fixture Wire"]
        );
        let open = [
            figure(1, "exact", None, "A News"),
            figure(1, "at_least", None, "Test Wire"),
        ];
        assert_eq!(
            lines(&open, PLAIN),
            ["person injured — 1: A News; at least 1: Test Wire"]
        );
    }

    #[test]
    fn a_claimant_that_gives_a_new_figure_revises_it() {
        // KFOR says 25, then 30 (in record order); the same claim from two publishers is one.
        let figures = [
            figure(25, "exact", Some("KFOR"), "Test Wire"),
            figure(30, "exact", Some("KFOR"), "Fixture Wire"),
            figure(30, "exact", Some("KFOR"), "A News"),
        ];
        assert_eq!(
            lines(&figures, PLAIN),
            ["25, then 30 people injured — KFOR (Test Wire, Fixture Wire, A News)"]
        );
        // Beside another claimant's figure, each is shown with who makes it.
        let figures = [
            figure(25, "exact", Some("KFOR"), "Test Wire"),
            figure(40, "at_least", None, "A News"),
            figure(30, "exact", Some("KFOR"), "Fixture Wire"),
        ];
        assert_eq!(
            lines(&figures, PLAIN),
            ["people injured — 25, then 30: KFOR (Test Wire, Fixture Wire); at least 40: A News"]
        );
    }

    #[test]
    fn different_subjects_and_parts_are_lines_of_their_own() {
        let mut italians = figure(11, "exact", None, "Fixture Daily");
        italians.about = Some(Named {
            id: "italy".into(),
            name: "Italy".into(),
        });
        let mut part = figure(3, "exact", None, "Fixture Daily");
        part.part = true;
        part.label = "3 people injured (part of 12000 people injured in 2022)".into();
        let figures = [figure(12000, "exact", None, "A News"), italians, part];
        assert_eq!(
            lines(&figures, Style { thousands: true }),
            [
                "12,000 people injured — A News",
                "11 people injured — Fixture Daily",
                "3 people injured (part of 12,000 people injured in 2022) — Fixture Daily",
            ]
        );
    }
}
