//! Step 6 of a draft, matching: each date the text gives becomes an event, new or a report of
//! the stored event it tells of ([`matching`] weighs the stored candidates); then the stored
//! states going on that sentences with no date words tell of ([`states`]).
//!
//! A date read rather than stated (a present perfect, a continuing state) is never given to a
//! stored event: a continuing state is reported only as a stored state, with no date.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::date::{End, FuzzyDate};
use crate::query::names::Kind;

use super::dates::{DateSpan, Reading};
use super::lexicon::lexicon;
use super::matching::{self, kind_of, Match};
use super::sentences::{clip, tokens, Sentence};
use super::store::{Store, StoredEvent};
use super::{entities, states, DraftEvent, Ids, ReadArticle, ReportOf};

/// Which event a date of the text went to.
#[derive(Debug, Clone, Copy)]
pub struct Dated {
    pub sentence: usize,
    /// Its index in [`Events::list`].
    pub event: usize,
}

/// The events a draft proposes, and which event each date went to.
#[derive(Debug, Default)]
pub struct Events {
    pub list: Vec<DraftEvent>,
    /// One for each date, in the order of the text.
    pub dated: Vec<Dated>,
    /// Stored events the draft reports, by id: their index in `list`.
    reports: HashMap<String, usize>,
}

/// What a sentence says of its people and place, read once for all its dates.
struct Told {
    sentence: usize,
    /// The sentence on one line, cleaned.
    text: String,
    /// The people and organisations it names or quotes, in order.
    participants: Vec<String>,
    /// The first place it names.
    place: Option<String>,
}

impl Told {
    fn read(a: &ReadArticle<'_>, si: usize) -> Told {
        let mut participants: Vec<String> = Vec::new();
        let mut place = None;
        for m in a.names.in_sentence(si) {
            let id = a.names.id(a.store, m.target).to_string();
            match a.names.kind(a.store, m.target) {
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
        let first = a.passages.partition_point(|q| q.sentence < si);
        for q in a.passages[first..].iter().take_while(|q| q.sentence == si) {
            if let Some(t) = q.speaker {
                let id = a.names.id(a.store, t).to_string();
                if !participants.contains(&id) {
                    participants.push(id);
                }
            }
        }
        Told {
            sentence: si,
            text: a.sentence(si),
            participants,
            place,
        }
    }
}

/// What matching reads beside each date: the article, the stems of stored names and the
/// sentences with date words.
pub struct Matcher<'a> {
    a: &'a ReadArticle<'a>,
    /// The stems of every stored name but its common nouns: they say who, not what happened.
    pub name_stems: HashSet<String>,
    /// The sentences with date words.
    pub dated: HashSet<usize>,
    published: NaiveDate,
}

/// The stems of every stored name but its common nouns ("Kosovo Police" gives "kosov", not
/// "polic").
fn name_stems(store: &Store) -> HashSet<String> {
    let lex = lexicon();
    store
        .entities
        .iter()
        .flat_map(|e| e.names.iter().flat_map(|n| n.split(' ')))
        .filter(|w| {
            let w = w.to_lowercase();
            !lex.organisation_words.contains(&w) && !lex.place_nouns.contains(&w)
        })
        .flat_map(matching::stems)
        .collect()
}

/// Step 6: an event for each date in `spans` (in the order of the text), new or a report of a
/// stored event, then the reports of stored states that sentences without dates tell of.
pub fn from_dates(
    a: &ReadArticle<'_>,
    spans: &[DateSpan],
    ids: &mut Ids,
    published: NaiveDate,
) -> Events {
    let m = Matcher {
        a,
        name_stems: name_stems(a.store),
        dated: spans.iter().map(|d| d.sentence).collect(),
        published,
    };
    let mut out = Events::default();
    let mut told: Option<Told> = None;
    for span in spans {
        if told.as_ref().is_none_or(|t| t.sentence != span.sentence) {
            told = Some(Told::read(a, span.sentence));
        }
        let Some(t) = told.as_ref() else {
            continue;
        };
        out.add(&m, span, t, ids);
    }
    let states = states::undated(a, &m, &out.reports);
    out.list.extend(states);
    out
}

/// The stored event a date fits best: one the draft already reports with that very date, or one
/// it does not report yet.
enum Fit<'c, 's> {
    Again(usize),
    New(&'c Match<'s>),
}

impl Events {
    /// The event of one date: a stored state, a stored event (again), another date of the same
    /// sentence, or a new event.
    fn add(&mut self, m: &Matcher<'_>, span: &DateSpan, t: &Told, ids: &mut Ids) {
        if span.reading == Some(Reading::Continuing) && self.add_state(m, span, t) {
            return;
        }
        let expected = span.date.earliest().is_some_and(|e| e > m.published);
        let candidates = m.candidates(span, t, expected);
        match self.fit(&candidates, span) {
            Some(Fit::Again(i)) => self.point(span, i),
            Some(Fit::New(c)) => self.add_report(m.a.store, span, t, c, &candidates),
            None => match self.same_date_here(span) {
                Some(i) => self.point(span, i),
                None => self.add_new(m.a, span, t, maybe(&candidates), expected, ids),
            },
        }
    }

    /// Date `span` goes to event `i`.
    fn point(&mut self, span: &DateSpan, i: usize) {
        self.dated.push(Dated {
            sentence: span.sentence,
            event: i,
        });
    }

    fn push(&mut self, span: &DateSpan, e: DraftEvent) -> usize {
        self.list.push(e);
        let i = self.list.len() - 1;
        self.point(span, i);
        i
    }

    /// A state read from the words ("has never accepted …") that the record holds going on is
    /// reported with no date: a date read, not stated, never changes a stored one.
    fn add_state(&mut self, m: &Matcher<'_>, span: &DateSpan, t: &Told) -> bool {
        let taken = |id: &str| self.reports.contains_key(id);
        let report = states::report(
            m.a.store,
            &t.participants,
            &t.text,
            &m.name_stems,
            Some(&span.date),
            &taken,
        );
        let Some(r) = report else {
            return false;
        };
        let how = "whose words say it goes on";
        let e = r.event(
            t.text.clone(),
            t.participants.clone(),
            span.sentence,
            span.start,
            how,
        );
        let i = self.push(span, e);
        self.reports.insert(r.event.id.clone(), i);
        true
    }

    /// The first strong candidate the draft reports with this very date, or does not report
    /// yet; one it reports with another date is passed over.
    fn fit<'c, 's>(&self, candidates: &'c [Match<'s>], span: &DateSpan) -> Option<Fit<'c, 's>> {
        candidates
            .iter()
            .filter(|c| c.strong)
            .find_map(|c| match self.reports.get(&c.event.id) {
                Some(&i) if self.list[i].date == span.date => Some(Fit::Again(i)),
                Some(_) => None,
                None => Some(Fit::New(c)),
            })
    }

    /// A report of stored event `c`, and of each other stored event of that very day the
    /// sentence names twice over ("the agreement they accepted at their meeting on Feb. 27").
    fn add_report(
        &mut self,
        store: &Store,
        span: &DateSpan,
        t: &Told,
        c: &Match<'_>,
        candidates: &[Match<'_>],
    ) {
        let e = c.event;
        // A report states a place only where it is the stored one or lies within it.
        let place = t.place.clone().filter(|p| match &e.place {
            Some(q) => store.place_in(p, q),
            None => true,
        });
        let report = DraftEvent {
            id: e.id.clone(),
            report_of: Some(report_of(e)),
            evidence: c.evidence.clone(),
            maybe: Vec::new(),
            words: span.words.clone(),
            date: span.date,
            alone: span.alone,
            reading: span.reading,
            kind: String::new(),
            title: String::new(),
            summary: t.text.clone(),
            place,
            participants: t.participants.clone(),
            expected: false,
            sentence: span.sentence,
            start: span.start,
        };
        let i = self.push(span, report);
        self.reports.insert(e.id.clone(), i);
        let more: Vec<&Match> = candidates
            .iter()
            .filter(|c| {
                c.strong
                    && c.named_twice()
                    && c.event.date == span.date
                    && !self.reports.contains_key(&c.event.id)
            })
            .collect();
        for c in more {
            let mut also = self.list[self.list.len() - 1].clone();
            also.id = c.event.id.clone();
            also.report_of = Some(report_of(c.event));
            also.evidence = c.evidence.clone();
            also.place = None;
            self.list.push(also);
            self.reports.insert(c.event.id.clone(), self.list.len() - 1);
        }
    }

    /// The event of an earlier date of the same sentence with the same date: the same date
    /// twice in one sentence is one event.
    fn same_date_here(&self, span: &DateSpan) -> Option<usize> {
        (0..self.list.len())
            .rev()
            .take_while(|i| self.list[*i].sentence == span.sentence)
            .find(|i| self.list[*i].date == span.date)
    }

    /// A new event, titled by the clause its date belongs to (or its sentence).
    fn add_new(
        &mut self,
        a: &ReadArticle<'_>,
        span: &DateSpan,
        t: &Told,
        maybe: Vec<String>,
        expected: bool,
        ids: &mut Ids,
    ) {
        let own = span
            .clause
            .and_then(|(x, y)| a.text.get(x..y))
            .map(super::clean)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| t.text.clone());
        let title = clip(&own, 120);
        let words: Vec<&str> = title.split(' ').take(6).collect();
        let base = format!(
            "{}-{}",
            id_prefix(&span.date),
            entities::slug(&words.join(" "))
        );
        let id = ids.fresh(base.trim_matches('-'));
        let e = DraftEvent {
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
            summary: clip(&t.text, 1000),
            place: t.place.clone(),
            participants: t.participants.clone(),
            expected,
            sentence: span.sentence,
            start: span.start,
        };
        self.push(span, e);
    }
}

/// How a draft names the stored event it reports.
pub fn report_of(e: &StoredEvent) -> ReportOf {
    ReportOf {
        title: e.title.clone(),
        date: e.date.human(),
    }
}

impl<'a> Matcher<'a> {
    /// The stored events a date may report, best first (see [`matching::candidates`]); none for
    /// a date after publication or read rather than stated. With no strong one, the sentence
    /// after it, when it states no date of its own, may tell of the same event on that very day
    /// ("… on Wednesday expressed hope …. His remarks came after his meeting with …").
    fn candidates(&self, span: &DateSpan, t: &Told, expected: bool) -> Vec<Match<'a>> {
        let a = self.a;
        let s = &a.sentences[span.sentence];
        let find = |people: &[String], words: &str| {
            if expected || span.reading.is_some() || a.store.events.is_empty() {
                return Vec::new();
            }
            let near = beside(a.text, s, span.start, span.end);
            matching::candidates(
                a.store,
                &span.date,
                people,
                t.place.as_deref(),
                words,
                near,
                &self.name_stems,
            )
        };
        let mut candidates = find(&t.participants, &t.text);
        let next = span.sentence + 1;
        if candidates.iter().all(|c| !c.strong)
            && next < a.sentences.len()
            && !self.dated.contains(&next)
        {
            let mut people = t.participants.clone();
            a.add_actors(next, &mut people);
            let words = format!("{} {}", t.text, a.sentence(next));
            let more: Vec<_> = find(&people, &words)
                .into_iter()
                .filter(|c| c.strong && c.event.date == span.date)
                .collect();
            if !more.is_empty() {
                candidates = more;
            }
        }
        candidates
    }
}

/// The stored events a new event may report, on evidence too weak to say so: at most three,
/// each described for the editor.
fn maybe(candidates: &[Match<'_>]) -> Vec<String> {
    candidates
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
        .collect()
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

/// The words of sentence `s` within four words of the byte range `a..b`.
fn beside<'t>(text: &'t str, s: &Sentence, a: usize, b: usize) -> &'t str {
    let st = s.text(text);
    let toks = tokens(st);
    let first = toks.partition_point(|t| s.start + t.end <= a);
    let last = toks.partition_point(|t| s.start + t.start < b);
    let from = toks.get(first.saturating_sub(4)).map_or(0, |t| t.start);
    let to = toks
        .get((last + 3).min(toks.len().saturating_sub(1)))
        .map_or(st.len(), |t| t.end);
    st.get(from..to.max(from)).unwrap_or("")
}
