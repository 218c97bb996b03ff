//! Step 7 of a draft: each quote and each figure given the event of its sentence (or of the one
//! before), with its speaker or claimant and what it counts; the words `check` would not find
//! verbatim in the article left out; then the [`Draft`] assembled with the names it lists.

use chrono::NaiveDate;

use crate::date::{FuzzyDate, Point};
use crate::query::names::Kind;
use crate::seed::check::{fold_for_quote, found_in, text_problem};

use super::entities::{NewEntity, Target};
use super::events::Dated;
use super::figures::Count;
use super::quotes;
use super::sentences::clip;
use super::{
    clean, Claim, Draft, DraftEvent, DraftFigure, DraftQuote, Ids, Input, PassedOver, ReadArticle,
    StoredName,
};

/// The event a sentence's quote or figure belongs to.
pub struct EventOf<'e> {
    dated: &'e [Dated],
    /// Each event's start in the article.
    starts: Vec<usize>,
    /// Whether each event's date is stated (not read from a clause).
    stated: Vec<bool>,
}

impl<'e> EventOf<'e> {
    pub fn new(events: &[DraftEvent], dated: &'e [Dated]) -> EventOf<'e> {
        EventOf {
            dated,
            starts: events.iter().map(|e| e.start).collect(),
            stated: events.iter().map(|e| e.reading.is_none()).collect(),
        }
    }

    /// The event at byte `at` of `sentence`: its own (the last one starting before `at`, else
    /// its first with date words: a date read from a clause dates only what follows), else the
    /// one before it, else the first after it.
    fn at(&self, sentence: usize, at: usize) -> Option<usize> {
        // `dated` is in sentence order.
        let a = self.dated.partition_point(|d| d.sentence < sentence);
        let b = self.dated.partition_point(|d| d.sentence <= sentence);
        let own: Vec<usize> = self.dated[a..b.max(a)].iter().map(|d| d.event).collect();
        let mine = own
            .iter()
            .copied()
            .rev()
            .find(|i| self.starts[*i] <= at)
            .or_else(|| own.iter().copied().find(|i| self.stated[*i]));
        if mine.is_some() {
            return mine;
        }
        a.checked_sub(1)
            .map(|k| self.dated[k].event)
            .or_else(|| self.dated.first().map(|d| d.event))
    }
}

/// The quotes a draft gives, and the passages it leaves as comments.
pub struct Quotes {
    pub quotes: Vec<DraftQuote>,
    /// Passages with no speaker found, or that `check` would not find verbatim.
    pub unattributed: Vec<String>,
}

/// Each quoted passage with its speaker and event; which ones `check` will find verbatim in the
/// article is read in one pass, as it looks.
pub fn quotes(a: &ReadArticle<'_>, events: &[DraftEvent], event_of: &EventOf<'_>) -> Quotes {
    let mut out = Quotes {
        quotes: Vec::new(),
        unattributed: Vec::new(),
    };
    let folded: Vec<String> = a.passages.iter().map(|q| fold_for_quote(&q.text)).collect();
    let verbatim = found_in(&fold_for_quote(a.text), &folded);
    for (q, verbatim) in a.passages.iter().zip(verbatim) {
        let q_text = q.text.clone();
        if !verbatim || text_problem("text", &q_text).is_some() {
            out.unattributed.push(clean(&q_text));
            continue;
        }
        let Some(t) = q.speaker else {
            out.unattributed.push(q_text);
            continue;
        };
        out.quotes.push(DraftQuote {
            speaker: a.names.id(a.store, t).to_string(),
            speaker_name: a.names.name(a.store, t).to_string(),
            how: q.how,
            event: event_of
                .at(q.sentence, q.start)
                .map(|i| events[i].id.clone()),
            text: q_text,
        });
    }
    out
}

/// What the event made for figures that no date comes before is made of.
pub struct Fallback<'a> {
    pub published: NaiveDate,
    /// The article's title, when given.
    pub title: Option<&'a str>,
}

impl Fallback<'_> {
    /// An event on the publication day, for the figures of an article with no date before them.
    fn event(&self, ids: &mut Ids) -> DraftEvent {
        let id = ids.fresh(&format!("{}-reported", self.published.format("%Y-%m-%d")));
        DraftEvent {
            id,
            report_of: None,
            evidence: String::new(),
            maybe: Vec::new(),
            words: String::new(),
            date: FuzzyDate::Single(Point::day(self.published)),
            alone: false,
            reading: None,
            kind: "report".into(),
            title: clip(
                &clean(self.title.unwrap_or("What the article reports")),
                120,
            ),
            summary: String::new(),
            place: None,
            participants: Vec::new(),
            expected: false,
            sentence: 0,
            start: 0,
        }
    }
}

/// Each figure with the event of its sentence (added to `events` when no date comes before any
/// figure), its unit, measure, claimant and what it counts. A figure's text is checked like a
/// quote: one `check` would not find verbatim (a control character cleaned out of it) is left
/// out, the figure kept.
pub fn figures(
    a: &ReadArticle<'_>,
    counts: &[Count],
    events: &mut Vec<DraftEvent>,
    event_of: &EventOf<'_>,
    ids: &mut Ids,
    fallback: &Fallback<'_>,
) -> Vec<DraftFigure> {
    let mut reported: Option<usize> = None;
    let mut out: Vec<DraftFigure> = Vec::new();
    for f in counts {
        let event = match event_of.at(f.sentence, f.start) {
            Some(i) => i,
            None => *reported.get_or_insert_with(|| {
                events.push(fallback.event(ids));
                events.len() - 1
            }),
        };
        let before = out.last().map(|x| x.unit.clone());
        out.push(figure(a, f, before, events[event].id.clone()));
    }
    let folded: Vec<String> = out.iter().map(|f| fold_for_quote(&f.text)).collect();
    let verbatim = found_in(&fold_for_quote(a.text), &folded);
    for (f, verbatim) in out.iter_mut().zip(verbatim) {
        if !verbatim {
            f.text.clear();
        }
    }
    out
}

/// One figure of event `event`; `before` is the unit of the figure before it, for "of them".
fn figure(a: &ReadArticle<'_>, f: &Count, before: Option<String>, event: String) -> DraftFigure {
    let (unit, unit_guessed) = match (&f.unit, f.unit_from_before, before) {
        (Some(u), _, _) => (u.clone(), false),
        (None, true, Some(b)) => (b, true),
        _ => ("people".to_string(), true),
    };
    DraftFigure {
        event,
        amount: f.amount,
        unit: clip(&clean(&unit), 100),
        unit_guessed,
        // With no words saying what it counts, its unit, marked for review.
        measure: f
            .measure
            .clone()
            .unwrap_or_else(|| clip(&clean(&unit), 100)),
        measure_guessed: f.measure.is_none(),
        claimed_by: claim(a, f),
        about: about(a, f),
        text: clip(&clean(&a.text[f.start..f.end]), 2000),
    }
}

/// Who claims a figure: the speaker of the quote it is in, else who its sentence says claims
/// what it states.
fn claim(a: &ReadArticle<'_>, f: &Count) -> Option<Claim> {
    // Passages are in the order of the text.
    let quoted = a
        .passages
        .partition_point(|q| q.start <= f.start)
        .checked_sub(1)
        .map(|k| &a.passages[k])
        .filter(|q| f.end <= q.end + 1)
        .and_then(|q| q.speaker);
    let (t, how) = match quoted {
        Some(t) => (t, "the speaker of the quote it is in"),
        None => (
            quotes::claimant(a.text, a.sentences, f.sentence, a.names, a.store)?,
            "named with the verb of saying of its sentence",
        ),
    };
    Some(Claim {
        by: a.names.id(a.store, t).to_string(),
        how,
    })
}

/// Whom a figure counts: someone named in its words ("25 KFOR peacekeepers"), or the
/// organisation "its" or "their" stands for ("30 of its soldiers").
fn about(a: &ReadArticle<'_>, f: &Count) -> Option<String> {
    let names = a.names;
    names
        .in_sentence(f.sentence)
        .find(|m| {
            m.start >= f.start && m.end <= f.end && names.kind(a.store, m.target) != Kind::Place
        })
        .or_else(|| {
            let words = a.text[f.start..f.end].to_lowercase();
            let possessive = words
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "its" || w == "their");
            names
                .in_sentence(f.sentence)
                .filter(|m| m.end <= f.start && names.kind(a.store, m.target) == Kind::Organisation)
                .last()
                .filter(|_| possessive)
        })
        .map(|m| names.id(a.store, m.target).to_string())
}

/// The draft: its source from `input` (the first sentence for a title not given), the names it
/// lists, its events, quotes and figures.
pub fn assemble(
    input: &Input<'_>,
    a: &ReadArticle<'_>,
    events: Vec<DraftEvent>,
    quotes: Quotes,
    figures: Vec<DraftFigure>,
) -> Draft {
    let first_line = a
        .sentences
        .first()
        .map(|s| clip(&clean(s.text(a.text)), 120))
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
        people: proposed(a, Kind::Person),
        organisations: proposed(a, Kind::Organisation),
        places: proposed(a, Kind::Place),
        stored: stored(a),
        events,
        figures,
        quotes: quotes.quotes,
        unattributed: quotes.unattributed,
        skipped: a
            .names
            .skipped
            .iter()
            .map(|(n, why)| PassedOver {
                name: clip(&clean(n), 200),
                why: why.why(),
            })
            .collect(),
    }
}

/// The stored people, organisations and places the text names, each once, in the order named.
fn stored(a: &ReadArticle<'_>) -> Vec<StoredName> {
    let mut out: Vec<StoredName> = Vec::new();
    for m in &a.names.mentions {
        if let Target::Stored(i) = m.target {
            let e = &a.store.entities[i];
            if !out.iter().any(|s| s.id == e.id) {
                out.push(StoredName {
                    kind: e.kind,
                    id: e.id.clone(),
                    name: e.name.clone(),
                    on_map: a.store.on_map.get(&e.id).cloned(),
                });
            }
        }
    }
    out
}

/// The new names of `kind` the draft proposes, their names and aliases cleaned.
fn proposed(a: &ReadArticle<'_>, kind: Kind) -> Vec<NewEntity> {
    a.names
        .new
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| NewEntity {
            name: clip(&clean(&e.name), 200),
            aliases: e.aliases.iter().map(|a| clip(&clean(a), 200)).collect(),
            ..e.clone()
        })
        .collect()
}
