//! Quoted passages and who said them. A passage is taken verbatim (white space made single
//! spaces, as the seed check folds it). Its speaker is read from its sentence: a name after it
//! ("…," Stoltenberg said / said Stoltenberg / the Serbian president said), a name before a
//! verb of saying ahead of it (Vučić said … that "…"), "he" or "she" for the person named last;
//! with none of these, the last speaker.

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

/// The quoted passages of a sentence: (byte offset of the text inside the marks, the text).
fn passages(st: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in st.char_indices() {
        match (open, c) {
            (None, '"') => open = Some((i + 1, '"')),
            (None, '\u{201C}') => open = Some((i + c.len_utf8(), '\u{201D}')),
            (None, '«') => open = Some((i + c.len_utf8(), '»')),
            (Some((a, close)), c) if c == close => {
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

/// The person named last before byte `at` of the article, from `people`: the end of each
/// mention of a person, in order.
fn last_person(people: &[(usize, Target)], at: usize) -> Option<Target> {
    let n = people.partition_point(|(end, _)| *end <= at);
    n.checked_sub(1).map(|i| people[i].1)
}

pub fn find(text: &str, sentences: &[Sentence], entities: &Names, store: &Store) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    let mut people: Vec<(usize, Target)> = entities
        .mentions
        .iter()
        .filter(|m| entities.kind(store, m.target) == Kind::Person)
        .map(|m| (m.end, m.target))
        .collect();
    people.sort_by_key(|(end, _)| *end);
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let found = passages(st);
        for (k, &(a, b)) in found.iter().enumerate() {
            let inner = st[a..b].trim().trim_end_matches(',').trim_end();
            let quote = one_line(inner);
            if quote.split(' ').count() < 3 {
                continue;
            }
            let lead = st[a..b].len() - st[a..b].trim_start().len();
            let close_len = st[b..].chars().next().map_or(0, char::len_utf8);
            let after_from = s.start + b + close_len;
            let after_to = found.get(k + 1).map_or(s.end, |n| s.start + n.0);
            let before_from = k.checked_sub(1).map_or(s.start, |p| s.start + found[p].1);
            let before_to = s.start + a;
            let actors_in = |x: usize, y: usize| -> Vec<Target> {
                entities
                    .in_sentence(si)
                    .filter(|m| m.start >= x && m.end <= y && is_actor(entities, store, m.target))
                    .map(|m| m.target)
                    .collect()
            };
            let words_in = |x: usize, y: usize| -> Vec<(usize, String)> {
                if x >= y {
                    return Vec::new();
                }
                tokens(&text[x..y])
                    .iter()
                    .map(|t| (x + t.start, t.text.to_lowercase()))
                    .collect()
            };
            let pronoun = |w: &[(usize, String)]| w.iter().any(|(_, t)| t == "he" || t == "she");
            let after_words = words_in(after_from, after_to);
            let before_words = words_in(before_from, before_to);
            let mut speaker = None;
            let mut how = How::Named;
            if after_words
                .iter()
                .any(|(_, w)| lexicon().is_speech_beside_quote(w))
            {
                if let Some(t) = actors_in(after_from, after_to).first() {
                    speaker = Some(*t);
                } else {
                    // "he said" with no person named yet: the speaker before.
                    speaker = last_person(&people, s.start + a)
                        .or_else(|| out.last().and_then(|q| q.speaker));
                    how = How::Pronoun;
                }
            }
            if speaker.is_none() {
                if let Some((verb_at, _)) = before_words
                    .iter()
                    .find(|(_, w)| lexicon().is_speech_beside_quote(w))
                {
                    if let Some(t) = actors_in(before_from, *verb_at).last() {
                        speaker = Some(*t);
                        how = How::Named;
                    } else if pronoun(&before_words) {
                        speaker = last_person(&people, before_from)
                            .or_else(|| out.last().and_then(|q| q.speaker));
                        how = How::Pronoun;
                    }
                }
            }
            if speaker.is_none() {
                how = How::Previous;
                speaker = actors_in(s.start, before_to)
                    .last()
                    .copied()
                    .or_else(|| out.last().and_then(|q| q.speaker))
                    .or_else(|| last_person(&people, s.start));
            }
            out.push(Passage {
                sentence: si,
                start: s.start + a + lead,
                end: s.start + b,
                text: quote,
                speaker,
                how,
            });
        }
    }
    out
}
