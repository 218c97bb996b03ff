//! Step 4 of a draft: the quoted passages and who said them. A passage is taken verbatim (white space made single
//! spaces, as the seed check folds it). Its speaker is read from its sentence: a name after it
//! ("…," Stoltenberg said / said Stoltenberg / the Serbian president said), a name before a
//! verb of saying ahead of it (Vučić said … that "…"), "he" or "she" for the person named last;
//! with none of these, the last speaker; a slogan ("banners reading …") is the protesters'.
//! The pronouns and determiners written in the code are grammar; the verbs of saying and the
//! other words it looks for are the lexicon's.

use crate::query::names::Kind;

use super::entities::{Names, Target};
use super::lexicon::lexicon;
use super::sentences::{one_line, tokens, Sentence};
use super::store::Store;

/// How a speaker was found, for the review comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Named in the attribution.
    Named,
    /// "he" / "she", or a description ("the Serbian president"): the person named last.
    Pronoun,
    /// No attribution: the speaker of the quote before, or the person named last.
    Previous,
}

#[derive(Debug, Clone)]
pub struct Passage {
    pub sentence: usize,
    /// Byte offset of the passage in the article.
    pub start: usize,
    /// Byte offset of the passage's end.
    pub end: usize,
    pub text: String,
    pub speaker: Option<Target>,
    pub how: How,
}

/// The person named last before byte `at` of the article, from `people`: the end of each
/// mention of a person, in order.
fn last_person(people: &[(usize, Target)], at: usize) -> Option<Target> {
    let n = people.partition_point(|(end, _)| *end <= at);
    n.checked_sub(1).map(|i| people[i].1)
}

/// The quoted passages of a sentence: (byte offset of the text inside the marks, the end). A
/// passage opened with a curly or straight double mark closes at either ("“kidnapped\"" is one
/// passage); a guillemet closes at its own.
fn passages(st: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in st.char_indices() {
        match (open, c) {
            (None, '"') => open = Some((i + 1, '"')),
            (None, '\u{201C}' | '\u{201E}') => open = Some((i + c.len_utf8(), '\u{201D}')),
            (None, '«') => open = Some((i + c.len_utf8(), '»')),
            (Some((a, close)), c)
                if c == close || (close != '»' && matches!(c, '"' | '\u{201D}')) =>
            {
                out.push((a, i));
                open = None;
            }
            _ => {}
        }
    }
    // A passage left open runs to the end of its sentence (a quote going on in the next
    // paragraph).
    if let Some((a, _)) = open {
        out.push((a, st.len()));
    }
    out
}

fn is_actor(entities: &Names, store: &Store, t: Target) -> bool {
    matches!(entities.kind(store, t), Kind::Person | Kind::Organisation)
}

/// A word of the article: its byte offset and its text in lower case.
type Word = (usize, String);

fn words_in(text: &str, x: usize, y: usize) -> Vec<Word> {
    if x >= y {
        return Vec::new();
    }
    tokens(&text[x..y])
        .iter()
        .map(|t| (x + t.start, t.text.to_lowercase()))
        .collect()
}

/// Who speaks where: each person or organisation named beside a verb of saying ("Borrell told",
/// "according to Vučić", "said Stano"), by the byte where the naming ends.
fn attributions(
    text: &str,
    sentences: &[Sentence],
    entities: &Names,
    store: &Store,
) -> Vec<(usize, Target)> {
    let lex = lexicon();
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let words = words_in(text, s.start, s.end);
        // The sentence's subject when it speaks: the person named last before its first verb
        // of saying ("Vucic, for his part, said that …").
        let first_verb = words
            .iter()
            .find(|(_, w)| lex.is_speech(w))
            .map(|(at, _)| *at);
        let subject = first_verb.and_then(|v| {
            entities
                .in_sentence(si)
                .filter(|m| m.end <= v && entities.kind(store, m.target) == Kind::Person)
                .last()
                .map(|m| m.start)
        });
        for m in entities.in_sentence(si) {
            if entities.kind(store, m.target) != Kind::Person {
                continue;
            }
            if subject == Some(m.start) {
                out.push((m.end, m.target));
                continue;
            }
            let next = words
                .iter()
                .find(|(at, _)| *at >= m.end)
                .map(|(_, w)| w.as_str());
            let before: Vec<&str> = words
                .iter()
                .filter(|(at, _)| *at < m.start)
                .rev()
                .take(6)
                .map(|(_, w)| w.as_str())
                .collect();
            let after_verb = next.is_some_and(|w| lex.is_speech(w));
            // "said Stano", "according to Serbian President Aleksandar Vučić".
            let lead: Vec<&str> = before
                .iter()
                .copied()
                .skip_while(|w| lex.titles.contains(*w) || lex.is_demonym(w))
                .collect();
            let verb_before = lead.first().is_some_and(|w| lex.is_speech(w))
                || lead.starts_with(&["to", "according"]);
            if after_verb || verb_before {
                out.push((m.end, m.target));
            }
        }
    }
    out
}

/// What the words around a quotation say of its speaker.
struct Around<'a> {
    text: &'a str,
    entities: &'a Names,
    store: &'a Store,
    sentence: usize,
}

impl Around<'_> {
    /// The people and organisations named in `x..y`, in order, each with its range.
    fn actors(&self, x: usize, y: usize) -> Vec<(usize, usize, Target)> {
        self.entities
            .in_sentence(self.sentence)
            .filter(|m| m.start >= x && m.end <= y && is_actor(self.entities, self.store, m.target))
            .map(|m| (m.start, m.end, m.target))
            .collect()
    }

    fn is_person(&self, t: Target) -> bool {
        self.entities.kind(self.store, t) == Kind::Person
    }

    /// Whether only white space, commas and titles stand between `x` and `y`; with
    /// `described`, also an apposition's article ("Djorovic, a pensioner,").
    fn next_to(&self, x: usize, y: usize, described: bool) -> bool {
        let lex = lexicon();
        x <= y
            && words_in(self.text, x, y).iter().all(|(_, w)| {
                lex.titles.contains(w)
                    || (described && matches!(w.as_str(), "a" | "an" | "the" | "who" | "is"))
                    || (described && lex.is_demonym(w))
            })
    }

    /// The speaker named beside the verb of saying at `verb` (its byte range) in `x..y`: the
    /// name right before it ("Stano said"), else, after "according to" or a verb with no name
    /// before it, the first person after it ("said Stano", "according to EU spokesman Peter
    /// Stano"). `Err(())` when a pronoun or a description stands before the verb ("he said",
    /// "the EU's foreign policy chief said").
    fn beside(
        &self,
        x: usize,
        y: usize,
        verb: (usize, usize),
        word: &str,
    ) -> Result<Option<Target>, ()> {
        let lex = lexicon();
        let before: Vec<(usize, usize, Target)> = self.actors(x, verb.0);
        let after: Vec<(usize, usize, Target)> = self.actors(verb.1, y);
        let first_after = after
            .iter()
            .find(|(_, _, t)| self.is_person(*t))
            .or(after.first())
            .map(|(_, _, t)| *t);
        if word == "according" {
            return Ok(first_after);
        }
        // "Kurti criticised NATO, saying: …": the sentence's subject speaks, not the name
        // nearest the verb.
        if word == "saying" {
            return Ok(before
                .iter()
                .find(|(_, _, t)| self.is_person(*t))
                .or(before.first())
                .map(|(_, _, t)| *t));
        }
        if let Some((_, end, t)) = before.last() {
            // "Stano said"; "Dusanka Djorovic, a pensioner, told".
            if self.next_to(*end, verb.0, false)
                || (self.is_person(*t) && self.next_to(*end, verb.0, true))
            {
                return Ok(Some(*t));
            }
        }
        let words = words_in(self.text, x, verb.0);
        let just_before = words.last().map(|(_, w)| w.as_str()).unwrap_or("");
        if matches!(just_before, "he" | "she" | "they") || lex.titles.contains(just_before) {
            return Err(());
        }
        if let Some((start, _, t)) = after.first() {
            if self.next_to(verb.1, *start, false) {
                return Ok(first_after.or(Some(*t)));
            }
        }
        Ok(before
            .iter()
            .rev()
            .find(|(_, _, t)| self.is_person(*t))
            .or(before.last())
            .map(|(_, _, t)| *t))
    }
}

/// The first verb of saying in `words`: its byte range and word. A verb that is one only beside
/// a quotation counts within four words of it: of the start of `words` when `quote_before`,
/// else of their end.
fn verb(words: &[Word], quote_before: bool) -> Option<(usize, usize, String)> {
    let lex = lexicon();
    let n = words.len();
    (0..n)
        .find(|&k| {
            let w = &words[k].1;
            lex.is_speech(w)
                || (lex.speech_verbs_beside_quotes.contains(w)
                    && if quote_before { k < 4 } else { n - k <= 4 })
        })
        .map(|k| {
            (
                words[k].0,
                words[k].0 + words[k].1.len(),
                words[k].1.clone(),
            )
        })
}

/// Every quoted passage of three words or more, in order, with its speaker.
pub fn find(text: &str, sentences: &[Sentence], entities: &Names, store: &Store) -> Vec<Passage> {
    let speakers = Speakers::of(text, sentences, entities, store);
    let mut out: Vec<Passage> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let found = passages(st);
        let around = Around {
            text,
            entities,
            store,
            sentence: si,
        };
        for (k, &(a, b)) in found.iter().enumerate() {
            let inner = st[a..b].trim().trim_end_matches(',').trim_end();
            let quote = one_line(inner);
            if quote.split(' ').count() < 3 {
                continue;
            }
            let lead = st[a..b].len() - st[a..b].trim_start().len();
            let q = Quoted {
                si,
                s,
                st,
                found: &found,
                k,
            };
            let who = speakers.speaker_of(&around, &q, out.last());
            out.push(Passage {
                sentence: si,
                start: s.start + a + lead,
                end: s.start + b,
                text: quote,
                speaker: who.speaker,
                how: who.how,
            });
        }
    }
    out
}

/// Passage `found[k]` of sentence `si`.
struct Quoted<'q> {
    si: usize,
    s: &'q Sentence,
    st: &'q str,
    /// The sentence's passages (see [`passages`]).
    found: &'q [(usize, usize)],
    k: usize,
}

impl Quoted<'_> {
    /// Where the passage's text starts in the article.
    fn start(&self) -> usize {
        self.s.start + self.found[self.k].0
    }

    /// Where the words before it start: after the passage before it, or the sentence's start.
    fn before_from(&self) -> usize {
        self.k
            .checked_sub(1)
            .map_or(self.s.start, |p| self.s.start + self.found[p].1)
    }

    /// Where passage `n` of the sentence ends, its closing mark included.
    fn end_of(&self, n: usize) -> usize {
        let end = self.found[n].1;
        let close = self.st[end..].chars().next().map_or(0, char::len_utf8);
        self.s.start + end + close
    }
}

/// A passage's speaker, and how it was found.
struct Who {
    speaker: Option<Target>,
    how: How,
}

/// Who speaks where in the article: the people named, and those named beside a verb of saying.
struct Speakers<'a> {
    text: &'a str,
    sentences: &'a [Sentence],
    entities: &'a Names,
    store: &'a Store,
    /// The end of each mention of a person, in order.
    people: Vec<(usize, Target)>,
    /// See [`attributions`].
    said: Vec<(usize, Target)>,
}

impl<'a> Speakers<'a> {
    fn of(
        text: &'a str,
        sentences: &'a [Sentence],
        entities: &'a Names,
        store: &'a Store,
    ) -> Speakers<'a> {
        let mut people: Vec<(usize, Target)> = entities
            .mentions
            .iter()
            .filter(|m| entities.kind(store, m.target) == Kind::Person)
            .map(|m| (m.end, m.target))
            .collect();
        people.sort_by_key(|(end, _)| *end);
        Speakers {
            text,
            sentences,
            entities,
            store,
            people,
            said: attributions(text, sentences, entities, store),
        }
    }

    /// "he said", "the EU's foreign policy chief said" at byte `at` of sentence `si`: the
    /// person last named as speaking, in this sentence or the two before, else the person named
    /// last.
    fn pronoun(&self, at: usize, si: usize) -> Option<Target> {
        let floor = self.sentences[si.saturating_sub(2)].start;
        let n = self.said.partition_point(|(end, _)| *end <= at);
        n.checked_sub(1)
            .map(|i| self.said[i])
            .filter(|(end, _)| *end >= floor)
            .map(|(_, t)| t)
            .or_else(|| last_person(&self.people, at))
    }

    /// The speaker of passage `q`: named beside a verb of saying after it, else before it, else
    /// (no attribution) the one before; a slogan is the protesters'. `previous` is the passage
    /// before it in the article.
    fn speaker_of(&self, around: &Around<'_>, q: &Quoted<'_>, previous: Option<&Passage>) -> Who {
        let mut who = Who {
            speaker: None,
            how: How::Named,
        };
        self.after(around, q, &mut who);
        if who.speaker.is_none() {
            self.before(around, q, &mut who);
        }
        if who.speaker.is_none() {
            who.how = How::Previous;
            who.speaker = around
                .actors(q.s.start, q.start())
                .last()
                .map(|(_, _, t)| *t)
                .or_else(|| previous.and_then(|p| p.speaker))
                .or_else(|| last_person(&self.people, q.s.start));
        }
        if who.speaker.is_none() && self.slogan(q) {
            who.how = How::Previous;
            who.speaker = self.protesters(q);
        }
        who
    }

    /// The attribution after it: in the text up to the next quotation, or past it when that
    /// text names no verb of saying ("“reversible” but bear “consequences”, Stano said").
    fn after(&self, around: &Around<'_>, q: &Quoted<'_>, who: &mut Who) {
        let mut from = q.end_of(q.k);
        for next in q.k + 1..=q.found.len() {
            let to = q.found.get(next).map_or(q.s.end, |n| q.s.start + n.0);
            let words = words_in(self.text, from, to);
            if let Some((v0, v1, w)) = verb(&words, true) {
                match around.beside(from, to, (v0, v1), &w) {
                    Ok(t) => who.speaker = t,
                    Err(()) => {
                        who.speaker = self.pronoun(q.start(), q.si);
                        who.how = How::Pronoun;
                    }
                }
                return;
            }
            from = if next < q.found.len() {
                q.end_of(next)
            } else {
                q.s.end
            };
        }
    }

    /// The attribution before it: "a letter from Borrell … states:", "according to X, …",
    /// "Stano announced that “…”".
    fn before(&self, around: &Around<'_>, q: &Quoted<'_>, who: &mut Who) {
        let lex = lexicon();
        let (from, to) = (q.before_from(), q.start());
        let words = words_in(self.text, from, to);
        let from_author = words
            .windows(2)
            .position(|p| lex.statement_nouns.contains(&p[0].1) && p[1].1 == "from");
        if let Some(i) = from_author {
            let at = words[i + 1].0 + 4;
            let authors = around.actors(at, to);
            who.speaker = authors
                .iter()
                .find(|(_, _, t)| around.is_person(*t))
                .or(authors.first())
                .map(|(_, _, t)| *t);
        }
        if who.speaker.is_some() {
            return;
        }
        if let Some((v0, v1, w)) = verb(&words, false) {
            match around.beside(from, to, (v0, v1), &w) {
                Ok(t) => who.speaker = t,
                Err(()) => {
                    who.speaker = self.pronoun(to, q.si);
                    who.how = How::Pronoun;
                }
            }
        }
    }

    /// "banners reading “…”", "chanted “…”": a slogan word among the three words before it.
    fn slogan(&self, q: &Quoted<'_>) -> bool {
        let slogan_words = &lexicon().slogan_words;
        words_in(self.text, q.s.start, q.start())
            .iter()
            .rev()
            .take(3)
            .any(|(_, w)| slogan_words.contains(w))
    }

    /// A slogan's speaker: the first person or organisation named in the nearest sentence (of
    /// the six before it, or its own before it) that says they protested.
    fn protesters(&self, q: &Quoted<'_>) -> Option<Target> {
        let lex = lexicon();
        let (entities, store) = (self.entities, self.store);
        (q.si.saturating_sub(6)..=q.si).rev().find_map(|k| {
            let s = &self.sentences[k];
            let words = words_in(self.text, s.start, s.end);
            let protest = words.iter().any(|(_, w)| {
                lex.kinds
                    .iter()
                    .any(|(stem, kind)| kind == "protest" && w.starts_with(stem.as_str()))
            });
            let first = entities
                .in_sentence(k)
                .find(|m| is_actor(entities, store, m.target) && (k < q.si || m.end <= q.start()));
            first.filter(|_| protest).map(|m| m.target)
        })
    }
}

/// Who a sentence says claims what it states: the name beside its first verb of saying ("KFOR
/// say that 25 of its troops were injured", "according to the ministry", "…, Kurti said").
pub fn claimant(
    text: &str,
    sentences: &[Sentence],
    si: usize,
    entities: &Names,
    store: &Store,
) -> Option<Target> {
    let s = &sentences[si];
    let words = words_in(text, s.start, s.end);
    let lex = lexicon();
    let k = words.iter().position(|(_, w)| lex.is_speech(w))?;
    let (at, w) = &words[k];
    let around = Around {
        text,
        entities,
        store,
        sentence: si,
    };
    around
        .beside(s.start, s.end, (*at, at + w.len()), w)
        .ok()
        .flatten()
}
