//! A seed file drafted from an article's text and from what the database already holds: quotes
//! with their speakers, dated events (or reports of stored events), figures, and the people,
//! organisations and places the text names. Rule-based and pure: [`draft`] reads nothing but its
//! arguments; `commands::draft` reads the files and the database, [`render`] writes the TOML.
//!
//! Everything guessed is marked for review in the written file.

pub mod dates;
pub mod entities;
pub mod figures;
pub mod lexicon;
pub mod matching;
pub mod quotes;
pub mod render;
pub mod score;
pub mod sentences;
#[cfg(test)]
mod shapes;
pub mod store;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::date::{End, FuzzyDate};
use crate::query::names::Kind;
use crate::seed::model::Amount;
use matching::kind_of;

use entities::{NewEntity, Target};
use quotes::How;
use sentences::{clip, one_line, Sentence};
use store::Store;

pub use render::render;

/// What the command line says of the article.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub text: &'a str,
    pub published: NaiveDate,
    pub publisher: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The article's file name as `[source] text` gives it, when it will lie beside the seed.
    pub text_file: Option<&'a str>,
    /// The article's file as given, for the header comment.
    pub article: &'a str,
}

/// An event the draft proposes: new, or a report of a stored event.
#[derive(Debug, Clone)]
pub struct DraftEvent {
    pub id: String,
    /// The stored event it reports: its title and date.
    pub report_of: Option<(String, String)>,
    /// What the sentence shares with the stored event it reports.
    pub evidence: String,
    /// Stored events it may report, on evidence too weak to say so: each described.
    pub maybe: Vec<String>,
    pub words: String,
    pub date: FuzzyDate,
    /// Whether `words` alone resolve to `date`.
    pub alone: bool,
    /// How the date was read, when the words do not state it.
    pub reading: Option<dates::Reading>,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub place: Option<String>,
    pub participants: Vec<String>,
    pub expected: bool,
    sentence: usize,
    start: usize,
}

#[derive(Debug, Clone)]
pub struct DraftFigure {
    pub event: String,
    pub amount: Amount,
    pub unit: String,
    pub unit_guessed: bool,
    pub measure: String,
    pub measure_guessed: bool,
    /// Who claims it, and how that was read.
    pub claimed_by: Option<(String, &'static str)>,
    /// Whom or what it counts, when its words name them.
    pub about: Option<String>,
    /// The article's words for it; empty when they are not in the article verbatim.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct DraftQuote {
    pub speaker: String,
    pub speaker_name: String,
    pub how: How,
    pub event: Option<String>,
    pub text: String,
}

/// A drafted seed file, before it is written.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    pub title_guessed: bool,
    pub publisher: String,
    pub publisher_guessed: bool,
    pub published: NaiveDate,
    pub url: Option<String>,
    pub text_file: Option<String>,
    pub article: String,
    pub people: Vec<NewEntity>,
    pub organisations: Vec<NewEntity>,
    pub places: Vec<NewEntity>,
    /// Stored people, organisations and places the text names: (kind, id, name).
    pub stored: Vec<(Kind, String, String)>,
    pub events: Vec<DraftEvent>,
    pub figures: Vec<DraftFigure>,
    pub quotes: Vec<DraftQuote>,
    /// Quoted passages with no speaker found, left as comments.
    pub unattributed: Vec<String>,
    /// Capitalised names the text gives that are not proposed, with why: comments.
    pub skipped: Vec<(String, &'static str)>,
}

/// Remove control and invisible characters (a seed's text fields may not hold them), white space
/// made single spaces.
pub fn clean(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !crate::sanitize::is_invisible(*c))
        .collect();
    one_line(&kept)
}

/// The part of an EDTF date an event id starts with: its first point ("2023-05-30", "2023-05",
/// "2008"), or "undated" for an open start.
fn id_prefix(d: &FuzzyDate) -> String {
    let p = match d {
        FuzzyDate::Single(p) => Some(p),
        FuzzyDate::Interval {
            start: End::Date(p),
            ..
        } => Some(p),
        _ => None,
    };
    match p {
        Some(p) => match (p.month, p.day) {
            (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", p.year),
            (Some(m), None) => format!("{:04}-{m:02}", p.year),
            _ => format!("{:04}", p.year),
        },
        None => "undated".into(),
    }
    .replace(|c: char| !(c.is_ascii_digit() || c == '-'), "")
}

/// Reports, with no date, of stored states going on that a sentence without date words tells
/// of ("Serbia, which does not recognise the independence of Kosovo, …" for "Serbia continues to
/// regard Kosovo as its territory"): two of the state's participants named, and a word of what
/// the record says of it (its title, summary or a role). No date is given, so no stored date
/// changes.
fn undated_states(
    text: &str,
    sentences: &[Sentence],
    spans: &[dates::DateSpan],
    found: &entities::Names,
    store: &Store,
    name_stems: &HashSet<String>,
    reports: &HashMap<String, usize>,
) -> Vec<DraftEvent> {
    let mut out: Vec<DraftEvent> = Vec::new();
    let dated: HashSet<usize> = spans.iter().map(|d| d.sentence).collect();
    for (si, s) in sentences.iter().enumerate() {
        // A speaker's own words are no statement of the record's.
        let quoted = s.text(text).contains(['"', '\u{201C}', '\u{201D}', '«']);
        if dated.contains(&si) || quoted {
            continue;
        }
        let mut people: Vec<String> = Vec::new();
        for m in found.in_sentence(si) {
            let id = found.id(store, m.target).to_string();
            if found.kind(store, m.target) != Kind::Place && !people.contains(&id) {
                people.push(id);
            }
        }
        if people.len() < 2 {
            continue;
        }
        let sentence = clean(s.text(text));
        let stems: Vec<String> = matching::stems(&sentence)
            .into_iter()
            .filter(|w| !name_stems.contains(w))
            .collect();
        let best = store
            .events
            .iter()
            .filter(|e| e.date.ongoing() && !reports.contains_key(&e.id))
            .filter(|e| !out.iter().any(|o| o.id == e.id))
            .filter_map(|e| {
                let shared = e.participants.iter().filter(|p| people.contains(p)).count();
                let said = store.state_words.get(&e.id)?;
                let words = matching::stems(said)
                    .iter()
                    .filter(|w| stems.contains(w))
                    .count();
                (shared >= 2 && words >= 1).then_some((shared + words, e, shared, words))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)));
        if let Some((_, e, shared, words)) = best {
            out.push(DraftEvent {
                id: e.id.clone(),
                report_of: Some((e.title.clone(), e.date.human())),
                evidence: format!(
                    "{shared} of its participants and {words} word(s) of what the record says of \
                     it, in a sentence with no date words (so no date is given)"
                ),
                maybe: Vec::new(),
                words: String::new(),
                date: e.date,
                alone: true,
                reading: None,
                kind: String::new(),
                title: String::new(),
                summary: sentence,
                place: None,
                participants: people,
                expected: false,
                sentence: si,
                start: s.start,
            });
        }
    }
    out
}

/// The people and organisations a sentence names or quotes, and the first place it names.
fn people_of(
    si: usize,
    found: &entities::Names,
    quotes: &[quotes::Passage],
    store: &Store,
) -> (Vec<String>, Option<String>) {
    let mut participants: Vec<String> = Vec::new();
    let mut place = None;
    for m in found.in_sentence(si) {
        let id = found.id(store, m.target).to_string();
        match found.kind(store, m.target) {
            Kind::Place => {
                place.get_or_insert(id);
            }
            _ => {
                if !participants.contains(&id) {
                    participants.push(id);
                }
            }
        }
    }
    let first = quotes.partition_point(|q| q.sentence < si);
    for q in quotes[first..].iter().take_while(|q| q.sentence == si) {
        if let Some(t) = q.speaker {
            let id = found.id(store, t).to_string();
            if !participants.contains(&id) {
                participants.push(id);
            }
        }
    }
    (participants, place)
}

/// The words of sentence `s` within four words of the byte range `a..b`.
fn beside<'t>(text: &'t str, s: &Sentence, a: usize, b: usize) -> &'t str {
    let st = s.text(text);
    let toks = sentences::tokens(st);
    let first = toks.partition_point(|t| s.start + t.end <= a);
    let last = toks.partition_point(|t| s.start + t.start < b);
    let from = toks.get(first.saturating_sub(4)).map_or(0, |t| t.start);
    let to = toks
        .get((last + 3).min(toks.len().saturating_sub(1)))
        .map_or(st.len(), |t| t.end);
    st.get(from..to.max(from)).unwrap_or("")
}

/// The ids in use, and for each base the next number to try, so that a thousand events of one
/// title take time in their number, not its square.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// A fresh id from `base`, unused until now, which then is in use.
    fn fresh(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "item" } else { base };
        let mut id = base.to_string();
        let n = self.next.entry(base.to_string()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

/// Draft a seed file for `input` against what `store` holds.
pub fn draft(input: &Input<'_>, store: &Store) -> Draft {
    let text = input.text;
    let sentences: Vec<Sentence> = sentences::sentences(text);
    let spans = dates::find(text, &sentences, input.published);
    // Words of a stated date are no name and no figure (a read date's range is its clause).
    // The stated dates by start, each with the furthest end of those up to it: a range a..b
    // meets one exactly when, of those starting before b, the furthest end is after a.
    let mut stated: Vec<(usize, usize)> = spans
        .iter()
        .filter(|d| d.reading.is_none())
        .map(|d| (d.start, d.end))
        .collect();
    stated.sort_unstable();
    let reach: Vec<usize> = stated
        .iter()
        .scan(0, |furthest, &(_, end)| {
            *furthest = end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    let dateline = sentences::dateline(text);
    let taken = |a: usize, b: usize| {
        let before = stated.partition_point(|&(start, _)| start < b);
        (before > 0 && reach[before - 1] > a) || dateline.is_some_and(|(x, y)| a < y && x < b)
    };
    let found = entities::find(text, &sentences, store, &taken, input.publisher);
    let quotes = quotes::find(text, &sentences, &found, store);
    let figures = figures::find(text, &sentences, &taken);
    let mut ids = Ids::default();
    ids.taken.extend(store.ids.iter().cloned());
    ids.taken.extend(found.new.iter().map(|e| e.id.clone()));

    // The stems of every stored name but its common nouns ("Kosovo Police" gives "kosov",
    // not "polic"): they say who, not what happened.
    let lex = lexicon::lexicon();
    let name_stems: HashSet<String> = store
        .entities
        .iter()
        .flat_map(|e| e.names.iter().flat_map(|n| n.split(' ')))
        .filter(|w| {
            let w = w.to_lowercase();
            !lex.organisation_words.contains(&w) && !lex.place_nouns.contains(&w)
        })
        .flat_map(matching::stems)
        .collect();

    // The sentences with date words.
    let dated: HashSet<usize> = spans.iter().map(|d| d.sentence).collect();

    // Events: one per date expression, or a report of the stored event it matches.
    let mut events: Vec<DraftEvent> = Vec::new();
    // For each span, the index of its event in `events`.
    let mut reported: Vec<(usize, usize)> = Vec::new();
    // Stored events the draft reports, by id: their index in `events`.
    let mut reports: HashMap<String, usize> = HashMap::new();
    // What a sentence says of its people and place, read once for all its dates.
    let mut read: Option<(usize, String, Vec<String>, Option<String>)> = None;
    for span in &spans {
        let s = &sentences[span.sentence];
        if read.as_ref().is_none_or(|r| r.0 != span.sentence) {
            let (participants, place) = people_of(span.sentence, &found, &quotes, store);
            read = Some((span.sentence, clean(s.text(text)), participants, place));
        }
        let Some((_, sentence, participants, place)) = read.as_ref() else {
            continue;
        };
        let expected = span.date.earliest().is_some_and(|e| e > input.published);
        // A date read without date words (a present perfect, a continuing state) is never
        // given to a stored event. Stored events with a compatible date that share a participant
        // or the place, best first; one the draft already reports with another date is passed
        // over.
        let find = |people: &[String], words: &str| {
            if expected || span.reading.is_some() || store.events.is_empty() {
                return Vec::new();
            }
            let near = beside(text, s, span.start, span.end);
            matching::candidates(
                store,
                &span.date,
                people,
                place.as_deref(),
                words,
                near,
                &name_stems,
            )
        };
        let mut candidates = find(participants, sentence);
        // With none, the sentence after it, when it states no date of its own, may tell of the
        // same event on that very day ("… on Wednesday expressed hope …. His remarks came after
        // his meeting with …").
        let next = span.sentence + 1;
        if candidates.iter().all(|c| !c.strong) && next < sentences.len() && !dated.contains(&next)
        {
            let mut people = participants.clone();
            for m in found.in_sentence(next) {
                let id = found.id(store, m.target).to_string();
                if found.kind(store, m.target) != Kind::Place && !people.contains(&id) {
                    people.push(id);
                }
            }
            let words = format!("{sentence} {}", clean(sentences[next].text(text)));
            let more: Vec<_> = find(&people, &words)
                .into_iter()
                .filter(|c| c.strong && c.event.date == span.date)
                .collect();
            if !more.is_empty() {
                candidates = more;
            }
        }
        let maybe: Vec<String> = candidates
            .iter()
            .filter(|c| !c.strong)
            .take(3)
            .map(|c| {
                format!(
                    "{} \"{}\" ({}): {}",
                    c.event.id,
                    c.event.title,
                    c.event.date.human(),
                    c.evidence
                )
            })
            .collect();
        let mut matched = None;
        for c in candidates.iter().filter(|c| c.strong) {
            let e = c.event;
            match reports.get(&e.id).copied() {
                Some(i) if events[i].date == span.date => {
                    matched = Some(Err(i));
                    break;
                }
                Some(_) => continue,
                None => {
                    matched = Some(Ok((e, c.evidence.clone())));
                    break;
                }
            }
        }
        match matched {
            Some(Err(i)) => {
                reported.push((span.sentence, i));
                continue;
            }
            Some(Ok((e, evidence))) => {
                // A report states a place only where it is the stored one or lies within it.
                let place = place.clone().filter(|p| match &e.place {
                    Some(q) => store.place_in(p, q),
                    None => true,
                });
                events.push(DraftEvent {
                    id: e.id.clone(),
                    report_of: Some((e.title.clone(), e.date.human())),
                    evidence,
                    maybe: Vec::new(),
                    words: span.words.clone(),
                    date: span.date,
                    alone: span.alone,
                    reading: span.reading,
                    kind: String::new(),
                    title: String::new(),
                    summary: sentence.clone(),
                    place,
                    participants: participants.clone(),
                    expected: false,
                    sentence: span.sentence,
                    start: span.start,
                });
                reported.push((span.sentence, events.len() - 1));
                reports.insert(e.id.clone(), events.len() - 1);
                // One date may tell of several stored events of that very day ("the agreement
                // they accepted at their meeting on Feb. 27"): each its words name twice over.
                let more: Vec<&matching::Match> = candidates
                    .iter()
                    .filter(|c| {
                        c.strong
                            && c.words >= 2
                            && c.event.date == span.date
                            && !reports.contains_key(&c.event.id)
                    })
                    .collect();
                for c in more {
                    let mut also = events[events.len() - 1].clone();
                    also.id = c.event.id.clone();
                    also.report_of = Some((c.event.title.clone(), c.event.date.human()));
                    also.evidence = c.evidence.clone();
                    also.place = None;
                    events.push(also);
                    reports.insert(c.event.id.clone(), events.len() - 1);
                }
                continue;
            }
            None => {}
        }
        // The same date twice in one sentence is one event.
        if let Some(i) = (0..events.len())
            .rev()
            .take_while(|i| events[*i].sentence == span.sentence)
            .find(|i| events[*i].date == span.date)
        {
            reported.push((span.sentence, i));
            continue;
        }
        // The clause the event is, when the date belongs to part of the sentence.
        let own = span
            .clause
            .and_then(|(a, b)| text.get(a..b))
            .map(clean)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| sentence.clone());
        let title = clip(&own, 120);
        let words: Vec<&str> = title.split(' ').take(6).collect();
        let base = format!(
            "{}-{}",
            id_prefix(&span.date),
            entities::slug(&words.join(" "))
        );
        let id = ids.fresh(base.trim_matches('-'));
        events.push(DraftEvent {
            id,
            report_of: None,
            evidence: String::new(),
            maybe,
            words: span.words.clone(),
            date: span.date,
            alone: span.alone,
            reading: span.reading,
            kind: kind_of(&own),
            title,
            summary: clip(sentence, 1000),
            place: place.clone(),
            participants: participants.clone(),
            expected,
            sentence: span.sentence,
            start: span.start,
        });
        reported.push((span.sentence, events.len() - 1));
    }

    events.extend(undated_states(
        text,
        &sentences,
        &spans,
        &found,
        store,
        &name_stems,
        &reports,
    ));

    // The event a sentence belongs to: its own (the last one starting before `at`, else its
    // first with date words: a date read from a clause dates only what follows), else the one
    // before it, else the first after it.
    let starts: Vec<usize> = events.iter().map(|e| e.start).collect();
    let stated: Vec<bool> = events.iter().map(|e| e.reading.is_none()).collect();
    let event_for = |sentence: usize, at: usize| -> Option<usize> {
        // `reported` is in sentence order.
        let a = reported.partition_point(|(s, _)| *s < sentence);
        let b = reported.partition_point(|(s, _)| *s <= sentence);
        let own: Vec<usize> = reported[a..b.max(a)].iter().map(|(_, i)| *i).collect();
        let mine = own
            .iter()
            .copied()
            .rev()
            .find(|i| starts[*i] <= at)
            .or_else(|| own.iter().copied().find(|i| stated[*i]));
        if mine.is_some() {
            return mine;
        }
        a.checked_sub(1)
            .map(|k| reported[k].1)
            .or_else(|| reported.first().map(|(_, i)| *i))
    };

    // Quotes.
    let mut draft_quotes = Vec::new();
    let mut unattributed = Vec::new();
    // Which quotes `check` will find verbatim in the article, all in one pass as it looks.
    let fold = crate::seed::check::fold_for_quote;
    let folded: Vec<String> = quotes.iter().map(|q| fold(&q.text)).collect();
    let verbatim = crate::seed::check::found_in(&fold(text), &folded);
    for (q, verbatim) in quotes.iter().zip(verbatim) {
        let q_text = q.text.clone();
        if !verbatim || crate::seed::check::text_problem("text", &q_text).is_some() {
            unattributed.push(clean(&q_text));
            continue;
        }
        match q.speaker {
            Some(t) => {
                let (id, name) = match t {
                    Target::Stored(i) => {
                        (store.entities[i].id.clone(), store.entities[i].name.clone())
                    }
                    Target::New(i) => (found.new[i].id.clone(), found.new[i].name.clone()),
                };
                draft_quotes.push(DraftQuote {
                    speaker: id,
                    speaker_name: name,
                    how: q.how,
                    event: event_for(q.sentence, q.start).map(|i| events[i].id.clone()),
                    text: q_text,
                });
            }
            None => unattributed.push(q_text),
        }
    }

    // Figures, each attached to the event of its sentence.
    let mut fallback: Option<usize> = None;
    let mut draft_figures: Vec<DraftFigure> = Vec::new();
    for f in &figures {
        let event = match event_for(f.sentence, f.start) {
            Some(i) => i,
            None => *fallback.get_or_insert_with(|| {
                let id = ids.fresh(&format!("{}-reported", input.published.format("%Y-%m-%d")));
                events.push(DraftEvent {
                    id,
                    report_of: None,
                    evidence: String::new(),
                    maybe: Vec::new(),
                    words: String::new(),
                    date: FuzzyDate::Single(crate::date::Point::day(input.published)),
                    alone: false,
                    reading: None,
                    kind: "report".into(),
                    title: clip(
                        &clean(input.title.unwrap_or("What the article reports")),
                        120,
                    ),
                    summary: String::new(),
                    place: None,
                    participants: Vec::new(),
                    expected: false,
                    sentence: 0,
                    start: 0,
                });
                events.len() - 1
            }),
        };
        let before = draft_figures.last().map(|x| x.unit.clone());
        let (unit, unit_guessed) = match (&f.unit, f.unit_from_before, before) {
            (Some(u), _, _) => (u.clone(), false),
            (None, true, Some(b)) => (b, true),
            _ => ("people".to_string(), true),
        };
        // Quotes are in the order of the text.
        let quoted = quotes
            .partition_point(|q| q.start <= f.start)
            .checked_sub(1)
            .map(|k| &quotes[k])
            .filter(|q| f.end <= q.end + 1)
            .and_then(|q| q.speaker);
        let claimed_by = match quoted {
            Some(t) => Some((t, "the speaker of the quote it is in")),
            None => quotes::claimant(text, &sentences, f.sentence, &found, store)
                .map(|t| (t, "named with the verb of saying of its sentence")),
        }
        .map(|(t, how)| (found.id(store, t).to_string(), how));
        // What it counts is of someone named in its words ("25 KFOR peacekeepers"), or of the
        // organisation "its" or "their" stands for ("30 of its soldiers").
        let about = found
            .in_sentence(f.sentence)
            .find(|m| {
                m.start >= f.start && m.end <= f.end && found.kind(store, m.target) != Kind::Place
            })
            .or_else(|| {
                let words = text[f.start..f.end].to_lowercase();
                let possessive = words
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "its" || w == "their");
                found
                    .in_sentence(f.sentence)
                    .filter(|m| {
                        m.end <= f.start && found.kind(store, m.target) == Kind::Organisation
                    })
                    .last()
                    .filter(|_| possessive)
            })
            .map(|m| found.id(store, m.target).to_string());
        draft_figures.push(DraftFigure {
            event: events[event].id.clone(),
            amount: f.amount,
            unit: clip(&clean(&unit), 100),
            unit_guessed,
            measure: f.measure.clone().unwrap_or_else(|| "counted".to_string()),
            measure_guessed: f.measure.is_none(),
            claimed_by,
            about,
            text: clip(&clean(&text[f.start..f.end]), 2000),
        });
    }

    // A figure's text is checked like a quote: one `check` would not find verbatim (a control
    // character cleaned out of it) is left out, the figure kept.
    let folded: Vec<String> = draft_figures.iter().map(|f| fold(&f.text)).collect();
    let verbatim = crate::seed::check::found_in(&fold(text), &folded);
    for (f, verbatim) in draft_figures.iter_mut().zip(verbatim) {
        if !verbatim {
            f.text.clear();
        }
    }

    // Names: stored ones by id, new ones proposed.
    let mut stored: Vec<(Kind, String, String)> = Vec::new();
    for m in &found.mentions {
        if let Target::Stored(i) = m.target {
            let e = &store.entities[i];
            if !stored.iter().any(|(_, id, _)| *id == e.id) {
                stored.push((e.kind, e.id.clone(), e.name.clone()));
            }
        }
    }
    let pick = |kind: Kind| -> Vec<NewEntity> {
        found
            .new
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| NewEntity {
                name: clip(&clean(&e.name), 200),
                aliases: e.aliases.iter().map(|a| clip(&clean(a), 200)).collect(),
                ..e.clone()
            })
            .collect()
    };
    let first_line = sentences
        .first()
        .map(|s| clip(&clean(s.text(text)), 120))
        .filter(|t| !t.is_empty());
    let title = input
        .title
        .map(|t| clip(&clean(t), 500))
        .filter(|t| !t.is_empty());
    let publisher = input
        .publisher
        .map(|p| clip(&clean(p), 200))
        .filter(|p| !p.is_empty());
    Draft {
        title_guessed: title.is_none(),
        title: title
            .or(first_line)
            .unwrap_or_else(|| "Untitled article".into()),
        publisher_guessed: publisher.is_none(),
        publisher: publisher.unwrap_or_else(|| "Unknown publisher".into()),
        published: input.published,
        url: input.url.map(str::to_string),
        text_file: input.text_file.map(str::to_string),
        article: input.article.to_string(),
        people: pick(Kind::Person),
        organisations: pick(Kind::Organisation),
        places: pick(Kind::Place),
        stored,
        events,
        figures: draft_figures,
        quotes: draft_quotes,
        unattributed,
        skipped: found
            .skipped
            .iter()
            .map(|(n, why)| (clip(&clean(n), 200), why.why()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as an article published on `day` July 2023, with nothing else given.
    fn plain(text: &str, day: u32) -> Input<'_> {
        Input {
            text,
            published: NaiveDate::from_ymd_opt(2023, 7, day).unwrap(),
            publisher: None,
            title: None,
            url: None,
            text_file: None,
            article: "a.txt",
        }
    }

    #[test]
    fn clean_text_has_no_character_a_seed_refuses() {
        let dirty = "A\u{061C}b\u{200B}c\u{202E}d\u{00AD}e\u{7}f\r\ng\u{FEFF}h";
        let cleaned = clean(dirty);
        assert_eq!(cleaned, "Abcdef gh");
        assert_eq!(crate::seed::check::text_problem("title", &cleaned), None);
    }

    #[test]
    fn kinds_come_from_the_first_action_then_from_saying() {
        for (sentence, kind) in [
            (
                "He recalled that in May, NATO troops were attacked and 93 people were injured.",
                "attack",
            ),
            (
                "On May 30, NATO decided to send 700 more troops after 30 soldiers were injured.",
                "decision",
            ),
            ("Kurti rejected the claim on Thursday.", "statement"),
            ("Nothing of note on Monday.", "event"),
        ] {
            assert_eq!(kind_of(sentence), kind, "{sentence}");
        }
    }

    #[test]
    fn a_speaker_the_database_does_not_hold_is_a_new_person() {
        let text = "\"We are ready for talks now,\" said Kurti on Monday. \"Nothing will change here,\" he added.";
        let input = plain(text, 19);
        let d = draft(&input, &Store::default());
        let people: Vec<&str> = d.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(people, ["kurti"]);
        assert!(d.organisations.is_empty());
        let quotes: Vec<(&str, &str, How)> = d
            .quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.text.as_str(), q.how))
            .collect();
        assert_eq!(
            quotes,
            [
                ("kurti", "We are ready for talks now", How::Named),
                ("kurti", "Nothing will change here", How::Pronoun)
            ]
        );
        assert!(
            render(&d).contains("speaker = \"kurti\"   # review: Kurti (named in the attribution)")
        );
    }

    #[test]
    fn a_read_date_names_its_rule_and_dates_only_what_follows_its_clause() {
        let text = "In May, NATO troops were attacked. \"Three of them were hurt. NATO has \
                    increased its presence with 500 troops,\" he said. Following the April \
                    elections, the EU said the turnout was low.";
        let input = plain(text, 19);
        let d = draft(&input, &Store::default());
        let events: Vec<(&str, String, &str)> = d
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.date.to_string(), e.kind.as_str()))
            .collect();
        assert_eq!(
            events,
            [
                (
                    "2023-05-in-may-nato-troops-were-attacked",
                    "2023-05".into(),
                    "attack"
                ),
                (
                    "2023-05-nato-has-increased-its-presence-with",
                    "2023-05/2023-07-19".into(),
                    "event"
                ),
                ("2023-04-the-april-elections", "2023-04".into(), "election"),
                (
                    "2023-04-the-eu-said-the-turnout-was",
                    "2023-04/2023-07-19".into(),
                    "statement"
                ),
            ]
        );
        // "Three of them" comes before the clause "has increased" dates: it stays with May.
        let figures: Vec<(&str, &str)> = d
            .figures
            .iter()
            .map(|f| (f.text.as_str(), f.event.as_str()))
            .collect();
        assert_eq!(
            figures,
            [
                (
                    "Three of them were hurt",
                    "2023-05-in-may-nato-troops-were-attacked"
                ),
                ("500 troops", "2023-05-nato-has-increased-its-presence-with"),
            ]
        );
        let written = render(&d);
        assert!(written.contains(
            "date = \"2023-05/2023-07-19\"   # review: inferred: a present perfect with no date words"
        ));
        assert!(written.contains(
            "date_text = \"Following the April elections\"   # review: the words it was read from"
        ));
        assert!(written.contains(
            "title = \"the EU said the turnout was low\"   # review: the clause its date belongs to"
        ));
    }

    /// A store that holds NATO and, each with NATO taking part, the events (id, title, kind,
    /// date) given.
    fn nato_store(events: &[(&str, &str, &str, &str)]) -> Store {
        use crate::draft::store::{StoredEntity, StoredEvent};
        let mut ids = vec!["nato".to_string()];
        ids.extend(events.iter().map(|e| e.0.to_string()));
        Store {
            entities: vec![StoredEntity {
                kind: Kind::Organisation,
                id: "nato".into(),
                name: "NATO".into(),
                names: vec!["nato".into(), "NATO".into()],
            }],
            events: events
                .iter()
                .map(|&(id, title, kind, date)| StoredEvent {
                    id: id.into(),
                    title: title.into(),
                    kind: kind.into(),
                    date: FuzzyDate::parse(date).unwrap(),
                    place: None,
                    participants: vec!["nato".into()],
                })
                .collect(),
            ids,
            ..Store::default()
        }
    }

    #[test]
    fn of_two_stored_events_alike_the_one_of_the_kind_the_words_suggest_is_reported() {
        let store = nato_store(&[
            (
                "a-request",
                "Serbs ask NATO for help",
                "request",
                "2023-07-19",
            ),
            ("z-meeting", "NATO chiefs meet", "meeting", "2023-07-19"),
        ]);
        let reported = |text: &str| -> Vec<String> {
            let input = plain(text, 21);
            draft(&input, &store)
                .events
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        // The request's title shares a word ("Serbs"), the meeting's none; the kind decides.
        assert_eq!(
            reported("On Wednesday, after meeting NATO, Serbs spoke of security."),
            ["z-meeting"]
        );
        assert_eq!(
            reported("On Wednesday, Serbs asked NATO for security."),
            ["a-request"]
        );
    }

    #[test]
    fn a_draft_reports_the_stored_event_that_fits_best() {
        let store = nato_store(&[
            (
                "a-decision",
                "NATO decides to send troops",
                "decision",
                "2023-05-30",
            ),
            ("an-attack", "NATO troops attacked", "attack", "2023-05"),
            ("a-state", "NATO is present", "position", "2008/.."),
        ]);
        let text = "In May, NATO troops were attacked. On May 30, NATO decided to send troops. \
                    On May 12, NATO met in Oslo.";
        let input = plain(text, 19);
        let d = draft(&input, &store);
        let ids: Vec<(&str, bool)> = d
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.report_of.is_some()))
            .collect();
        // "In May" is the attack (the same month), "On May 30" the decision (the same day);
        // 12 May fits the attack's month, which this draft already reports with another date,
        // so it is a new event; the ongoing state is never reported by a dated sentence.
        assert_eq!(
            ids,
            [
                ("an-attack", true),
                ("a-decision", true),
                ("2023-05-12-on-may-12-nato-met-in", false)
            ]
        );
    }
}

/// Property tests: drafting never panics, whatever the text, and what it writes is always a
/// seed file that parses, with every quote verbatim in the text.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 35] = [
        "\"",
        "\u{201C}",
        "\u{201D}",
        ",",
        ".",
        " ",
        "\n",
        "\n\n",
        "said",
        "he",
        "Vučić",
        "Jens Stoltenberg",
        "NATO",
        "in May",
        "on Wednesday",
        "the following day",
        "at least",
        "93",
        "people",
        "were",
        "injured",
        "Three",
        "of them",
        "since late",
        "2008",
        "1,200",
        "e\u{301}",
        "\u{202E}",
        "\t",
        "Žž",
        "Following the April elections",
        "continues to",
        "has increased",
        "remains",
        "but",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..60)
                .prop_map(|w| w.join(" ")),
            proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..60)
                .prop_map(|w| w.concat()),
            "\\PC{0,300}",
            ".{0,300}",
        ]
    }

    /// A record with names the words above use, and events they may report.
    fn store() -> Store {
        use crate::draft::store::{StoredEntity, StoredEvent};
        let entity = |kind, id: &str, names: &[&str]| StoredEntity {
            kind,
            id: id.into(),
            name: names[0].into(),
            names: std::iter::once(id)
                .chain(names.iter().copied())
                .map(str::to_string)
                .collect(),
        };
        let event = |id: &str, date: &str, who: &str| StoredEvent {
            id: id.into(),
            title: "NATO troops attacked".into(),
            kind: "attack".into(),
            date: FuzzyDate::parse(date).unwrap(),
            place: Some("brussels".into()),
            participants: vec![who.into()],
        };
        let mut s = Store {
            entities: vec![
                entity(
                    Kind::Person,
                    "aleksandar-vucic",
                    &["Aleksandar Vucic", "Vučić"],
                ),
                entity(Kind::Organisation, "nato", &["NATO", "the alliance"]),
                entity(Kind::Place, "brussels", &["Brussels"]),
            ],
            events: vec![
                event("e1", "2023-05", "nato"),
                event("e2", "2023-07-19", "aleksandar-vucic"),
                event("e3", "2008/..", "nato"),
            ],
            ..Store::default()
        };
        s.ids = ["aleksandar-vucic", "nato", "brussels", "e1", "e2", "e3"]
            .map(String::from)
            .to_vec();
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn drafts_any_text_into_a_seed_file_that_parses(t in text(), title in ".{0,40}") {
            let input = Input {
                text: &t,
                published: NaiveDate::from_ymd_opt(2023, 7, 19).unwrap(),
                publisher: Some("P"),
                title: Some(&title),
                url: None,
                text_file: Some("a.txt"),
                article: "a.txt",
            };
            let d = draft(&input, &store());
            let written = render(&d);
            let parsed = crate::seed::model::parse(std::path::Path::new("x.toml"), &written);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), written);
            let body = crate::seed::check::fold_for_quote(&t);
            for q in &d.quotes {
                prop_assert!(body.contains(&crate::seed::check::fold_for_quote(&q.text)));
            }
        }

        /// With no database, every draft passes every check `annals check` makes, as written,
        /// its text beside it.
        #[test]
        fn drafts_from_the_text_alone_pass_check(t in text()) {
            let input = Input {
                text: &t,
                published: NaiveDate::from_ymd_opt(2023, 7, 19).unwrap(),
                publisher: Some("P"),
                title: None,
                url: None,
                text_file: Some("a.txt"),
                article: "a.txt",
            };
            let written = render(&draft(&input, &Store::default()));
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("a.txt"), &t).unwrap();
            std::fs::write(dir.path().join("d.toml"), &written).unwrap();
            let checked = crate::seed::check_files(None, &[dir.path().join("d.toml")]);
            prop_assert!(checked.is_ok(), "{:#}\n{}", checked.unwrap_err(), written);
        }
    }
}
