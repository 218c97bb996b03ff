//! Step 8 of a draft: the [`Draft`] written as a seed file: the layout and order of `annals new`'s skeleton, string
//! values quoted as the skeleton quotes them, by the `toml` crate (so any text is escaped
//! correctly), and a `# review:`
//! comment on every line the draft guessed, and on every event whose seeding would change a
//! stored event's date or place.

use std::fmt::Write;

use crate::seed::changes::Change;
use crate::seed::model::toml_string as q;
use crate::seed::model::Number;

use super::entities::NewEntity;
use super::quotes::How;
use super::{Draft, DraftEvent, DraftFigure};

fn number(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => toml::Value::Float(f).to_string(),
    }
}

/// A comment's text on one line.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `key = "value"`, followed by `# review: why` when the value is a guess.
fn line(out: &mut String, key: &str, value: &str, guess: Option<&str>) {
    let _ = write!(out, "{key} = {}", q(value));
    if let Some(why) = guess {
        let _ = write!(out, "   # review: {why}");
    }
    out.push('\n');
}

fn entities(out: &mut String, table: &str, list: &[NewEntity], what: &str) {
    for e in list {
        let _ = writeln!(
            out,
            "[[{table}]]   # review: not in the database; {what}? {}; is the name whole and right?",
            comment(&e.why)
        );
        let _ = writeln!(out, "id = {}", q(&e.id));
        let _ = writeln!(out, "name = {}", q(&e.name));
        if let Some(kind) = e.org_kind {
            let _ = writeln!(out, "kind = {}", q(kind));
        }
        if !e.aliases.is_empty() {
            let list: Vec<String> = e.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(
                out,
                "aliases = [{}]   # review: as the article names them",
                list.join(", ")
            );
        }
        out.push('\n');
    }
}

/// The draft as a seed file.
pub fn render(d: &Draft) -> String {
    reviewed(d, &[])
}

/// The draft with a `# review:` line above each event for every change in `changes` (what
/// seeding the draft would change) to that stored event's date or place.
pub fn reviewed(d: &Draft, changes: &[Change]) -> String {
    let mut out = String::new();
    header(&mut out, d);
    source(&mut out, d);
    names(&mut out, d);
    if !d.events.is_empty() {
        out.push_str(
            "# Events: one for each date the text gives, or a report of a stored event.\n\n",
        );
    }
    for e in &d.events {
        event(&mut out, e, changes);
    }
    if !d.figures.is_empty() {
        out.push_str("# Figures, each with the event of its sentence.\n\n");
    }
    for f in &d.figures {
        figure(&mut out, f);
    }
    quotes(&mut out, d);
    if d.events.is_empty() && d.quotes.is_empty() {
        out.push_str("# review: the draft found no dated event and no quote in the text.\n");
    }
    out
}

/// The comment that opens the file: the article, and what to do with the draft.
fn header(out: &mut String, d: &Draft) {
    let day = d.published.format("%Y-%m-%d");
    let _ = writeln!(
        out,
        "# {} ({}, {day}).",
        comment(&d.title),
        comment(&d.publisher)
    );
    let _ = writeln!(
        out,
        "# Drafted by `annals draft` from {}",
        comment(&d.article)
    );
    out.push_str(
        "# (its text and what the database holds). Every line marked `# review:` is a guess:\n\
         # check it against the article, correct or delete it, add what the draft missed, then\n\
         # run `annals check` and `annals seed`. The format, the date words annals resolves and\n\
         # every check: README.md, \"The seed format\" and \"Adding an article\".\n\n",
    );
}

/// The `[source]` table.
fn source(out: &mut String, d: &Draft) {
    out.push_str("[source]\n");
    out.push_str("# id = \"...\"                      # optional: defaults to this file's name without .toml\n");
    line(
        out,
        "title",
        &d.title,
        d.title_guessed
            .then_some("the article's first sentence; give its title"),
    );
    line(
        out,
        "publisher",
        &d.publisher,
        d.publisher_guessed.then_some("who published the article"),
    );
    let _ = writeln!(out, "published = \"{}\"", d.published.format("%Y-%m-%d"));
    match &d.url {
        Some(u) => {
            let _ = writeln!(out, "url = {}", q(u));
        }
        None => out.push_str("# url = \"https://...\"\n"),
    }
    match &d.text_file {
        Some(t) => {
            let _ = writeln!(
                out,
                "text = {}   # the article's text, beside this file: quotes are checked against it",
                q(t)
            );
        }
        None => out.push_str(
            "# text = \"...\"   # review: put the article's text beside this file and name it here\n",
        ),
    }
    out.push('\n');
}

/// The stored names the text gives (a comment), the new ones proposed, and those left out (a
/// comment).
fn names(out: &mut String, d: &Draft) {
    if !d.stored.is_empty() {
        out.push_str(
            "# Named in the text and already in the database (referred to by id below):\n",
        );
        for s in &d.stored {
            let _ = writeln!(out, "#   {} {} ({})", s.kind, s.id, comment(&s.name));
        }
        out.push('\n');
    }
    // Where the record puts a stored place, as an entry to uncomment: the article's listing
    // states only what the article says, so coordinates the text does not give stay a comment.
    for s in &d.stored {
        if let Some(keys) = &s.on_map {
            let _ = writeln!(
                out,
                "# review: where the database puts {}; uncomment if the article places it so, or \
                 give the article's own\n# [[places]]\n# id = {}",
                comment(&s.name),
                q(&s.id)
            );
            for line in keys.lines() {
                let _ = writeln!(out, "# {line}");
            }
            out.push('\n');
        }
    }
    if !(d.people.is_empty() && d.organisations.is_empty() && d.places.is_empty()) {
        out.push_str("# People, organisations and places the database does not hold, as the text names them.\n\n");
    }
    entities(out, "people", &d.people, "a person");
    entities(out, "organisations", &d.organisations, "an organisation");
    entities(out, "places", &d.places, "a place");
    if !d.skipped.is_empty() {
        out.push_str(
            "# Named in the text but not proposed (add any that takes part in what happened):\n",
        );
        for s in &d.skipped {
            let _ = writeln!(out, "#   {} ({})", comment(&s.name), s.why);
        }
        out.push('\n');
    }
}

/// One `[[events]]` table, with the review lines above it: the stored event it reports, those
/// it may report, and what seeding it changes (of `changes`).
fn event(out: &mut String, e: &DraftEvent, changes: &[Change]) {
    if let Some(r) = &e.report_of {
        let _ = writeln!(
            out,
            "# review: reports the stored event {:?} ({}): it shares {}",
            comment(&r.title),
            r.date,
            comment(&e.evidence)
        );
        let _ = writeln!(out, "# review: the article: {:?}", comment(&e.summary));
    }
    for m in &e.maybe {
        let _ = writeln!(
            out,
            "# review: drafted as new; it may report the stored event {}; if so, use its id",
            comment(m)
        );
    }
    for c in changes
        .iter()
        .filter(|c| c.to_review() && c.event() == e.id)
    {
        let _ = writeln!(
            out,
            "# review: seeding changes the stored {}",
            comment(&c.to_string())
        );
    }
    out.push_str("[[events]]\n");
    let _ = writeln!(out, "id = {}", q(&e.id));
    event_date(out, e);
    if e.report_of.is_none() {
        event_words(out, e);
    }
    if let Some(p) = &e.place {
        let _ = writeln!(
            out,
            "place = {}   # review: the place the sentence names",
            q(p)
        );
    }
    if !e.participants.is_empty() {
        let list: Vec<String> = e
            .participants
            .iter()
            .map(|p| format!("{{ id = {} }}", q(p)))
            .collect();
        let _ = writeln!(
            out,
            "participants = [{}]   # review: everyone the sentence names; add roles",
            list.join(", ")
        );
    }
    if e.expected {
        out.push_str("expected = true   # review: dated after publication\n");
    }
    out.push('\n');
}

/// An event's `date` (when its words alone do not give it) and `date_text`, each with how it
/// was read.
fn event_date(out: &mut String, e: &DraftEvent) {
    if !e.alone {
        let why = match e.reading {
            Some(r) => r.why(),
            None if e.words.is_empty() => "the publication day: no date words before these figures",
            None => "counted from the date mentioned before",
        };
        let _ = writeln!(out, "date = \"{}\"   # review: {why}", e.date);
    }
    if e.words.is_empty() {
        return;
    }
    let how = match e.reading {
        Some(_) => "the words it was read from;",
        None => "resolves to",
    };
    let _ = writeln!(
        out,
        "date_text = {}   # review: {how} {}",
        q(&e.words),
        comment(&e.date.human())
    );
}

/// A new event's kind, title and summary.
fn event_words(out: &mut String, e: &DraftEvent) {
    let _ = writeln!(
        out,
        "kind = {}   # review: guessed from the words",
        q(&e.kind)
    );
    let _ = writeln!(
        out,
        "title = {}   # review: the {}; make it a title",
        q(&e.title),
        if e.summary.starts_with(e.title.trim_end_matches('…')) {
            "sentence"
        } else {
            "clause its date belongs to"
        }
    );
    if !e.summary.is_empty() {
        let _ = writeln!(out, "summary = {}", q(&e.summary));
    }
}

/// One `[[figures]]` table.
fn figure(out: &mut String, f: &DraftFigure) {
    out.push_str("[[figures]]   # review: read from the words in `text`\n");
    let _ = writeln!(
        out,
        "event = {}   # review: the event of its sentence, or the one before",
        q(&f.event)
    );
    match (f.amount.value, f.amount.low, f.amount.high) {
        (Some(v), _, _) => {
            let _ = writeln!(out, "value = {}", number(v));
        }
        (None, Some(l), Some(h)) => {
            let _ = writeln!(out, "low = {}\nhigh = {}", number(l), number(h));
        }
        _ => {}
    }
    let _ = writeln!(out, "qualifier = \"{}\"", f.amount.qualifier.as_str());
    line(
        out,
        "unit",
        &f.unit,
        f.unit_guessed
            .then_some("no unit after the number; guessed"),
    );
    line(
        out,
        "measure",
        &f.measure,
        f.measure_guessed
            .then_some("no words say what the number measures: its unit; say what it counts"),
    );
    if let Some(a) = &f.about {
        line(out, "about", a, Some("whom its words count"));
    }
    if let Some(c) = &f.claimed_by {
        line(out, "claimed_by", &c.by, Some(c.how));
    }
    if !f.text.is_empty() {
        let _ = writeln!(out, "text = {}", q(&f.text));
    }
    out.push('\n');
}

/// The `[[quotes]]` tables, then the passages with no speaker found, as comments.
fn quotes(out: &mut String, d: &Draft) {
    if !d.quotes.is_empty() {
        out.push_str("# Quotes, verbatim.\n\n");
    }
    for quote in &d.quotes {
        out.push_str("[[quotes]]\n");
        let how = match quote.how {
            How::Named => "named in the attribution",
            How::Pronoun => "\"he\"/\"she\" or a description: the person named last",
            How::Previous => "no attribution: the speaker before or the person named last",
        };
        let who = format!("{} ({how})", comment(&quote.speaker_name));
        line(out, "speaker", &quote.speaker, Some(&who));
        if let Some(e) = &quote.event {
            line(
                out,
                "event",
                e,
                Some("the event of its sentence, or the one before"),
            );
        }
        let _ = writeln!(out, "text = {}", q(&quote.text));
        out.push('\n');
    }
    for u in &d.unattributed {
        let _ = writeln!(
            out,
            "# review: a quote with no speaker found: {:?}",
            comment(u)
        );
    }
}
