//! A Mermaid `timeline` diagram (for a ```` ```mermaid ```` block in GitHub or GitLab Markdown):
//! one section per year, one time period per date as the timeline words it, the event's title
//! with its figures as the period's entries.
//!
//! Mermaid's timeline grammar ends an entry at a colon followed by a space, and starts a comment
//! at `#` or `%%`; text is rewritten so that none of these can break the diagram.

use std::io::Write;

use anyhow::Result;

use crate::query::timeline::TimelineRow;

/// Write the diagram.
pub fn write(rows: &[TimelineRow], out: &mut dyn Write) -> Result<()> {
    writeln!(out, "timeline")?;
    writeln!(out, "    title annals timeline")?;
    let mut section: Option<&str> = None;
    let mut period: Option<&str> = None;
    for row in rows {
        let year = row
            .earliest
            .as_deref()
            .or(row.latest.as_deref())
            .map_or("undated", year);
        if section != Some(year) {
            writeln!(out, "    section {year}")?;
            section = Some(year);
            period = None;
        }
        let entry = entry(row);
        if period == Some(row.date_human.as_str()) {
            let pad = " ".repeat(period_text(&row.date_human).chars().count());
            writeln!(out, "        {pad} : {entry}")?;
        } else {
            writeln!(out, "        {} : {entry}", period_text(&row.date_human))?;
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

/// Text on one line, without control or invisible characters.
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control() && !crate::sanitize::is_invisible(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Entry text: one line, no colon that ends it (`: ` or a final `:`), no `%%` comment.
fn entry_text(s: &str) -> String {
    let one_line = one_line(s);
    let mut out = String::with_capacity(one_line.len());
    let mut chars = one_line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek().is_none_or(|n| n.is_whitespace()) => out.push('∶'),
            '%' if chars.peek() == Some(&'%') => out.push_str("% "),
            c => out.push(c),
        }
    }
    out
}

/// Period text: one line without `#` or `:`.
fn period_text(s: &str) -> String {
    one_line(s).replace(':', "∶").replace('#', "no. ")
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
        assert_eq!(entry_text("two\nlines"), "two lines");
        assert_eq!(period_text("c. May: #2"), "c. May∶ no. 2");
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
            participants: vec![],
            figures: vec![],
            quotes: vec![],
            disputed: false,
            sources: vec![],
            window: None,
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
