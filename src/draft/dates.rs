//! Step 2 of a draft: the date expressions in an article. First the stated ones: the longest run
//! of words the date resolver reads whole, at each place of each sentence, resolved against the
//! publication day and, for "the following day" and the like, against the date mentioned last;
//! a dateline's date dates the article, not an event; a date the words put ahead ("is expected
//! on March 18") is the next such day; "since the 1999 war" names an event in 1999 too; "last
//! week, on Monday" is that Monday.
//!
//! Then dates read rather than stated ([`Reading`]), each marked for review with the rule that
//! gave it:
//!
//! - after an event ("Following the April elections, the EU said…"): the named event at its date,
//!   and what the sentence says happened after it from that date to publication ("since the
//!   April elections" the resolver reads itself, as ongoing from April);
//! - a continuing state ("…, but Belgrade continues to regard it as its territory") in a
//!   sentence with a past date: ongoing from that date; so is a refusal that goes on ("have
//!   never accepted the declaration made in 2008");
//! - a present perfect with no date words ("NATO has increased its presence"): from the month of
//!   the last past date the text mentioned before it to publication.
//!
//! The word lists these rules use are the lexicon's (`date_words`, `future_words`,
//! `not_event_nouns`, `modals`, `perfect_adverbs`, `participles`). The words written in the code
//! (the cue words of each rule, "has"/"have", prepositions and determiners) are the rules'
//! grammar, not lists to extend.

use chrono::{Datelike, NaiveDate};

use crate::date::{End, FuzzyDate, Point};
use crate::date_words::{resolve, resolve_after};
use crate::words::{MONTHS, WEEKDAYS};

use super::lexicon::{lexicon, WordSet};
use super::sentences::{clip, one_line, tokens, Sentence, Token, Words};

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
        } else if lexicon().date_words.contains(&lower) || is_year(t.text) || is_decade(t.text) {
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

/// Every date expression in the article, in order: the stated ones, sentence by sentence (each
/// resolved against the one before it, for "the following day"), then those read from words
/// that state none.
pub fn find(text: &str, sentences: &[Sentence], published: NaiveDate) -> Vec<DateSpan> {
    let mut out: Vec<DateSpan> = Vec::new();
    let mut previous: Option<FuzzyDate> = None;
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let toks = tokens(st);
        let mut i = 0;
        while i < toks.len() {
            let Some(found) = longest_at(&toks, st, i, published, previous.as_ref()) else {
                i += 1;
                continue;
            };
            let at = Stated {
                si,
                start: s.start,
                st,
                toks: &toks,
                i: i + found.skip,
                len: found.len,
            };
            previous = Some(at.push(found.words, found.date, published, &mut out));
            i = at.i + at.len;
        }
    }
    week_days(&mut out);
    let read = read(text, sentences, published, &mut out);
    out.extend(read);
    out.sort_by_key(|d| (d.sentence, d.start));
    out
}

/// Date words found at a place of a sentence.
struct DateWordsAt {
    /// Leading tokens that are no part of them ("the" of "the April elections").
    skip: usize,
    len: usize,
    words: String,
    date: FuzzyDate,
}

/// The longest run of words at token `i` (at most seven) that may be a date and resolves,
/// against `previous` for "the following day"; of "the April elections", "April".
fn longest_at(
    toks: &[Token<'_>],
    st: &str,
    i: usize,
    published: NaiveDate,
    previous: Option<&FuzzyDate>,
) -> Option<DateWordsAt> {
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
        let Ok(date) = resolve_after(&words, published, previous) else {
            continue;
        };
        if len > 1 && span[0].text.eq_ignore_ascii_case("the") {
            let shorter = one_line(&st[span[1].start..span[len - 1].end]);
            if resolve_after(&shorter, published, previous).is_ok_and(|d| d == date) {
                return Some(DateWordsAt {
                    skip: 1,
                    len: len - 1,
                    words: shorter,
                    date,
                });
            }
        }
        return Some(DateWordsAt {
            skip: 0,
            len,
            words,
            date,
        });
    }
    None
}

/// Stated date words: tokens `i..i + len` of sentence `si` (`st`, from byte `start`).
struct Stated<'t> {
    si: usize,
    start: usize,
    st: &'t str,
    toks: &'t [Token<'t>],
    i: usize,
    len: usize,
}

impl Stated<'_> {
    fn has_year(&self) -> bool {
        self.toks[self.i..self.i + self.len]
            .iter()
            .any(|t| is_year(t.text))
    }

    /// Add the words' date to `out`, unless they date the article (a dateline), with the event
    /// a "since the <date> <noun>" names; the date, put ahead when the words before say so.
    fn push(
        &self,
        words: String,
        date: FuzzyDate,
        published: NaiveDate,
        out: &mut Vec<DateSpan>,
    ) -> FuzzyDate {
        let alone = resolve(&words, published).is_ok_and(|d| d == date);
        let dateline = self.dates_the_article(&date, published);
        let (date, alone) = self.ahead(&words, date, alone, published);
        if !dateline {
            out.push(DateSpan {
                sentence: self.si,
                start: self.start + self.toks[self.i].start,
                end: self.start + self.toks[self.i + self.len - 1].end,
                words,
                date,
                alone,
                clause: None,
                reading: None,
            });
            out.extend(self.since_the(published));
        }
        date
    }

    /// A dateline ("Fixture Daily, 5 June 2023.") dates the article, not an event.
    fn dates_the_article(&self, date: &FuzzyDate, published: NaiveDate) -> bool {
        let before = self.st[..self.toks[self.i].start].trim_end();
        *date == FuzzyDate::Single(Point::day(published))
            && self.has_year()
            && (before.is_empty()
                || (before.ends_with(',') && self.toks[..self.i].iter().all(Token::capitalised)))
    }

    /// "the next meeting is expected to be held on March 18": a date the words put ahead, given
    /// without a year, is the next such day, not the last one (and then not the words alone).
    fn ahead(
        &self,
        words: &str,
        date: FuzzyDate,
        alone: bool,
        published: NaiveDate,
    ) -> (FuzzyDate, bool) {
        let future = &lexicon().future_words;
        let ahead = (0..self.i)
            .rev()
            .take(8)
            .any(|k| future.contains(&self.toks[k].text.to_lowercase()));
        match (ahead, date.latest()) {
            (true, Some(l)) if l < published && !self.has_year() => {
                [published.year(), published.year() + 1]
                    .iter()
                    .filter_map(|y| resolve(&format!("{words} {y}"), published).ok())
                    .find(|d| d.earliest().is_some_and(|e| e > published))
                    .map_or((date, alone), |d| (d, false))
            }
            _ => (date, alone),
        }
    }

    /// "since the 1999 war": the war is an event of its own, in 1999.
    fn since_the(&self, published: NaiveDate) -> Option<DateSpan> {
        let (st, toks, i, len) = (self.st, self.toks, self.i, self.len);
        let noun = toks.get(i + len).filter(|n| {
            let l = n.text.to_lowercase();
            n.text.chars().all(char::is_lowercase)
                && !lexicon().not_event_nouns.contains(&l)
                && st[toks[i + len - 1].end..n.start] == *" "
        });
        let since_the = len > 2
            && toks[i].text.eq_ignore_ascii_case("since")
            && toks[i + 1].text.eq_ignore_ascii_case("the");
        let (true, Some(n)) = (since_the, noun) else {
            return None;
        };
        let inner = one_line(&st[toks[i + 1].start..toks[i + len - 1].end]);
        let at = resolve(&inner, published).ok()?;
        Some(DateSpan {
            sentence: self.si,
            start: self.start + toks[i + 1].start,
            end: self.start + n.end,
            words: one_line(&st[toks[i + 1].start..n.end]),
            date: at,
            alone: false,
            clause: None,
            reading: None,
        })
    }
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

/// Whether a stated date lies wholly before publication and is not itself ongoing.
fn past(d: &FuzzyDate, published: NaiveDate) -> bool {
    !d.ongoing() && d.latest().is_some_and(|l| l < published)
}

/// Whether a word (lower case) is a past participle: "-ed" on a word of five letters or more,
/// or one of the lexicon's.
fn is_participle(w: &str) -> bool {
    (w.ends_with("ed") && w.chars().count() >= 5) || lexicon().participles.contains(w)
}

/// Dates read rather than stated (see [`Reading`]), from the stated ones in `spans`; the named
/// event of "after the April elections" gets its clause.
fn read(
    text: &str,
    sentences: &[Sentence],
    published: NaiveDate,
    spans: &mut [DateSpan],
) -> Vec<DateSpan> {
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let words = Words::of(text, si, s);
        // The spans are in sentence order.
        let first = spans.partition_point(|d| d.sentence < si);
        let here: Vec<usize> = (first..spans.len())
            .take_while(|k| spans[*k].sentence == si)
            .collect();
        for &k in &here {
            out.extend(words.after_event(&mut spans[k], published));
        }
        out.extend(words.continuing(spans, &here, published));
        if here.is_empty() {
            out.extend(words.present_perfect(spans, published));
        }
    }
    out
}

impl<'t> Words<'t> {
    /// Whether word `k` is one of `words`.
    fn is(&self, k: usize, words: &[&str]) -> bool {
        self.lower
            .get(k)
            .is_some_and(|w| words.contains(&w.as_str()))
    }

    /// Whether word `k` is in a list of the lexicon.
    fn listed(&self, k: usize, list: &WordSet) -> bool {
        self.lower.get(k).is_some_and(|w| list.contains(w))
    }

    /// A verb of saying: in its sentence a date dates the saying, not a state it reports.
    fn saying_at(&self, k: usize) -> bool {
        self.lower.get(k).is_some_and(|w| lexicon().is_speech(w))
    }

    /// A date read by `reading` from `words`, for the clause `start..end` of the sentence.
    fn span(
        &self,
        start: usize,
        end: usize,
        words: &str,
        date: FuzzyDate,
        reading: Reading,
    ) -> DateSpan {
        DateSpan {
            sentence: self.si,
            start: self.start + start,
            end: self.start + end,
            words: clip(&super::clean(words), 120),
            date,
            alone: false,
            clause: Some((self.start + start, self.start + end)),
            reading: Some(reading),
        }
    }

    /// After an event: "following / after the <date> <noun>" dates what the sentence says
    /// happened after it, from the stated date `d` to publication; `d` gets the phrase's clause.
    fn after_event(&self, d: &mut DateSpan, published: NaiveDate) -> Option<DateSpan> {
        let (st, toks, lower) = (self.st, &self.toks, &self.lower);
        let lex = lexicon();
        let (a, b) = (d.start - self.start, d.end - self.start);
        let i = toks.iter().position(|t| t.start == a)?;
        let j = toks.iter().position(|t| t.end == b)?;
        if i < 2 || j + 1 >= toks.len() || lower[i - 1] != "the" {
            return None;
        }
        if !matches!(lower[i - 2].as_str(), "after" | "following") {
            return None;
        }
        let noun = &toks[j + 1];
        let named = st[b..noun.start].chars().all(|c| c == ' ')
            && noun.text.chars().next().is_some_and(char::is_lowercase)
            && !self.listed(j + 1, &lex.not_event_nouns)
            && !self.listed(j + 1, &lex.date_words);
        if !named || !past(&d.date, published) {
            return None;
        }
        let date = from_start(&d.date, false, Some(published))?;
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
            return None;
        }
        d.clause = Some((self.start + toks[i - 1].start, self.start + cb));
        let mut after = self.span(ra, rb, &st[phrase..noun.end], date, Reading::After);
        after.words = super::clean(&st[phrase..noun.end]);
        Some(after)
    }

    /// A continuing state beside a past date of the sentence (`here`: its dates in `spans`), in
    /// a sentence with no verb of saying: a cue after the date ("continues to", "remains",
    /// "still", "… ever since"), else "has never" and a participle anywhere.
    fn continuing(
        &self,
        spans: &[DateSpan],
        here: &[usize],
        published: NaiveDate,
    ) -> Option<DateSpan> {
        if (0..self.toks.len()).any(|k| self.saying_at(k)) {
            return None;
        }
        match self.continuing_cue() {
            Some(c) => self.goes_on(spans, here, c, published),
            None => self.never(spans, here, published),
        }
    }

    /// The word that says a state goes on: "continues to", "remains" (not after a modal, and
    /// no noun), "is still", "… ever since" ending a present perfect.
    fn continuing_cue(&self) -> Option<usize> {
        let modals = &lexicon().modals;
        (0..self.toks.len()).find(|&c| {
            let before = |words: &[&str]| c > 0 && self.is(c - 1, words);
            let modal = c > 0 && self.listed(c - 1, modals);
            match self.lower[c].as_str() {
                "continues" | "continue" => self.is(c + 1, &["to"]) && !modal,
                // A determiner before it makes it a noun ("the remains", "human remains").
                "remains" | "remain" => {
                    !modal && !before(&["the", "his", "her", "its", "their", "human"])
                }
                "still" => before(&["is", "are", "has", "have"]) || self.is(c + 1, &["is", "are"]),
                "ever" => {
                    self.is(c + 1, &["since"])
                        && c + 2 == self.toks.len()
                        && (0..c).any(|k| self.is(k, &["has", "have"]))
                }
                _ => false,
            }
        })
    }

    /// The state of cue `c`, ongoing from the last past date before it: its clause, after the
    /// date words ("… in 2022 and remains shut").
    fn goes_on(
        &self,
        spans: &[DateSpan],
        here: &[usize],
        c: usize,
        published: NaiveDate,
    ) -> Option<DateSpan> {
        let at = self.start + self.toks[c].start;
        let dated = here
            .iter()
            .rev()
            .map(|k| &spans[*k])
            .find(|d| d.reading.is_none() && d.start < at && past(&d.date, published))?;
        let date = from_start(&dated.date, false, None)?;
        let after = dated.end - self.start;
        let (a, b) = clause_of(self.st, self.toks[c].start);
        let (a, b) = trimmed(self.st, a.max(after).min(b), b);
        (b > a).then(|| self.span(a, b, &self.st[a..b], date, Reading::Continuing))
    }

    /// "have never accepted the declaration … made in 2008": a refusal that goes on from the
    /// date of what it refuses, wherever in the sentence that date stands.
    fn never(&self, spans: &[DateSpan], here: &[usize], published: NaiveDate) -> Option<DateSpan> {
        let c = (1..self.toks.len()).find(|&c| {
            self.lower[c] == "never"
                && (c.saturating_sub(4)..c).any(|k| self.is(k, &["has", "have"]))
                && self.lower.get(c + 1).is_some_and(|p| is_participle(p))
        })?;
        let dated = here
            .iter()
            .map(|k| &spans[*k])
            .find(|d| d.reading.is_none() && past(&d.date, published))?;
        let date = from_start(&dated.date, false, None)?;
        let (a, b) = clause_of(self.st, self.toks[c].start);
        (b > a).then(|| self.span(a, b, &self.st[a..b], date, Reading::Continuing))
    }

    /// A present perfect ("has increased", "have already deployed") in a sentence with no date
    /// words: from the month of the last past date before it to publication. Its words run from
    /// the verb to the end of its clause, never cut within it ("has put the country in a
    /// difficult position", not "has put the country").
    fn present_perfect(&self, spans: &[DateSpan], published: NaiveDate) -> Option<DateSpan> {
        let lex = lexicon();
        let (c, k) = (1..self.toks.len()).find_map(|c| {
            if !self.is(c, &["has", "have"]) || self.listed(c - 1, &lex.modals) {
                return None;
            }
            let k = if self.listed(c + 1, &lex.perfect_adverbs) {
                c + 2
            } else {
                c + 1
            };
            let p = self.lower.get(k)?;
            (is_participle(p) && !self.saying_at(k)).then_some((c, k))
        })?;
        let last = spans
            .iter()
            .rev()
            .find(|d| d.sentence < self.si && d.reading.is_none() && past(&d.date, published))?;
        let date = from_start(&last.date, true, Some(published))?;
        let (a, b) = clause_of(self.st, self.toks[c].start);
        let end = b.max(self.toks[k].end);
        let words = &self.st[self.toks[c].start..end];
        let mut pp = self.span(a, b.max(a), words, date, Reading::PresentPerfect);
        if b <= a {
            pp.clause = None;
        }
        Some(pp)
    }
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
