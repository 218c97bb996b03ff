//! An event's figures as a reader wants them: the same number stated by several articles once,
//! with every article that states it ("30 soldiers injured — Fixture Daily, A News"), and
//! different numbers for the same thing as one range with each claimant ("52–93 people injured —
//! 93: Jens Stoltenberg (A News); 52–80: Fixture Wire"). Pure: the figures come in the record's
//! order (publication date, article id, the article's own order) and the lines keep it.

use super::timeline::Figure;
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

/// Who says a figure: the claimant with the publisher, or the publisher alone when the article
/// states it itself.
fn attribution(f: &Figure) -> String {
    match &f.claimed_by {
        Some(c) => format!("{} ({})", c.name, f.publisher),
        None => f.publisher.clone(),
    }
}

/// The attributions of `figures`, each once, in their order.
fn attributions(figures: &[&Figure]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for f in figures {
        let a = attribution(f);
        if !seen.contains(&a) {
            seen.push(a);
        }
    }
    seen.join(", ")
}

/// What a figure says, as a key: qualifier and numbers.
fn statement(f: &Figure) -> (String, String, String, String) {
    let n = |v: &Option<serde_json::Number>| v.as_ref().map(|n| n.to_string()).unwrap_or_default();
    (f.qualifier.clone(), n(&f.value), n(&f.low), n(&f.high))
}

fn line(group: &[&Figure], style: Style) -> String {
    let first = group[0];
    // Statements in the order first made, each with the figures that make it.
    let mut statements: Vec<Vec<&Figure>> = Vec::new();
    for f in group {
        match statements
            .iter_mut()
            .find(|s| statement(s[0]) == statement(f))
        {
            Some(s) => s.push(f),
            None => statements.push(vec![f]),
        }
    }
    if statements.len() == 1 {
        let own = format!(
            "{} {}",
            amount(first, style),
            things(first, amount_is_one(first))
        );
        let label = match first.label.split_once(" (part of ") {
            // The record's label says what it is part of.
            Some((_, whole)) if first.part => {
                format!("{own} (part of {}", amount_first(whole, style))
            }
            _ => own,
        };
        return format!("{label} — {}", attributions(group));
    }
    // The lowest low and the highest high (open when any is), compared exactly.
    let (low, high) = statements
        .iter()
        .map(|s| interval(s[0]))
        .reduce(|(lo, hi), (l, h)| {
            let low = if exact_cmp(&l, &lo).is_lt() { l } else { lo };
            let high = hi
                .zip(h)
                .map(|(a, b)| if exact_cmp(&b, &a).is_gt() { b } else { a });
            (low, high)
        })
        .unwrap_or_else(|| (0.into(), Some(0.into())));
    let range = match &high {
        None => format!("at least {}", count(&low, style)),
        Some(h) if exact_cmp(h, &low).is_eq() => count(&low, style),
        Some(h) => format!("{}–{}", count(&low, style), count(h, style)),
    };
    let is_one = |n: &serde_json::Number| n.as_f64() == Some(1.0);
    let one = is_one(&low) && high.as_ref().is_none_or(is_one);
    let accounts: Vec<String> = statements
        .iter()
        .map(|s| format!("{}: {}", amount(s[0], style), attributions(s)))
        .collect();
    format!("{range} {} — {}", things(first, one), accounts.join("; "))
}

/// A count as stored: a whole number keeps every digit (no trip through f64), with thousands
/// separators when the style asks for them; a fraction is written as stored.
fn count(v: &serde_json::Number, style: Style) -> String {
    if style.thousands && (v.is_i64() || v.is_u64()) {
        crate::output::thousands(&v.to_string())
    } else {
        v.to_string()
    }
}

/// Two counts compared exactly when both are whole, else as floats.
fn exact_cmp(a: &serde_json::Number, b: &serde_json::Number) -> std::cmp::Ordering {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
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
                crate::output::thousands(w)
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

/// A figure read as an interval of counts, by the rule `aggregate figures` reads it with
/// ([`crate::query::aggregate::interval`]): `at_least` is open above, `at_most` starts at 0.
fn interval(f: &Figure) -> (serde_json::Number, Option<serde_json::Number>) {
    crate::query::aggregate::interval(&f.qualifier, f.value.clone(), f.low.clone(), f.high.clone())
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
    fn different_numbers_are_a_range_read_as_aggregate_reads_them() {
        let figures = [
            figure(6, "at_most", None, "A News"),
            figure(10, "approximately", Some("KFOR"), "Test Wire"),
        ];
        assert_eq!(
            lines(&figures, PLAIN),
            ["0–10 people injured — at most 6: A News; about 10: KFOR (Test Wire)"]
        );
        // A range qualified "at most" starts at 0, as aggregate figures reads it.
        let mut at_most_range = figure(0, "at_most", None, "Fixture Wire");
        (at_most_range.value, at_most_range.low, at_most_range.high) =
            (None, Some(52.into()), Some(80.into()));
        let ranged = [figure(93, "exact", None, "A News"), at_most_range];
        assert_eq!(
            lines(&ranged, PLAIN),
            ["0–93 people injured — 93: A News; at most 52–80: Fixture Wire"]
        );
        let open = [
            figure(1, "exact", None, "A News"),
            figure(1, "at_least", None, "Test Wire"),
        ];
        assert_eq!(
            lines(&open, PLAIN),
            ["at least 1 person injured — 1: A News; at least 1: Test Wire"]
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
