//! Part of step 6 of a draft (see `events`): which stored event a dated sentence of the article
//! reports, and the kind of event its words suggest.

use std::collections::HashSet;

use crate::date::FuzzyDate;
use crate::seed::merge::overlap;

use super::lexicon::lexicon;
use super::store::{Store, StoredEvent};

/// Stored events `sentence` may report, best first. A stored event is a candidate only on
/// strong evidence: a date compatible with `date`, and words that tell the same thing (a stem of
/// its title that is no name, or the kind the sentence's words suggest), and a participant (or a
/// parent organisation) or the place in common; or, with no one in common, both a title stem
/// and the kind. Ranked by what they share (a participant counts double, a parent organisation
/// once, the place double), by how the date fits (the same date best, then a stored date of at
/// most a month that holds it), by title stems and the kind; then the narrower date, then the id.
/// `near` holds the words beside the date. `names` holds the stems of every stored name, which say nothing of what happened.
pub fn candidates<'s>(
    store: &'s Store,
    date: &FuzzyDate,
    participants: &[String],
    place: Option<&str>,
    sentence: &str,
    near: &str,
    names: &HashSet<String>,
) -> Vec<Match<'s>> {
    // The kind the words beside the date suggest ("after clashes on May 29"), else the
    // sentence's.
    let kind = match kind_of(near) {
        k if k == "event" || k == "statement" => kind_of(sentence),
        k => k,
    };
    let said = SentenceSays {
        date,
        participants,
        place,
        stems: stems(sentence)
            .into_iter()
            .filter(|s| !names.contains(s))
            .collect(),
        kind,
        // Every kind the sentence's words suggest, for a second event of the same day.
        told: kinds_in(sentence),
    };
    let mut candidates: Vec<Match> = store
        .events
        .iter()
        // An ongoing state ("since 2008") is reported by words that say it goes on.
        .filter(|e| overlap(&e.date, date) && e.date.ongoing() == date.ongoing())
        .filter_map(|e| said.weigh(store, e))
        .collect();
    candidates.sort_by(|a, b| {
        b.strong
            .cmp(&a.strong)
            .then_with(|| b.score.cmp(&a.score))
            .then_with(|| span_days(&a.event.date).cmp(&span_days(&b.event.date)))
            .then_with(|| a.event.id.cmp(&b.event.id))
    });
    candidates
}

/// What a dated sentence says, as matching weighs it.
struct SentenceSays<'a> {
    date: &'a FuzzyDate,
    participants: &'a [String],
    place: Option<&'a str>,
    /// The stems of its words that are no stored name.
    stems: Vec<String>,
    /// The kind its words suggest.
    kind: String,
    /// Every kind its words suggest.
    told: Vec<String>,
}

impl SentenceSays<'_> {
    /// What stored event `e` shares with the sentence, and whether that is strong evidence; none
    /// when it is weak and no one is in common.
    fn weigh<'s>(&self, store: &Store, e: &'s StoredEvent) -> Option<Match<'s>> {
        let lex = lexicon();
        let shared = e
            .participants
            .iter()
            .filter(|p| self.participants.contains(p))
            .count();
        let related = e
            .participants
            .iter()
            .filter(|p| self.participants.iter().any(|q| store.related(p, q)))
            .count();
        let at = match (self.place, e.place.as_deref()) {
            (Some(p), Some(q)) => store.place_in(p, q) || store.place_in(q, p),
            _ => false,
        };
        let title = stems_of(&e.title, &self.stems).min(3);
        // The kind the sentence's words suggest ("after meeting" → meeting).
        let same_kind = self.kind != "event"
            && self.kind != "statement"
            && lex.kinds_alike(&e.kind, &self.kind);
        let words = title + usize::from(same_kind);
        let people = shared + related + usize::from(at);
        // With no words in common, two of its people on its very day.
        let met = shared >= 2 && e.date == *self.date;
        let strong = !((words == 0 && !met) || (people == 0 && (title == 0 || !same_kind)));
        // A weak one, listed for the editor: the date fits and someone is in common.
        if !strong && people == 0 {
            return None;
        }
        let fit = if e.date == *self.date {
            4
        } else if within(self.date, &e.date) {
            1 + usize::from(span_days(&e.date) <= 31)
        } else {
            0
        };
        Some(Match {
            score: 2 * shared
                + related
                + 2 * usize::from(at)
                + fit
                + title
                + 2 * usize::from(same_kind),
            event: e,
            evidence: self.evidence(e, shared + related, at, title, same_kind),
            strong,
            words,
            title,
            any_kind: self.told.iter().any(|k| lex.kinds_alike(&e.kind, k)),
        })
    }

    /// What stored event `e` shares with the sentence, in words, for the review comment.
    fn evidence(
        &self,
        e: &StoredEvent,
        people: usize,
        at: bool,
        title: usize,
        same_kind: bool,
    ) -> String {
        let mut evidence = Vec::new();
        if people > 0 {
            evidence.push(format!("{people} of its participants"));
        }
        if at {
            evidence.push("its place".to_string());
        }
        if title > 0 {
            evidence.push(format!("{title} word(s) of its title"));
        }
        if same_kind {
            evidence.push(format!("its kind ({})", e.kind));
        }
        evidence.push(if e.date == *self.date {
            "its very date".to_string()
        } else {
            "a date that fits".to_string()
        });
        evidence.join(", ")
    }
}

/// A stored event a sentence may report, with what it shares with the sentence.
#[derive(Debug, Clone)]
pub struct Match<'s> {
    pub score: usize,
    pub event: &'s StoredEvent,
    /// What the sentence and the event share, in words, for the review comment.
    pub evidence: String,
    /// Whether the evidence is strong enough to propose a report; a weak candidate is only
    /// listed.
    pub strong: bool,
    /// How many words (of its title, and its kind) the sentence shares with it.
    pub words: usize,
    /// How many stems of its title the sentence has.
    pub title: usize,
    /// Whether some word of the sentence (not only its first word of action) suggests its kind.
    pub any_kind: bool,
}

impl Match<'_> {
    /// Whether its words name it twice over, so that a sentence whose date already reports
    /// another stored event of that very day reports this one too ("the agreement they accepted
    /// at their meeting on Feb. 27"): two words of its title or its kind, or a word of its title
    /// and its kind told anywhere in the sentence.
    pub fn named_twice(&self) -> bool {
        self.words >= 2 || (self.title >= 1 && self.any_kind)
    }
}

/// A guess at an event's kind from the words of its sentence: the first word that names an
/// action, else a verb of saying.
pub fn kind_of(sentence: &str) -> String {
    let lex = lexicon();
    kinds_in(sentence).into_iter().next().unwrap_or_else(|| {
        let saying = words(sentence).any(|w| lex.is_speech(&w));
        if saying { "statement" } else { "event" }.to_string()
    })
}

/// The words of `sentence` in lower case (lowered whole, then split, so that a letter whose
/// lower case is two characters splits as it reads).
fn words(sentence: &str) -> impl Iterator<Item = String> {
    let lower = sentence.to_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    words.into_iter()
}

/// Every kind the words of `sentence` suggest, in the order they first do: a word's kind is
/// that of the first stem of the lexicon's `kinds` it starts with.
pub fn kinds_in(sentence: &str) -> Vec<String> {
    let lex = lexicon();
    let mut out: Vec<String> = Vec::new();
    for w in words(sentence) {
        let kind = lex
            .kinds
            .iter()
            .find(|(stem, _)| w.starts_with(stem.as_str()));
        if let Some((_, k)) = kind {
            if !out.contains(k) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// How many days a date may span (open ends count as very long), to prefer precise matches.
fn span_days(d: &FuzzyDate) -> i64 {
    match (d.earliest(), d.latest()) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => i64::MAX / 2,
    }
}

/// Stems (the first five letters, folded) of the longer words of `s`.
pub fn stems(s: &str) -> Vec<String> {
    let stop = &lexicon().stop;
    let mut out: Vec<String> = crate::query::names::fold(s)
        .split(' ')
        .filter(|w| w.chars().count() >= 5 && !stop.contains(*w))
        .map(|w| w.chars().take(5).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How many of `stems` the words of `title` share.
fn stems_of(title: &str, stems: &[String]) -> usize {
    self::stems(title)
        .iter()
        .filter(|s| stems.contains(s))
        .count()
}

/// Whether every day `inner` may be lies within `outer`'s days (open ends unbounded).
fn within(inner: &FuzzyDate, outer: &FuzzyDate) -> bool {
    let starts = match (outer.earliest(), inner.earliest()) {
        (None, _) => true,
        (Some(o), Some(i)) => o <= i,
        (Some(_), None) => false,
    };
    let ends = match (outer.latest(), inner.latest()) {
        (None, _) => true,
        (Some(o), Some(i)) => i <= o,
        (Some(_), None) => false,
    };
    starts && ends
}
