//! `annals show ID`: one thing in full, as readable text or as one JSON object.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};

use crate::cli::ShowArgs;
use crate::output::Format;
use crate::query::show::{
    show, ActorDetail, Detail, EventDetail, EventRef, EventReport, ParticipantRole, PlaceDetail,
    QuoteWithEvent, SourceDetail,
};
use crate::query::timeline::{Figure, Participant};

/// The forms `show` writes one thing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShowFormat {
    /// Readable text.
    Text,
    /// One pretty-printed JSON object.
    Json,
    /// One JSON object on one line.
    Jsonl,
}

impl ShowFormat {
    /// The form for `--format`, which takes every listing's formats: a CSV one is refused here,
    /// before the database is opened.
    fn of(format: Format) -> Result<ShowFormat> {
        Ok(match format {
            Format::Table => ShowFormat::Text,
            Format::Json => ShowFormat::Json,
            Format::Jsonl => ShowFormat::Jsonl,
            Format::Csv | Format::CsvRaw => bail!(
                "show describes one thing and has no CSV form: use --format table, json or jsonl"
            ),
        })
    }
}

pub fn run(db: &Path, args: &ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let format = ShowFormat::of(args.format)?;
    let conn = super::open_for_query(db, err)?;
    let detail = show(&conn, &args.id)?;
    match format {
        ShowFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&detail)?)?,
        ShowFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(&detail)?)?,
        // Nothing the record holds reaches the terminal as a control sequence.
        ShowFormat::Text => {
            let width = usize::from(crate::output::text_width(args.width));
            let text = crate::sanitize::terminal(&text(&detail)).into_owned();
            out.write_all(wrap(&text, width).as_bytes())?
        }
    }
    out.flush()?;
    Ok(())
}

fn figure_line(f: &Figure) -> String {
    let mut line = format!("  {}", f.label);
    if let Some(a) = &f.about {
        line.push_str(&format!(", of {}", a.name));
    }
    match &f.claimed_by {
        Some(c) => line.push_str(&format!(", by {}'s account", c.name)),
        None => line.push_str(", stated by the article"),
    }
    line.push_str(&format!(" [{}]", f.source));
    if let Some(t) = &f.text {
        line.push_str(&format!("\n    \"{t}\""));
    }
    line
}

fn quote_line(q: &QuoteWithEvent, with_speaker: bool, with_event: bool) -> String {
    let mut line = String::from("  ");
    if with_speaker {
        line.push_str(&format!("{}: ", q.speaker.name));
    }
    line.push_str(&format!("\"{}\" [{}]", q.text, q.source));
    if let (true, Some(e)) = (with_event, &q.event) {
        line.push_str(&format!("\n    at: {} ({})", e.name, e.id));
    }
    line
}

/// A participant, then each role the articles give it, with the articles that give it (a
/// listing without a role as "no role given").
fn participant_lines(p: &Participant, roles: &[ParticipantRole]) -> String {
    let mut line = format!("  {} ({} {})", p.name, p.kind, p.id);
    let mut given: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for r in roles.iter().filter(|r| r.participant.id == p.id) {
        let role = r.role.as_deref();
        match given.iter_mut().find(|(g, _)| *g == role) {
            Some((_, sources)) => sources.push(&r.source),
            None => given.push((role, vec![&r.source])),
        }
    }
    for (role, sources) in given {
        let role = role.unwrap_or("no role given");
        line.push_str(&format!("\n    {role} [{}]", sources.join(", ")));
    }
    line
}

fn event_line(e: &EventRef) -> String {
    let mut line = format!("  {:<22} {:<12} {}", e.date_human, e.kind, e.title);
    if let Some(role) = &e.role {
        line.push_str(&format!(" ({role})"));
    }
    line.push_str(&format!("\n  {:<22} {:<12} {}", "", "", e.id));
    line
}

fn section(out: &mut String, title: &str, lines: Vec<String>) {
    if lines.is_empty() {
        out.push_str(&format!("{title}: none\n"));
    } else {
        out.push_str(&format!("{title}:\n"));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
}

/// The readable form.
pub fn text(detail: &Detail) -> String {
    let mut s = String::new();
    match detail {
        Detail::Event(d) => event_text(&mut s, d),
        Detail::Person(a) => actor_text(&mut s, "person", a),
        Detail::Organisation(a) => actor_text(&mut s, "organisation", a),
        Detail::Place(p) => place_text(&mut s, p),
        Detail::Source(src) => source_text(&mut s, src),
    }
    s
}

/// An event: its date (with the words that gave it and their bounds), kind, place (and each
/// report's, when disputed) and summary, then its participants, figures, quotes and the
/// articles that report it, and each report's words when they differ.
fn event_text(s: &mut String, d: &EventDetail) {
    let e = &d.event;
    s.push_str(&format!("{}\nevent {}\n\n", e.title, e.id));
    let bounds = format!(
        "{} to {}",
        e.earliest.as_deref().unwrap_or("?"),
        e.latest
            .as_deref()
            .unwrap_or(if e.ongoing { "ongoing" } else { "?" })
    );
    // The date, then the words of the report that gave it and who published them.
    let date = crate::output::date_with_words(
        &e.date_human,
        e.date_text.as_deref(),
        e.date_publisher.as_deref(),
    );
    s.push_str(&format!("date:     {date} ({}; {bounds})\n", e.date));
    s.push_str(&format!("kind:     {}\n", e.event_kind));
    if let Some(p) = &e.place {
        s.push_str(&format!("place:    {} ({})\n", p.name, p.id));
    }
    if e.disputed_place {
        s.push_str("place disputed:\n");
        for p in &e.reported_places {
            s.push_str(&format!(
                "  {} [{}]: {}\n",
                p.place.name,
                p.place.id,
                p.sources.join(", ")
            ));
        }
    }
    if let Some(sum) = &e.summary {
        s.push_str(&format!("summary:  {sum}\n"));
    }
    s.push('\n');
    let parts = e
        .participants
        .iter()
        .map(|p| participant_lines(p, &d.roles))
        .collect();
    section(s, "participants", parts);
    section(s, "figures", e.figures.iter().map(figure_line).collect());
    let quotes = d.quotes.iter().map(|q| quote_line(q, true, false));
    section(s, "quotes", quotes.collect());
    section(
        s,
        "reported by",
        d.reports.iter().map(report_line).collect(),
    );
    let words = words_lines(d);
    if !words.is_empty() {
        section(s, "in each report's words", words);
    }
}

/// Each report's title (when it is not the event's) and summary, with its article and
/// publisher: none when every report gives the event's words or none.
fn words_lines(d: &EventDetail) -> Vec<String> {
    let e = &d.event;
    let own = |r: &&EventReport| {
        r.title.as_ref().is_some_and(|t| *t != e.title)
            || r.summary
                .as_ref()
                .is_some_and(|x| Some(x) != e.summary.as_ref())
    };
    if !d.reports.iter().any(|r| own(&r)) {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for r in d
        .reports
        .iter()
        .filter(|r| r.title.is_some() || r.summary.is_some())
    {
        let mut l = format!("  {} [{}]:", r.publisher, r.source.id);
        let own_title = r.title.as_ref().filter(|t| **t != e.title);
        if let Some(t) = own_title {
            l.push_str(&format!(" \"{t}\""));
        }
        match (&r.summary, own_title) {
            (Some(x), _) => l.push_str(&format!(" {x}")),
            (None, None) => l.push_str(" the event's title, no summary"),
            (None, Some(_)) => {}
        }
        lines.push(l);
    }
    lines
}

/// An article that reports an event, with the words it gave the date in.
fn report_line(r: &EventReport) -> String {
    let mut l = format!(
        "  {} {}: {} [{}]",
        r.published, r.publisher, r.source.name, r.source.id
    );
    if let Some(t) = &r.date_text {
        l.push_str(&format!(", \"{t}\""));
    }
    l
}

/// A person or an organisation (`kind`): aliases, an organisation's kind and parent, a person's
/// roles, the article that introduced them, then their events and quotes.
fn actor_text(s: &mut String, kind: &str, a: &ActorDetail) {
    s.push_str(&format!("{}\n{kind} {}\n\n", a.name, a.id));
    if !a.aliases.is_empty() {
        s.push_str(&format!("also:     {}\n", a.aliases.join(", ")));
    }
    if let Some(k) = &a.organisation_kind {
        s.push_str(&format!("kind:     {k}\n"));
    }
    if let Some(p) = &a.parent {
        s.push_str(&format!("part of:  {} ({})\n", p.name, p.id));
    }
    for r in &a.roles {
        let of = r
            .organisation
            .as_ref()
            .map(|o| format!(", {}", o.name))
            .unwrap_or_default();
        s.push_str(&format!("role:     {}{of} [{}]\n", r.title, r.source));
    }
    s.push_str(&format!("from:     {}\n\n", a.source));
    section(s, "events", a.events.iter().map(event_line).collect());
    let quotes = a.quotes.iter().map(|q| quote_line(q, false, true));
    section(s, "quotes", quotes.collect());
}

/// A place: its aliases, the article that introduced it, then its events.
fn place_text(s: &mut String, p: &PlaceDetail) {
    s.push_str(&format!("{}\nplace {}\n\n", p.name, p.id));
    if !p.aliases.is_empty() {
        s.push_str(&format!("also:     {}\n", p.aliases.join(", ")));
    }
    s.push_str(&format!("from:     {}\n\n", p.source));
    section(s, "events", p.events.iter().map(event_line).collect());
}

/// A source: who published it when, its link and seed file, then the events it reports and the
/// figures and quotes it gives.
fn source_text(s: &mut String, src: &SourceDetail) {
    s.push_str(&format!("{}\nsource {}\n\n", src.title, src.id));
    s.push_str(&format!(
        "publisher: {}\npublished: {}\n",
        src.publisher, src.published
    ));
    if let Some(u) = &src.url {
        s.push_str(&format!("url:       {u}\n"));
    }
    if let Some(f) = &src.seed_file {
        s.push_str(&format!("seed file: {f}\n"));
    }
    s.push('\n');
    section(s, "events", src.events.iter().map(event_line).collect());
    section(s, "figures", src.figures.iter().map(figure_line).collect());
    let quotes = src.quotes.iter().map(|q| quote_line(q, true, true));
    section(s, "quotes", quotes.collect());
}

/// `text` with every line longer than `width` characters broken at spaces, never inside a word
/// (an id or a link stays whole). A line's continuations start under its last column that
/// begins in the first half of the width (after a label, `summary:  `, or an event's date and
/// kind), or else two more than the line's own indent.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (line, end) = match line.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (line, ""),
        };
        if line.chars().count() <= width {
            out.push_str(line);
            out.push_str(end);
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let indent = continuation(line, lead, width);
        // Each word with the spaces before it, kept as they are unless the line breaks there.
        let mut used = 0;
        let mut rest = line;
        while !rest.is_empty() {
            let word_at = rest.len() - rest.trim_start_matches(' ').len();
            let word_end = rest[word_at..]
                .find(' ')
                .map_or(rest.len(), |i| word_at + i);
            let (gap, word) = (&rest[..word_at], &rest[word_at..word_end]);
            let n = word.chars().count();
            // Broken only where the word then fits, or at least starts further left.
            if used > indent && used + gap.len() + n > width && indent + n <= width {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                used = indent;
            } else {
                out.push_str(gap);
                used += gap.len();
            }
            out.push_str(word);
            used += n;
            rest = &rest[word_end..];
        }
        out.push_str(end);
    }
    out
}

/// Where a wrapped line's continuations start: after the last run of two or more spaces (a
/// column's start) within the first half of `width`, or two past the line's `lead`.
fn continuation(line: &str, lead: usize, width: usize) -> usize {
    let mut best = None;
    let mut spaces = 0;
    for (i, c) in line.chars().enumerate().skip(lead) {
        if i > width / 2 {
            break;
        }
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                best = Some(i);
            }
            spaces = 0;
        }
    }
    best.unwrap_or(lead + 2)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_lines_break_at_spaces_under_their_label() {
        assert_eq!(
            wrap("summary:  one two three four five\n  short\n", 24),
            "summary:  one two three\n          four five\n  short\n"
        );
        assert_eq!(
            wrap("  Alpha Beta Gamma Delta\n", 12),
            "  Alpha Beta\n    Gamma\n    Delta\n"
        );
        // Columns keep their spacing; a continuation starts under the last one.
        assert_eq!(
            wrap(
                "  May 2023   attack   NATO troops attacked in the north\n",
                50
            ),
            "  May 2023   attack   NATO troops attacked in the\n                      north\n"
        );
        // A word longer than the width stays whole.
        assert_eq!(
            wrap("url:  https://example.com/a/long/link\n", 10),
            "url:  https://example.com/a/long/link\n"
        );
    }
}
