//! Reports of stored states going on ("Serbia continues to regard Kosovo as its territory"),
//! part of matching: a sentence that names two of a state's participants and a word of what the
//! record says of it tells of that state. Such a report gives no date, so no stored date
//! changes: the sentence either has no date words, or its date was read from words that say the
//! state goes on ("has never accepted …").

use std::collections::{HashMap, HashSet};

use crate::date::FuzzyDate;
use crate::seed::merge::dates::overlap;

use super::events::{report_of, Matcher};
use super::matching;
use super::store::{Store, StoredEvent};
use super::{DraftEvent, ReadArticle};

/// Reports, with no date, of stored states going on that a sentence without date words and
/// without quotation marks tells of ("Serbia, which does not recognise the independence of
/// Kosovo, …" for "Serbia continues to regard Kosovo as its territory"). `reports` holds the
/// stored events the draft reports already.
pub fn undated(
    a: &ReadArticle<'_>,
    m: &Matcher<'_>,
    reports: &HashMap<String, usize>,
) -> Vec<DraftEvent> {
    let mut out: Vec<DraftEvent> = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        // A speaker's own words are no statement of the record's.
        let quoted = s.text(a.text).contains(['"', '\u{201C}', '\u{201D}', '«']);
        if m.dated.contains(&si) || quoted {
            continue;
        }
        let mut people: Vec<String> = Vec::new();
        a.add_actors(si, &mut people);
        if people.len() < 2 {
            continue;
        }
        let sentence = a.sentence(si);
        let taken = |id: &str| reports.contains_key(id) || out.iter().any(|o| o.id == id);
        if let Some(r) = report(a.store, &people, &sentence, &m.name_stems, None, &taken) {
            out.push(r.event(sentence, people, si, s.start, "with no date words"));
        }
    }
    out
}

/// A stored state going on that a sentence tells of, with what it shares with it.
pub struct StateReport<'s> {
    pub event: &'s StoredEvent,
    shared: usize,
    words: usize,
}

/// The stored state going on (not yet reported: `taken`) that a sentence naming `people` tells
/// of: two of its participants named and a word of what the record says of it (its title,
/// summary or a role); the best by what they share. With `date` (a state read from the
/// sentence's words), only a state whose date meets it.
pub fn report<'s>(
    store: &'s Store,
    people: &[String],
    sentence: &str,
    name_stems: &HashSet<String>,
    date: Option<&FuzzyDate>,
    taken: &dyn Fn(&str) -> bool,
) -> Option<StateReport<'s>> {
    let stems: Vec<String> = matching::stems(sentence)
        .into_iter()
        .filter(|w| !name_stems.contains(w))
        .collect();
    store
        .events
        .iter()
        .filter(|e| e.date.ongoing() && !taken(&e.id))
        .filter(|e| date.is_none_or(|d| overlap(&e.date, d)))
        .filter_map(|e| {
            let shared = e.participants.iter().filter(|p| people.contains(p)).count();
            let said = store.state_words.get(&e.id)?;
            let words = matching::stems(said)
                .iter()
                .filter(|w| stems.contains(w))
                .count();
            (shared >= 2 && words >= 1).then_some(StateReport {
                event: e,
                shared,
                words,
            })
        })
        .max_by(|a, b| {
            (a.shared + a.words)
                .cmp(&(b.shared + b.words))
                .then_with(|| b.event.id.cmp(&a.event.id))
        })
}

impl StateReport<'_> {
    /// The report, with no date (so no stored date changes), of sentence `si` starting at
    /// `start`; `how` says why no date is given.
    pub fn event(
        &self,
        summary: String,
        participants: Vec<String>,
        si: usize,
        start: usize,
        how: &str,
    ) -> DraftEvent {
        let e = self.event;
        DraftEvent {
            id: e.id.clone(),
            report_of: Some(report_of(e)),
            evidence: format!(
                "{} of its participants and {} word(s) of what the record says of it, in a \
                 sentence {how} (so no date is given)",
                self.shared, self.words
            ),
            maybe: Vec::new(),
            words: String::new(),
            date: e.date,
            alone: true,
            reading: None,
            kind: String::new(),
            title: String::new(),
            summary,
            place: None,
            participants,
            expected: false,
            sentence: si,
            start,
        }
    }
}
