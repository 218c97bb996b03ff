//! A Mermaid `timeline` diagram (for a ```` ```mermaid ```` block in GitHub or GitLab Markdown):
//! one section per year, one time period per date as the timeline words it, the event's title
//! with its figures as the period's entries.
//!
//! Every text is a label, and no label can become anything else. Mermaid's timeline lexer
//! (`timeline.jison`) tries its rules in order at the start of each token: `%%` and any character
//! before `%%` start a comment (and `%%{` anywhere is a directive), `#` starts a comment,
//! `timeline`, `title `, `section `, `accTitle` and `accDescr` (any case) are keywords, a period
//! ends at `:` or `#`, a section's name at `:`, and an entry at a colon followed by white space
//! or by the line's end. So each label is one line without control or invisible characters,
//! `%%` never appears (it is written `% %`), an empty label says so (`undated`, `untitled`), and:
//!
//! - a period has no `:` (written `∶`) or `#` (written `no. `), and one that begins with a
//!   keyword is put in quotes (`“title Fake”`);
//! - a section's name has no `:`;
//! - an entry has no colon that would end it.

use std::io::Write;

use anyhow::Result;

use crate::query::timeline::TimelineRow;

/// Write the diagram.
pub fn write(rows: &[TimelineRow], out: &mut dyn Write) -> Result<()> {
    writeln!(out, "timeline")?;
    writeln!(out, "    title annals timeline")?;
    let mut section: Option<String> = None;
    let mut period: Option<&str> = None;
    for row in rows {
        let year = section_text(
            row.earliest
                .as_deref()
                .or(row.latest.as_deref())
                .map_or("undated", year),
        );
        if section.as_deref() != Some(year.as_str()) {
            writeln!(out, "    section {year}")?;
            section = Some(year);
            period = None;
        }
        let entry = entry(row);
        let text = period_text(&row.date_human);
        if period == Some(row.date_human.as_str()) {
            let pad = " ".repeat(text.chars().count());
            writeln!(out, "        {pad} : {entry}")?;
        } else {
            writeln!(out, "        {text} : {entry}")?;
            period = Some(&row.date_human);
        }
    }
    out.flush()?;
    Ok(())
}

/// The year of an ISO day: its first four characters. The database may hold anything another
/// tool wrote there, so the cut is made at a character, never inside one.
fn year(day: &str) -> &str {
    day.char_indices().nth(4).map_or(day, |(i, _)| &day[..i])
}

/// The event's title and its figures' labels, each label once however many articles state it.
fn entry(row: &TimelineRow) -> String {
    let mut text = row.title.clone();
    if !row.figures.is_empty() {
        let mut labels: Vec<&str> = Vec::new();
        for f in &row.figures {
            if !labels.contains(&f.label.as_str()) {
                labels.push(&f.label);
            }
        }
        text.push_str(&format!(" ({})", labels.join(", ")));
    }
    if row.ongoing {
        text.push_str(" (ongoing)");
    }
    entry_text(&text)
}

/// Text on one line, without control or invisible characters, and without `%%` (a comment, or
/// with `{` a directive, wherever it stands): `% %` instead.
fn one_line(s: &str) -> String {
    let words = s
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control() && !crate::sanitize::is_invisible(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(words.len());
    let mut chars = words.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' && chars.peek() == Some(&'%') {
            out.push(' ');
        }
    }
    out
}

/// Entry text: one line, never empty, no colon that ends it (`: ` or a final `:`).
fn entry_text(s: &str) -> String {
    let one_line = or_else(one_line(s), "untitled");
    let mut out = String::with_capacity(one_line.len());
    let mut chars = one_line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek().is_none_or(|n| n.is_whitespace()) => out.push('∶'),
            c => out.push(c),
        }
    }
    out
}

/// Period text: one line, never empty, without `#` or `:`, quoted when it would begin with a
/// keyword.
fn period_text(s: &str) -> String {
    let text = or_else(one_line(s), "undated")
        .replace(':', "∶")
        .replace('#', "no. ");
    if starts_with_keyword(&text) {
        format!("“{text}”")
    } else {
        text
    }
}

/// A section's name: one line, never empty, without `:`.
fn section_text(s: &str) -> String {
    or_else(one_line(s), "undated").replace(':', "∶")
}

/// Whether `s` begins with a word Mermaid's timeline lexer reads as a keyword (in any case),
/// or the start of one: `timeline`, `title`, `section`, `accTitle`, `accDescr`.
fn starts_with_keyword(s: &str) -> bool {
    let head: String = s.chars().take(8).collect::<String>().to_ascii_lowercase();
    ["timeline", "title", "section", "acctitle", "accdescr"]
        .iter()
        .any(|k| head.starts_with(k))
}

/// `s`, or `empty` when it is empty.
fn or_else(s: String, empty: &str) -> String {
    if s.is_empty() {
        empty.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_cannot_break_the_grammar() {
        assert_eq!(entry_text("Vucic: no deal"), "Vucic∶ no deal");
        assert_eq!(entry_text("at 10:30"), "at 10:30");
        assert_eq!(entry_text("ends with:"), "ends with∶");
        assert_eq!(entry_text("50%% off"), "50% % off");
        assert_eq!(entry_text("%%%{init}%%"), "% % %{init}% %");
        assert_eq!(entry_text(" \u{200B} "), "untitled");
        assert_eq!(entry_text("two\nlines"), "two lines");
        assert_eq!(period_text("c. May: #2"), "c. May∶ no. 2");
        assert_eq!(period_text("title Fake title"), "“title Fake title”");
        assert_eq!(period_text("TIMELINE"), "“TIMELINE”");
        assert_eq!(period_text("accDescr { x }"), "“accDescr { x }”");
        assert_eq!(period_text("%% hidden"), "% % hidden");
        assert_eq!(period_text("x%%y"), "x% %y");
        assert_eq!(period_text(""), "undated");
        assert_eq!(period_text("Titled May"), "“Titled May”");
        assert_eq!(period_text("19 Jul 2023"), "19 Jul 2023");
        assert_eq!(section_text("20:3"), "20∶3");
        assert_eq!(section_text("%%{i"), "% %{i");
        assert_eq!(entry_text("a\u{1b}[2Jb \u{202E}c"), "a[2Jb c");
    }

    #[test]
    fn a_year_is_cut_at_a_character() {
        assert_eq!(year("2023-05-01"), "2023");
        assert_eq!(year("22€3-05-01"), "22€3");
        assert_eq!(year("€€€€€"), "€€€€");
        assert_eq!(year("20"), "20");
    }

    fn row(
        earliest: Option<String>,
        latest: Option<String>,
        human: String,
        title: String,
    ) -> TimelineRow {
        TimelineRow {
            id: "e".into(),
            date: "2023".into(),
            earliest,
            latest,
            date_human: human,
            precision: "year".into(),
            approximate: false,
            uncertain: false,
            ongoing: false,
            date_text: None,
            date_source: None,
            date_publisher: None,
            kind: "k".into(),
            title,
            summary: None,
            place: None,
            disputed_place: false,
            reported_places: Vec::new(),
            participants: vec![],
            figures: vec![],
            quotes: vec![],
            disputed: false,
            sources: vec![],
            window: None,
            geo: None,
        }
    }

    proptest::proptest! {
        /// Whatever another tool wrote into the dates and texts, the diagram is written.
        #[test]
        fn any_text_writes_a_diagram(
            rows in proptest::collection::vec(
                (
                    proptest::option::of(".{0,8}"),
                    proptest::option::of(".{0,8}"),
                    ".{0,12}",
                    ".{0,12}",
                ),
                1..6,
            )
        ) {
            let rows: Vec<TimelineRow> = rows
                .into_iter()
                .map(|(e, l, h, t)| row(e, l, h, t))
                .collect();
            let mut out = Vec::new();
            write(&rows, &mut out).unwrap();
            proptest::prop_assert!(String::from_utf8(out).is_ok());
        }
    }
}
