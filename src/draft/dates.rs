//! Date expressions in an article: the longest run of words the date resolver reads whole, at
//! each place of each sentence, resolved against the publication day and, for "the following
//! day" and the like, against the date mentioned last.
//!
//! Then dates read rather than stated ([`Reading`]), each marked for review with the rule that
//! gave it:
//!
//! - after an event ("Following the April elections, the EU said…"): the named event at its date,
//!   and what the sentence says happened after it from that date to publication ("since the
//!   April elections" the resolver reads itself, as ongoing from April);
//! - a continuing state ("…, but Belgrade continues to regard it as its territory") in a
//!   sentence with a past date: ongoing from that date;
//! - a present perfect with no date words ("NATO has increased its presence"): from the month of
//!   the last past date the text mentioned before it to publication.

use chrono::{Datelike, NaiveDate};

use crate::date::{End, FuzzyDate, Point};
use crate::date_words::{resolve, resolve_after};
use crate::words::{MONTHS, WEEKDAYS};

use super::lexicon::lexicon;
use super::sentences::{clip, one_line, tokens, Sentence, Token};

/// A date expression found in the text.
#[derive(Debug, Clone)]
pub struct DateSpan {
    pub sentence: usize,
    /// Byte range in the article: of the date words, or for a date read from a clause, where
    /// that clause starts (what follows in the sentence belongs to it).
    pub start: usize,
    pub end: usize,
    /// The words as printed, on one line ("On May 30").
    pub words: String,
    pub date: FuzzyDate,
    /// Whether the words alone resolve to `date` (as `annals check` resolves `date_text`);
    /// otherwise the draft writes the date too.
    pub alone: bool,
    /// The byte range of the clause the event is, when not the whole sentence ("the April
    /// elections in northern Kosovo").
    pub clause: Option<(usize, usize)>,
    /// How the date was read, when the words do not state it.
    pub reading: Option<Reading>,
}

/// How a date was read from words that do not state it; each is a rule a reviewer can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// "Following / after the April elections": from the named event's date to publication.
    After,
    /// "continues to", "remains", "is still", "… ever since" beside a past date: ongoing from it.
    Continuing,
    /// "has increased", "have deployed" with no date words: from the month of the last past date
    /// mentioned before it to publication.
    PresentPerfect,
}

impl Reading {
    /// The rule, for the `# review:` comment.
    pub fn why(self) -> &'static str {
        match self {
            Reading::After => {
                "read, not stated: \"after\"/\"following\" an event, so from its date to publication"
            }
            Reading::Continuing => {
                "read, not stated: a continuing state (\"continues to\", \"remains\", \"still\", \"has never\"), so ongoing from the date of its sentence"
            }
            Reading::PresentPerfect => {
                "inferred: a present perfect with no date words, so from the month of the last date mentioned before it to publication"
            }
        }
    }
}

const OTHER_DATE_WORDS: &[&str] = &[
    "ago",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "week",
    "weeks",
    "weekend",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "hours",
    "night",
    "morning",
    "evening",
    "afternoon",
    "mid",
    "end",
    "overnight",
];

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())
}

/// "1990s".
fn is_decade(t: &str) -> bool {
    t.strip_suffix('s')
        .is_some_and(|y| is_year(y) && y.ends_with('0'))
}

/// Whether the words of a span may be a date: some date word, month and weekday names
/// capitalised, month names in full (or abbreviated with a full stop), and "May" or "March"
/// never alone (they are also a verb).
fn plausible(span: &[Token<'_>], sentence: &str) -> bool {
    let mut dated = false;
    for t in span {
        let lower = t.text.to_lowercase();
        let month = MONTHS.iter().any(|m| {
            *m == lower || (lower.len() >= 3 && lower.len() < m.len() && m.starts_with(&lower))
        });
        if month {
            let full = MONTHS.contains(&lower.as_str());
            let dotted = sentence[t.end..].starts_with('.');
            if !t.capitalised() || !(full || dotted) {
                return false;
            }
            dated = true;
        } else if WEEKDAYS.contains(&lower.as_str()) {
            if !t.capitalised() {
                return false;
            }
            dated = true;
        } else if OTHER_DATE_WORDS.contains(&lower.as_str()) || is_year(t.text) || is_decade(t.text)
        {
            dated = true;
        }
    }
    if span.len() == 1 {
        let lower = span[0].text.to_lowercase();
        if lower == "may" || lower == "march" {
            return false;
        }
        // A bare number is a year only when no word follows it ("in 2008", not "2000 troops").
        if is_year(span[0].text) {
            let after = sentence[span[0].end..].trim_start();
            if after.chars().next().is_some_and(char::is_lowercase) {
                return false;
            }
        }
    }
    dated
}

/// Every date expression in the article, in order.
pub fn find(text: &str, sentences: &[Sentence], published: NaiveDate) -> Vec<DateSpan> {
    let mut out: Vec<DateSpan> = Vec::new();
    let mut previous: Option<FuzzyDate> = None;
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let toks = tokens(st);
        let mut i = 0;
        while i < toks.len() {
            let mut found = None;
            for len in (1..=7.min(toks.len() - i)).rev() {
                let span = &toks[i..i + len];
                // "went on since May": the preposition is no part of the date.
                let stray = len > 1
                    && matches!(
                        span[0].text.to_lowercase().as_str(),
                        "on" | "in" | "at" | "during"
                    )
                    && span[1].text.eq_ignore_ascii_case("since");
                if stray || !plausible(span, st) {
                    continue;
                }
                let words = one_line(&st[span[0].start..span[len - 1].end]);
                if let Ok(date) = resolve_after(&words, published, previous.as_ref()) {
                    // "the April elections": the article's words are "April".
                    if len > 1 && span[0].text.eq_ignore_ascii_case("the") {
                        let shorter = one_line(&st[span[1].start..span[len - 1].end]);
                        if resolve_after(&shorter, published, previous.as_ref())
                            .is_ok_and(|d| d == date)
                        {
                            found = Some((1, len - 1, shorter, date));
                            break;
                        }
                    }
                    found = Some((0, len, words, date));
                    break;
                }
            }
            let Some((skip, len, words, date)) = found else {
                i += 1;
                continue;
            };
            i += skip;
            let alone = resolve(&words, published).is_ok_and(|d| d == date);
            // A dateline ("Fixture Daily, 5 June 2023.") dates the article, not an event.
            let before = st[..toks[i].start].trim_end();
            let dateline = date == FuzzyDate::Single(Point::day(published))
                && toks[i..i + len].iter().any(|t| is_year(t.text))
                && (before.is_empty()
                    || (before.ends_with(',') && toks[..i].iter().all(Token::capitalised)));
            // "the next meeting is expected to be held on March 18": a date the words put
            // ahead, given without a year, is the next such day, not the last one.
            let ahead = (0..i)
                .rev()
                .take(8)
                .any(|k| FUTURE.contains(&toks[k].text.to_lowercase().as_str()));
            let (date, alone) = match (ahead, date.latest()) {
                (true, Some(l))
                    if l < published && !toks[i..i + len].iter().any(|t| is_year(t.text)) =>
                {
                    [published.year(), published.year() + 1]
                        .iter()
                        .filter_map(|y| resolve(&format!("{words} {y}"), published).ok())
                        .find(|d| d.earliest().is_some_and(|e| e > published))
                        .map_or((date, alone), |d| (d, false))
                }
                _ => (date, alone),
            };
            if !dateline {
                out.push(DateSpan {
                    sentence: si,
                    start: s.start + toks[i].start,
                    end: s.start + toks[i + len - 1].end,
                    words: words.clone(),
                    date,
                    alone,
                    clause: None,
                    reading: None,
                });
                // "since the 1999 war": the war is an event of its own, in 1999.
                let noun = toks.get(i + len).filter(|n| {
                    let l = n.text.to_lowercase();
                    n.text.chars().all(char::is_lowercase)
                        && !NOT_NOUN.contains(&l.as_str())
                        && st[toks[i + len - 1].end..n.start] == *" "
                });
                let since_the = len > 2
                    && toks[i].text.eq_ignore_ascii_case("since")
                    && toks[i + 1].text.eq_ignore_ascii_case("the");
                if let (true, Some(n)) = (since_the, noun) {
                    let inner = one_line(&st[toks[i + 1].start..toks[i + len - 1].end]);
                    if let Ok(at) = resolve(&inner, published) {
                        out.push(DateSpan {
                            sentence: si,
                            start: s.start + toks[i + 1].start,
                            end: s.start + n.end,
                            words: one_line(&st[toks[i + 1].start..n.end]),
                            date: at,
                            alone: false,
                            clause: None,
                            reading: None,
                        });
                    }
                }
            }
            previous = Some(date);
            i += len;
        }
    }
    week_days(&mut out);
    let read = read(text, sentences, published, &mut out);
    out.extend(read);
    out.sort_by_key(|d| (d.sentence, d.start));
    out
}

/// "last week, on Monday": a weekday named beside a week in one sentence is that day of that
/// week, and the week says no more than the day does, so it is dropped.
fn week_days(spans: &mut Vec<DateSpan>) {
    let mut drop = vec![false; spans.len()];
    // The spans are in sentence order: each sentence's are a run.
    let mut a = 0;
    while a < spans.len() {
        let b = a + spans[a..]
            .iter()
            .take_while(|d| d.sentence == spans[a].sentence)
            .count();
        for w in a..b {
            let (Some(from), Some(to)) = (spans[w].date.earliest(), spans[w].date.latest()) else {
                continue;
            };
            if (to - from).num_days() != 6 || spans[w].date.ongoing() {
                continue;
            }
            for d in (a..b).filter(|d| *d != w) {
                let words = spans[d].words.to_lowercase();
                let day = words.strip_prefix("on ").unwrap_or(&words);
                let Some(k) = WEEKDAYS.iter().position(|x| *x == day) else {
                    continue;
                };
                // WEEKDAYS runs from Monday; a week from `from` (a Monday).
                let at = from.checked_add_days(chrono::Days::new(k as u64));
                if let Some(at) = at.filter(|a| *a <= to) {
                    spans[d].date = FuzzyDate::Single(Point::day(at));
                    spans[d].alone = false;
                    drop[w] = true;
                }
            }
        }
        a = b;
    }
    let mut keep = drop.iter().map(|d| !d);
    spans.retain(|_| keep.next().unwrap_or(true));
}

/// Words before "has"/"have" or a continuing verb that make it no statement of fact now
/// ("would have sent", "will continue to", "to have deployed").
const MODALS: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "must", "can", "shall", "to", "did",
    "does", "do",
];

/// Words before a date that put it ahead of publication ("will", "is expected to").
const FUTURE: &[&str] = &[
    "will",
    "expected",
    "scheduled",
    "due",
    "planned",
    "next",
    "upcoming",
    "shall",
];

/// Words after "the <date>" that are no noun naming an event.
const NOT_NOUN: &[&str] = &[
    "of", "in", "on", "at", "and", "or", "to", "for", "with", "by", "from", "when", "that",
    "which", "as", "was", "were", "is", "are", "had", "has", "have", "will", "would", "the", "a",
    "an", "this", "it", "he", "she", "they", "we", "there", "until", "before", "after", "since",
];

/// Past participles not ending in "-ed".
const PARTICIPLES: &[&str] = &[
    "sent",
    "made",
    "taken",
    "given",
    "held",
    "won",
    "lost",
    "left",
    "begun",
    "seen",
    "done",
    "gone",
    "put",
    "set",
    "kept",
    "built",
    "brought",
    "met",
    "paid",
    "struck",
    "fought",
    "become",
    "risen",
    "fallen",
    "grown",
    "shown",
    "drawn",
    "written",
    "spoken",
    "chosen",
    "broken",
    "driven",
    "thrown",
    "withdrawn",
    "cut",
    "hit",
    "led",
    "sold",
    "bought",
    "fled",
    "spent",
    "begun",
    "sworn",
    "torn",
    "stolen",
    "frozen",
];

/// Adverbs that may stand between "has" and its participle.
const BETWEEN: &[&str] = &[
    "already",
    "also",
    "now",
    "just",
    "recently",
    "repeatedly",
    "further",
];

/// The byte range in `st` of the clause holding byte `at`: between commas, semicolons, colons,
/// brackets, dashes, quotation marks or a full stop before a space; without a leading "but",
/// "and", "yet" or "while", or white space and final punctuation.
fn clause_of(st: &str, at: usize) -> (usize, usize) {
    let stops = |i: usize, c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '"' | '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}'
        ) || (matches!(c, '.' | '!' | '?')
            && st[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace))
    };
    let mut at = at.min(st.len());
    while !st.is_char_boundary(at) {
        at -= 1;
    }
    let a = st[..at]
        .char_indices()
        .rev()
        .find(|(i, c)| stops(*i, *c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let b = st[at..]
        .char_indices()
        .find(|(i, c)| stops(at + i, *c))
        .map_or(st.len(), |(i, _)| at + i);
    trimmed(st, a, b)
}

/// `a..b` of `st` without white space and final punctuation around it, or a leading "but",
/// "and", "yet" or "while".
fn trimmed(st: &str, a: usize, b: usize) -> (usize, usize) {
    let mut a = a + (st[a..b].len() - st[a..b].trim_start().len());
    for conj in ["but ", "and ", "yet ", "while "] {
        if st[a..b]
            .get(..conj.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(conj))
        {
            a += conj.len();
        }
    }
    let b = a + st[a..b]
        .trim_end_matches(['.', '!', '?', ' ', '\n', '\t', '\r'])
        .len();
    (a, b.max(a))
}

/// A date from the start of `d` (as a month when `month`) to `end`, or ongoing without one.
fn from_start(d: &FuzzyDate, month: bool, end: Option<NaiveDate>) -> Option<FuzzyDate> {
    let mut from = *d.start_point()?;
    if month {
        from.day = None;
    }
    Some(FuzzyDate::Interval {
        start: End::Date(from),
        end: end.map_or(End::Open, |e| End::Date(Point::day(e))),
    })
}

/// Dates read rather than stated (see [`Reading`]), from the stated ones in `spans`; the named
/// event of "after the April elections" gets its clause.
fn read(
    text: &str,
    sentences: &[Sentence],
    published: NaiveDate,
    spans: &mut [DateSpan],
) -> Vec<DateSpan> {
    // A stated date wholly before publication, not itself ongoing.
    let past = |d: &FuzzyDate| !d.ongoing() && d.latest().is_some_and(|l| l < published);
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let toks = tokens(st);
        let lower: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
        let is =
            |k: usize, words: &[&str]| lower.get(k).is_some_and(|w| words.contains(&w.as_str()));
        // A verb of saying: in its sentence a date dates the saying, not a state it reports.
        let saying_at = |k: usize| lower.get(k).is_some_and(|w| lexicon().is_speech(w));
        // The spans are in sentence order.
        let first = spans.partition_point(|d| d.sentence < si);
        let here: Vec<usize> = (first..spans.len())
            .take_while(|k| spans[*k].sentence == si)
            .collect();
        let span = |start: usize, end: usize, words: &str, date, reading| DateSpan {
            sentence: si,
            start: s.start + start,
            end: s.start + end,
            words: clip(&super::clean(words), 120),
            date,
            alone: false,
            clause: Some((s.start + start, s.start + end)),
            reading: Some(reading),
        };

        // After an event: "following / after / since the <date> <noun>".
        for &k in &here {
            let (a, b) = (spans[k].start - s.start, spans[k].end - s.start);
            let (Some(i), Some(j)) = (
                toks.iter().position(|t| t.start == a),
                toks.iter().position(|t| t.end == b),
            ) else {
                continue;
            };
            if i < 2 || j + 1 >= toks.len() || lower[i - 1] != "the" {
                continue;
            }
            if !matches!(lower[i - 2].as_str(), "after" | "following") {
                continue;
            }
            let noun = &toks[j + 1];
            let named = st[b..noun.start].chars().all(|c| c == ' ')
                && noun.text.chars().next().is_some_and(char::is_lowercase)
                && !is(j + 1, NOT_NOUN)
                && !is(j + 1, OTHER_DATE_WORDS);
            if !named || !past(&spans[k].date) {
                continue;
            }
            let Some(date) = from_start(&spans[k].date, false, Some(published)) else {
                continue;
            };
            let phrase = toks[i - 2].start;
            let (_, cb) = clause_of(st, noun.start);
            let (ca, _) = clause_of(st, phrase);
            // What happened after: the rest of the sentence, after the phrase's clause when it
            // opens the sentence, else before it.
            let (ra, rb) = if ca == phrase {
                (cb, st.len())
            } else {
                (0, phrase)
            };
            let rest = &st[ra..rb];
            let ra = ra + (rest.len() - rest.trim_start_matches([',', ';', ':', ' ']).len());
            let rb = ra + st[ra..rb].trim_end_matches([',', ';', ':', ' ', '.']).len();
            if rb <= ra || !st[ra..rb].contains(' ') {
                continue;
            }
            spans[k].clause = Some((s.start + toks[i - 1].start, s.start + cb));
            let mut after = span(ra, rb, &st[phrase..noun.end], date, Reading::After);
            after.words = super::clean(&st[phrase..noun.end]);
            out.push(after);
        }

        // A continuing state beside a past date in the same sentence.
        let saying = (0..toks.len()).any(saying_at);
        let cue = (0..toks.len()).find(|&c| {
            let before = |words: &[&str]| c > 0 && is(c - 1, words);
            match lower[c].as_str() {
                "continues" | "continue" => is(c + 1, &["to"]) && !before(MODALS),
                "remains" | "remain" => {
                    !before(MODALS) && !before(&["the", "his", "her", "its", "their", "human"])
                }
                "still" => before(&["is", "are", "has", "have"]) || is(c + 1, &["is", "are"]),
                "ever" => {
                    is(c + 1, &["since"])
                        && c + 2 == toks.len()
                        && (0..c).any(|k| is(k, &["has", "have"]))
                }
                _ => false,
            }
        });
        // "have never accepted the declaration … made in 2008": a refusal that goes on from the
        // date of what it refuses, wherever in the sentence that date stands.
        let never = (1..toks.len()).find(|&c| {
            lower[c] == "never"
                && (c.saturating_sub(4)..c).any(|k| is(k, &["has", "have"]))
                && lower.get(c + 1).is_some_and(|p| {
                    (p.ends_with("ed") && p.chars().count() >= 5)
                        || PARTICIPLES.contains(&p.as_str())
                })
        });
        if let (Some(c), None, false) = (never, cue, saying) {
            let dated = here
                .iter()
                .map(|k| &spans[*k])
                .find(|d| d.reading.is_none() && past(&d.date));
            if let Some(date) = dated.and_then(|d| from_start(&d.date, false, None)) {
                let (a, b) = clause_of(st, toks[c].start);
                if b > a {
                    out.push(span(a, b, &st[a..b], date, Reading::Continuing));
                }
            }
        }
        if let (Some(c), false) = (cue, saying) {
            let at = s.start + toks[c].start;
            let dated = here
                .iter()
                .rev()
                .map(|k| &spans[*k])
                .find(|d| d.reading.is_none() && d.start < at && past(&d.date));
            if let Some((date, after)) =
                dated.and_then(|d| Some((from_start(&d.date, false, None)?, d.end - s.start)))
            {
                // The state's clause, after the date words ("… in 2022 and remains shut").
                let (a, b) = clause_of(st, toks[c].start);
                let (a, b) = trimmed(st, a.max(after).min(b), b);
                if b > a {
                    out.push(span(a, b, &st[a..b], date, Reading::Continuing));
                }
            }
        }

        // A present perfect in a sentence with no date words.
        if !here.is_empty() {
            continue;
        }
        let perfect = (1..toks.len()).find_map(|c| {
            if !is(c, &["has", "have"]) || is(c - 1, MODALS) {
                return None;
            }
            let k = if is(c + 1, BETWEEN) { c + 2 } else { c + 1 };
            let p = lower.get(k)?;
            let participle =
                (p.ends_with("ed") && p.chars().count() >= 5) || PARTICIPLES.contains(&p.as_str());
            (participle && !saying_at(k)).then_some((c, k))
        });
        let Some((c, k)) = perfect else {
            continue;
        };
        let last = spans
            .iter()
            .rev()
            .find(|d| d.sentence < si && d.reading.is_none() && past(&d.date));
        let Some(date) = last.and_then(|d| from_start(&d.date, true, Some(published))) else {
            continue;
        };
        let (a, b) = clause_of(st, toks[c].start);
        // The words: from the verb to the end of its clause, never cut within it ("has put the
        // country in a difficult position", not "has put the country").
        let end = b.max(toks[k].end);
        let mut pp = span(
            a,
            b.max(a),
            &st[toks[c].start..end],
            date,
            Reading::PresentPerfect,
        );
        if b <= a {
            pp.clause = None;
        }
        out.push(pp);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::sentences::sentences;

    fn found(text: &str) -> Vec<String> {
        let p = NaiveDate::from_ymd_opt(2023, 7, 19).unwrap();
        find(text, &sentences(text), p)
            .iter()
            .map(|d| {
                format!(
                    "{} = {}{}",
                    d.words,
                    d.date,
                    if d.alone { "" } else { " (context)" }
                )
            })
            .collect()
    }

    #[test]
    fn finds_the_longest_date_words_and_counts_from_the_last_date() {
        assert_eq!(
            found("On May 30, NATO decided. The following day, talks began. Protests went on since late May. The next day was calm."),
            [
                "On May 30 = 2023-05-30",
                "The following day = 2023-05-31 (context)",
                "since late May = 2023-05-21/.."
            ]
        );
        assert_eq!(
            found(
                "He may go. It may be in May or the April elections; 2000 troops and 15 years ago."
            ),
            ["in May = 2023-05", "April = 2023-04", "15 years ago = 2008"]
        );
    }

    /// The dates read from `text` (published 19 Jul 2023): words = date (rule) [clause].
    fn read_from(text: &str) -> Vec<String> {
        let p = NaiveDate::from_ymd_opt(2023, 7, 19).unwrap();
        find(text, &sentences(text), p)
            .iter()
            .filter_map(|d| {
                let r = d.reading?;
                let clause = d.clause.map_or("", |(a, b)| &text[a..b]);
                Some(format!("{} = {} ({r:?}) [{clause}]", d.words, d.date))
            })
            .collect()
    }

    #[test]
    fn after_an_event_dates_what_follows_it_up_to_publication() {
        let text =
            "Following the April elections in northern Kosovo, the EU said the turnout was low.";
        assert_eq!(
            read_from(text),
            ["Following the April elections = 2023-04/2023-07-19 (After) [the EU said the turnout was low]"]
        );
        // The named event keeps its own date, its clause the phrase.
        let p = NaiveDate::from_ymd_opt(2023, 7, 19).unwrap();
        let spans = find(text, &sentences(text), p);
        let named = spans.iter().find(|d| d.reading.is_none()).unwrap();
        assert_eq!(named.date.to_string(), "2023-04");
        let (a, b) = named.clause.unwrap();
        assert_eq!(&text[a..b], "the April elections in northern Kosovo");
        assert_eq!(
            read_from("Talks resumed after the May 30 decision."),
            ["after the May 30 decision = 2023-05-30/2023-07-19 (After) [Talks resumed]"]
        );
        assert_eq!(
            read_from("In Pristina, after the 2021 vote, Kurti formed a government."),
            ["after the 2021 vote = 2021/2023-07-19 (After) [Kurti formed a government]"]
        );
    }

    #[test]
    fn after_an_event_needs_the_a_noun_a_past_date_and_a_clause() {
        for text in [
            // No noun after the date words.
            "Talks resumed after the May 30, when NATO met.",
            "After the April, nothing.",
            // No "the": the date is the time itself, stated.
            "Talks resumed after May 30.",
            "Following April elections, the EU spoke.",
            // A date word, not a noun, after the date.
            "Talks resumed after the 2008 year ended.",
            // Not yet past at publication.
            "Talks resume after the 2024 elections.",
            "Talks resumed after the Wednesday meeting.",
            // Nothing else in the sentence.
            "Following the April elections.",
            // Another preposition; "since the April elections" is stated (ongoing from April).
            "Before the April elections, the EU spoke.",
            "Serbs have stayed away since the April elections.",
        ] {
            assert!(read_from(text).is_empty(), "{text}: {:?}", read_from(text));
        }
    }

    #[test]
    fn a_continuing_state_beside_a_past_date_is_ongoing_from_it() {
        assert_eq!(
            read_from(
                "When Pristina declared independence 15 years ago, most states recognised it, \
                 but Belgrade continues to regard it as its territory."
            ),
            ["Belgrade continues to regard it as its territory = 2008/.. (Continuing) [Belgrade continues to regard it as its territory]"]
        );
        assert_eq!(
            read_from("The bridge was closed in March 2022 and remains shut."),
            ["remains shut = 2022-03/.. (Continuing) [remains shut]"]
        );
        assert_eq!(
            read_from("Troops arrived on May 30; they are still there."),
            ["they are still there = 2023-05-30/.. (Continuing) [they are still there]"]
        );
        assert_eq!(
            read_from("A curfew was imposed in 2019 and has been in force ever since."),
            ["has been in force ever since = 2019/.. (Continuing) [has been in force ever since]"]
        );
    }

    #[test]
    fn a_continuing_state_needs_the_present_a_past_date_before_it_and_no_saying() {
        for text in [
            // Future, past and infinitive forms.
            "In May, NATO said it will continue to send troops.",
            "In May the army continued to patrol.",
            "The bridge was closed in 2022; it was still shut in May.",
            // A noun, not the verb.
            "In 2019 the remains were found.",
            // The date dates the saying.
            "On Monday, Kurti said the army still holds the town.",
            // No date, or the date after the cue, or not past.
            "Belgrade continues to regard it as its territory.",
            "Belgrade continues to regard it as its territory, as it did in 2008.",
            "Belgrade continues to object on Wednesday.",
            // Already ongoing: stated.
            "Since 2008, Belgrade continues to object.",
            // "never" with no present perfect: a past that is over.
            "Belgrade never accepted the plan made in 2008.",
            "Belgrade had never accepted the plan made in 2008.",
            "Belgrade has never been to the talks held in 2008.",
        ] {
            assert!(read_from(text).is_empty(), "{text}: {:?}", read_from(text));
        }
    }

    #[test]
    fn a_present_perfect_is_dated_from_the_month_of_the_last_past_date() {
        assert_eq!(
            read_from(
                "In May, NATO troops were attacked. \"NATO has increased its presence with 500 troops,\" he said."
            ),
            ["has increased its presence with 500 troops = 2023-05/2023-07-19 (PresentPerfect) [NATO has increased its presence with 500 troops]"]
        );
        // A day gives its month; the date of the publication day is passed over.
        assert_eq!(
            read_from(
                "On June 12, the mission began. On Wednesday they met. Both sides have already deployed police."
            ),
            ["have already deployed police = 2023-06/2023-07-19 (PresentPerfect) [Both sides have already deployed police]"]
        );
        assert_eq!(
            read_from("Riots broke out in 2021. Hundreds have fled."),
            ["have fled = 2021/2023-07-19 (PresentPerfect) [Hundreds have fled]"]
        );
    }

    #[test]
    fn a_present_perfect_needs_a_past_date_before_it_and_a_participle() {
        for text in [
            // No date before it.
            "NATO has increased its presence. In May troops were attacked.",
            // Date words of its own: stated.
            "In May troops were attacked. NATO has increased its presence since June.",
            // Possession, a state, saying, negation, a modal, the past perfect.
            "In May troops were attacked. NATO has 500 troops there.",
            "In May troops were attacked. The town has been calm.",
            "In May troops were attacked. He has said nothing.",
            "In May troops were attacked. NATO has not increased its presence.",
            "In May troops were attacked. NATO would have increased its presence.",
            "In May troops were attacked. NATO had increased its presence.",
            // Only the publication day or later before it.
            "On Wednesday they met. NATO has increased its presence.",
            "Talks are due tomorrow. NATO has increased its presence.",
        ] {
            assert!(read_from(text).is_empty(), "{text}: {:?}", read_from(text));
        }
    }

    #[test]
    fn clauses_stop_at_punctuation_and_drop_a_leading_conjunction() {
        let st = "He came, but Belgrade objects (as before). \"It is over,\" she said.";
        let at = st.find("objects").unwrap();
        let (a, b) = clause_of(st, at);
        assert_eq!(&st[a..b], "Belgrade objects");
        let at = st.find("over").unwrap();
        let (a, b) = clause_of(st, at);
        assert_eq!(&st[a..b], "It is over");
        // Any byte, even inside a character, gives a range on char boundaries.
        let st = "Žž, čć. đ";
        for at in 0..=st.len() + 2 {
            let (a, b) = clause_of(st, at);
            assert!(
                st.is_char_boundary(a) && st.is_char_boundary(b) && a <= b,
                "{at}"
            );
        }
    }
}
