//! Step 5 of a draft: the numbers and what they count: "93 people were injured", "around 500 troops", "at least 6
//! Serbs shot", "700 more troops", "Thirty KFOR soldiers", "52 to 80". The qualifier comes from
//! the words before the number, the unit from the noun after it, the measure from the verb after
//! that (or before the number: "send 700 troops" → sent). Numbers that are part of a date, a
//! duration ("6 months") or a name ("Resolution 1244") are left out.
//!
//! The words it looks for are the lexicon's (`qualifiers`, `not_counts`, `not_units`,
//! `measure_verbs`, …); the articles, pronouns and number words of scale written in the code are
//! grammar, not lists to extend.

use crate::seed::model::{Amount, Number, Qualifier};
use crate::words::{NUMBERS, TENS};

use super::lexicon::lexicon;
use super::sentences::{tokens, Sentence, Token};

#[derive(Debug, Clone)]
pub struct Count {
    pub sentence: usize,
    /// Byte range of the words in the article.
    pub start: usize,
    pub end: usize,
    pub amount: Amount,
    pub unit: Option<String>,
    /// "of them": the unit of the figure before.
    pub unit_from_before: bool,
    pub measure: Option<String>,
}

/// A number word's value (not "one": "one of", "one day" are rarely counts).
fn word_number(w: &str) -> Option<i64> {
    let w = w.to_lowercase();
    if let Some(i) = NUMBERS.iter().position(|n| *n == w) {
        return (i >= 2).then_some(i as i64);
    }
    TENS.iter()
        .position(|n| *n == w)
        .map(|i| (i as i64 + 2) * 10)
}

fn digits(t: &Token<'_>) -> Option<Number> {
    if !t.is_number() {
        return None;
    }
    let plain: String = t.text.chars().filter(|c| *c != ',').collect();
    // "1,200" is a thousand separator; "3.5" a decimal.
    if t.text.contains(',') && !t.text.split(',').skip(1).all(|g| g.len() == 3) {
        return None;
    }
    if plain.contains('.') {
        plain
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Number::Float)
    } else {
        plain.parse::<i64>().ok().map(Number::Int)
    }
}

/// The number starting at token `i`: its value and how many tokens it takes ("twenty-five",
/// "3 million").
fn number_at(toks: &[Token<'_>], st: &str, i: usize) -> Option<(Number, usize)> {
    let t = &toks[i];
    let (mut value, mut used) = match digits(t) {
        Some(n) => (n, 1),
        None => {
            let v = word_number(t.text)?;
            let hyphen = toks
                .get(i + 1)
                .filter(|n| &st[t.end..n.start] == "-")
                .and_then(|n| word_number(n.text))
                .filter(|u| v >= 20 && v % 10 == 0 && *u < 10);
            match hyphen {
                Some(u) => (Number::Int(v + u), 2),
                None => (Number::Int(v), 1),
            }
        }
    };
    if let Some(next) = toks.get(i + used) {
        // The words of scale are grammar, as closed as the number words themselves.
        let times = match next.text.to_lowercase().as_str() {
            "hundred" => Some(100.0),
            "thousand" => Some(1_000.0),
            "million" => Some(1_000_000.0),
            "billion" => Some(1_000_000_000.0),
            _ => None,
        };
        if let Some(times) = times {
            let v = value.as_f64() * times;
            if !v.is_finite() {
                // Too large to hold: no figure.
                return None;
            }
            value = if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Number::Int(v as i64)
            } else {
                Number::Float(v)
            };
            used += 1;
        }
    }
    Some((value, used))
}

/// What a figure counts, from the words after its unit at token `j`: a phrase opened by a
/// preposition or an "-ing" verb ("in the north", "living in Kosovo"), up to four words and
/// never past the end of its clause.
fn phrase_after(st: &str, toks: &[Token<'_>], j: usize) -> Option<String> {
    let first = toks.get(j)?;
    let before = toks.get(j.checked_sub(1)?)?;
    // Nothing but a space between the figure and the phrase (a comma ends the clause).
    if !st[before.end..first.start].trim().is_empty() {
        return None;
    }
    let head = lower(toks, j);
    let lex = lexicon();
    let opens = lex.phrase_openers.contains(&head)
        || (head.ends_with("ing") && head.chars().count() > 5 && !first.capitalised());
    if !opens {
        return None;
    }
    let mut words = vec![first.text.to_string()];
    let mut k = j + 1;
    while words.len() < 4 {
        let (Some(prev), Some(t)) = (toks.get(k - 1), toks.get(k)) else {
            break;
        };
        if !st[prev.end..t.start].trim().is_empty() || lex.is_speech(&lower(toks, k)) {
            break;
        }
        words.push(t.text.to_string());
        k += 1;
    }
    // A phrase ends on a word that says something, not "of the".
    while words.len() > 1 && lex.stop.contains(&words[words.len() - 1].to_lowercase()) {
        words.pop();
    }
    (words.len() > 1).then(|| words.join(" "))
}

fn lower(toks: &[Token<'_>], i: usize) -> String {
    toks.get(i)
        .map(|t| t.text.to_lowercase())
        .unwrap_or_default()
}

/// The qualifier the words before token `i` give (the lexicon's `qualifiers`, the longest
/// phrase first: "no more than", "at least", "around"), and the token where they start.
fn qualifier(toks: &[Token<'_>], i: usize) -> (Qualifier, usize) {
    let qualifiers = &lexicon().qualifiers;
    let w = |back: usize| {
        i.checked_sub(back)
            .map(|k| lower(toks, k))
            .unwrap_or_default()
    };
    let three = format!("{} {} {}", w(3), w(2), w(1));
    let two = format!("{} {}", w(2), w(1));
    for (phrase, n) in [(three, 3), (two, 2), (w(1), 1)] {
        if let Some(q) = qualifiers.get(&phrase) {
            return (*q, i - n);
        }
    }
    (Qualifier::Exact, i)
}

/// A count of one that a count's verb follows.
struct One {
    /// Its first and last tokens.
    first: usize,
    last: usize,
    /// The token of its noun.
    noun: usize,
    measure: String,
}

/// Counts of one that a count's verb follows: "a policeman was killed", "another border
/// policeman was injured", "one officer and three attackers were killed", "a police officer lost
/// his life". The articles and the words that end a noun phrase here are grammar, not a list to
/// extend.
fn ones(toks: &[Token<'_>]) -> Vec<One> {
    let lex = lexicon();
    let mut out = Vec::new();
    for k in 0..toks.len() {
        if !matches!(lower(toks, k).as_str(), "a" | "an" | "another" | "one") {
            continue;
        }
        // The noun: the last of up to four plain lower-case words after it.
        let mut n = k;
        while n < k + 4
            && toks.get(n + 1).is_some_and(|t| {
                let l = t.text.to_lowercase();
                !t.is_number()
                    && l.chars().all(char::is_alphabetic)
                    && !matches!(l.as_str(), "was" | "were" | "and" | "lost" | "of" | "who")
            })
        {
            n += 1;
        }
        if n == k {
            continue;
        }
        let verb = match (lower(toks, n + 1).as_str(), lower(toks, n + 3).as_str()) {
            ("lost", "life") => Some((n + 3, "killed".to_string())),
            ("was" | "were", _) => {
                let v = lower(toks, n + 2);
                lex.measure_verbs.contains(&v).then_some((n + 2, v))
            }
            // "one officer and three attackers were killed": the verb of the count after it.
            ("and", _) => (n + 2..(n + 8).min(toks.len()))
                .find(|&m| lex.measure_verbs.contains(&lower(toks, m)))
                .filter(|_| {
                    toks.get(n + 2)
                        .is_some_and(|t| t.is_number() || word_number(t.text).is_some())
                })
                .map(|m| (n, lower(toks, m))),
            _ => None,
        };
        if let Some((last, measure)) = verb {
            out.push(One {
                first: k,
                last,
                noun: n,
                measure,
            });
        }
    }
    out
}

/// Every figure in the article, in order. `taken(start, end)` says whether a byte range is
/// already read as something else (a date).
pub fn find(
    text: &str,
    sentences: &[Sentence],
    taken: &dyn Fn(usize, usize) -> bool,
) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let r = Reader {
            text,
            taken,
            si,
            start: s.start,
            st,
            toks: tokens(st),
        };
        // This sentence's figures start here.
        let here = out.len();
        r.numbers(&mut out, here);
        r.ones(&mut out, here);
        out[here..].sort_by_key(|c| c.start);
    }
    out
}

/// A sentence's words, for reading its figures.
struct Reader<'t> {
    text: &'t str,
    taken: &'t dyn Fn(usize, usize) -> bool,
    si: usize,
    /// Where the sentence starts in the article.
    start: usize,
    st: &'t str,
    toks: Vec<Token<'t>>,
}

/// How far a figure's words run, and what they say it counts.
struct Tail {
    /// The token after its words so far.
    j: usize,
    /// Where its words end in the article.
    end: usize,
    unit: Option<String>,
    /// "of them": the unit of the figure before.
    unit_from_before: bool,
    measure: Option<String>,
}

impl Reader<'_> {
    fn lower(&self, i: usize) -> String {
        lower(&self.toks, i)
    }

    /// The figures of the sentence's numbers, added to `out` (whose figures from `here` are
    /// the sentence's).
    fn numbers(&self, out: &mut Vec<Count>, here: usize) {
        let mut i = 0;
        while i < self.toks.len() {
            let Some((value, used)) = number_at(&self.toks, self.st, i) else {
                i += 1;
                continue;
            };
            match self.count_at(i, value, used, &out[here..]) {
                Some((count, j)) => {
                    out.push(count);
                    i = j.max(i + used);
                }
                None => i += used,
            }
        }
    }

    /// The counts of one, added to `out` where no figure of the sentence (from `here`) covers
    /// their words.
    fn ones(&self, out: &mut Vec<Count>, here: usize) {
        for c in ones(&self.toks) {
            let (a, b) = (
                self.start + self.toks[c.first].start,
                self.start + self.toks[c.last].end,
            );
            if (self.taken)(a, b) || out[here..].iter().any(|o| o.start < b && a < o.end) {
                continue;
            }
            out.push(Count {
                sentence: self.si,
                start: a,
                end: b,
                amount: Amount {
                    value: Some(Number::Int(1)),
                    low: None,
                    high: None,
                    qualifier: Qualifier::Exact,
                },
                unit: Some(self.toks[c.noun].text.to_string()),
                unit_from_before: false,
                measure: Some(c.measure),
            });
        }
    }

    /// The figure of the number `value` at token `i` (taking `used` tokens), and the token
    /// after its words; none when it counts nothing. `mine`: the sentence's figures so far.
    fn count_at(
        &self,
        i: usize,
        value: Number,
        used: usize,
        mine: &[Count],
    ) -> Option<(Count, usize)> {
        let next = self.lower(i + used);
        let duration = self.duration(i, used, &next);
        if self.no_count(i, used, &next, duration, mine) {
            return None;
        }
        let (qualifier, q_start) = qualifier(&self.toks, i);
        let (high, j) = self.range(i + used, &next, value);
        let mut tail = Tail {
            j,
            end: self.start + self.toks[j - 1].end,
            unit: None,
            unit_from_before: false,
            measure: None,
        };
        if duration {
            tail.unit = Some(format!("{}s", next.trim_end_matches('s')));
            tail.end = self.start + self.toks[tail.j].end;
            tail.j += 1;
        } else if self.st[self.toks[i + used - 1].end..].starts_with('%') {
            tail.unit = Some("percent".to_string());
        } else {
            self.unit(&mut tail);
        }
        self.measure(&mut tail, i, q_start, mine);
        let (value, low, high) = match high {
            Some(h) => (None, Some(value), Some(h)),
            None => (Some(value), None, None),
        };
        let count = Count {
            sentence: self.si,
            start: self.start + self.toks[q_start].start,
            end: tail.end,
            amount: Amount {
                value,
                low,
                high,
                qualifier,
            },
            unit: tail.unit,
            unit_from_before: tail.unit_from_before,
            measure: tail.measure,
        };
        Some((count, tail.j))
    }

    /// Whether the number at `i` and the word after it are a duration that is measured: "up to
    /// 12 hours", "a 12-hour meeting".
    fn duration(&self, i: usize, used: usize, next: &str) -> bool {
        let toks = &self.toks;
        let time = lexicon().measured_durations.contains(next);
        let hyphened = toks
            .get(i + used)
            .is_some_and(|n| &self.st[toks[i + used - 1].end..n.start] == "-");
        time && (hyphened || qualifier(toks, i).0 != Qualifier::Exact)
    }

    /// Whether the number at `i` counts nothing: part of a date or the dateline, a duration or
    /// an hour not measured ("6 months", "3 pm"), a year, part of a name ("Resolution 1244",
    /// "Article 5"), or a conversion in brackets of the figure before it ("1.8 kilometers (1
    /// mile)").
    fn no_count(&self, i: usize, used: usize, next: &str, duration: bool, mine: &[Count]) -> bool {
        let (toks, lex) = (&self.toks, lexicon());
        let (a, b) = (
            self.start + toks[i].start,
            self.start + toks[i + used - 1].end,
        );
        let year = toks[i].text.len() == 4
            && toks[i].is_number()
            && !toks
                .get(i + used)
                .is_some_and(|n| n.text.chars().next().is_some_and(char::is_lowercase));
        let prev = self.lower(i.saturating_sub(1));
        let named = i > 1
            && toks[i - 1].capitalised()
            && (!lex.stop.contains(&prev) || crate::words::is_number_or_calendar(&prev))
            && !toks[i].capitalised();
        let converted = self.st[..toks[i].start].ends_with('(')
            && mine
                .last()
                .is_some_and(|p| self.text.get(p.end..a).is_some_and(|t| t.trim() == "("));
        (self.taken)(a, b)
            || (lex.not_counts.contains(next) && !duration)
            || year
            || named
            || converted
    }

    /// A range from the number before token `j`: "52 to 80", "between 52 and 80", "52-80",
    /// when the second number is the larger. Its high end and the token after it.
    fn range(&self, j: usize, next: &str, value: Number) -> (Option<Number>, usize) {
        let toks = &self.toks;
        let Some(t) = toks.get(j) else {
            return (None, j);
        };
        let dash = matches!(self.st[toks[j - 1].end..t.start].trim(), "-" | "–" | "—");
        let word = matches!(next, "to" | "and");
        if !(dash || word) {
            return (None, j);
        }
        let at = if dash { j } else { j + 1 };
        match toks.get(at).and_then(|_| number_at(toks, self.st, at)) {
            Some((high, used)) if high.as_f64() > value.as_f64() => (Some(high), at + used),
            _ => (None, j),
        }
    }

    /// The unit: the noun after the number and its modifiers ("93 people", "700 more troops",
    /// "two police officers", "30 of its soldiers"), else the last of up to two capitalised
    /// words ("30 KFOR"); "of them" takes the unit of the figure before.
    fn unit(&self, f: &mut Tail) {
        let lex = lexicon();
        while lex.count_modifiers.contains(&self.lower(f.j)) {
            f.j += 1;
        }
        if self.lower(f.j) == "of" {
            match self.lower(f.j + 1).as_str() {
                "its" | "their" | "his" | "her" | "our" => f.j += 2,
                "them" | "whom" | "those" => {
                    f.unit_from_before = true;
                    f.end = self.start + self.toks[f.j + 1].end;
                    f.j += 2;
                    return;
                }
                _ => {}
            }
        }
        let mut caps = Vec::new();
        while caps.len() < 2 && self.toks.get(f.j).is_some_and(|t| t.capitalised()) {
            caps.push(f.j);
            f.j += 1;
        }
        let noun = self.toks.get(f.j).filter(|t| {
            let l = t.text.to_lowercase();
            !t.capitalised()
                && !t.is_number()
                && !lex.not_units.contains(&l)
                && !lex.adverbs.contains(&l)
                && !l.ends_with("ed")
                && l.chars().all(char::is_alphabetic)
        });
        if let Some(t) = noun {
            f.unit = Some(t.text.to_string());
            f.end = self.start + t.end;
            f.j += 1;
            self.plural_head(f, t);
        } else if let Some(&c) = caps.last() {
            f.unit = Some(self.toks[c].text.to_string());
            f.end = self.start + self.toks[c].end;
            f.j = c + 1;
        }
    }

    /// "two police officers", "four northern districts": the unit's head is the plural after a
    /// noun `t` that is none.
    fn plural_head(&self, f: &mut Tail, t: &Token<'_>) {
        let lex = lexicon();
        let first = t.text.to_lowercase();
        let head = self.toks.get(f.j).filter(|h| {
            let l = h.text.to_lowercase();
            !first.ends_with('s')
                && l.ends_with('s')
                && l.chars().count() > 3
                && !h.capitalised()
                && l.chars().all(char::is_alphabetic)
                && !lex.stop.contains(&l)
                && !lex.not_units.contains(&l)
                && self.st[t.end..h.start] == *" "
        });
        if let Some(h) = head {
            f.unit = Some(if lex.stop.contains(&first) {
                h.text.to_string()
            } else {
                format!("{} {}", t.text, h.text)
            });
            f.end = self.start + h.end;
            f.j += 1;
        }
    }
}

/// What a figure measures.
impl Reader<'_> {
    /// The measure of the figure at token `i` (its qualifier from `q_start`), the first of: a
    /// verb after its unit, a verb before it ("send 700 troops" → sent), the measure of the
    /// figure it is part of ("…, among them 25 peacekeepers"), the noun it is said to be
    /// ("Turnout was just 3.47 percent"), the phrase after it ("two checkpoints on the border"),
    /// a verb right after it ("120,000 Serbs live in Kosovo"). `mine`: the sentence's figures
    /// so far.
    fn measure(&self, f: &mut Tail, i: usize, q_start: usize, mine: &[Count]) {
        self.verb_after_unit(f);
        if f.measure.is_none() {
            f.measure = self.verb_before(i);
        }
        if f.measure.is_none() && self.part(q_start) {
            f.measure = mine.last().and_then(|p| p.measure.clone());
        }
        if f.measure.is_none() && q_start >= 2 {
            f.measure = self.named_before(q_start);
        }
        if f.measure.is_none() {
            f.measure = phrase_after(self.st, &self.toks, f.j);
        }
        if f.measure.is_none() {
            self.verb_like_after(f);
        }
    }

    /// A verb after the unit, within three words, after linking words and with an adverb
    /// ("were seriously injured").
    fn verb_after_unit(&self, f: &mut Tail) {
        let lex = lexicon();
        let mut k = f.j;
        while lex.measure_linkers.contains(&self.lower(k)) {
            k += 1;
        }
        let adverb = lex.adverbs.contains(&self.lower(k)).then(|| self.lower(k));
        if adverb.is_some() {
            k += 1;
        }
        let verb = self.lower(k);
        if k < self.toks.len()
            && (lex.measure_verbs.contains(&verb) || (verb.ends_with("ed") && verb.len() > 4))
            && k <= f.j + 3
        {
            f.measure = Some(match adverb {
                Some(a) => format!("{a} {verb}"),
                None => verb,
            });
            f.end = self.start + self.toks[k].end;
        }
    }

    /// A verb up to three words before the number at `i` that gives a measure.
    fn verb_before(&self, i: usize) -> Option<String> {
        let lex = lexicon();
        (1..=3).find_map(|back| {
            let w = i
                .checked_sub(back)
                .map(|x| self.lower(x))
                .unwrap_or_default();
            lex.verbs_before
                .iter()
                .find(|(v, _)| *v == w)
                .map(|(_, m)| m.clone())
        })
    }

    /// Whether the figure whose words start at `q_start` is a part of the one before ("among
    /// them", "including").
    fn part(&self, q_start: usize) -> bool {
        (q_start >= 2
            && self.lower(q_start - 2) == "among"
            && matches!(self.lower(q_start - 1).as_str(), "them" | "whom"))
            || (q_start >= 1 && self.lower(q_start - 1) == "including")
    }

    /// The noun a verb before the figure says it is ("Turnout was just 3.47 percent").
    fn named_before(&self, q_start: usize) -> Option<String> {
        let lex = lexicon();
        let mut b = q_start - 1;
        if lex.figure_is_adverbs.contains(&self.lower(b)) {
            b = b.saturating_sub(1);
        }
        b.checked_sub(1)
            .filter(|_| lex.figure_is_verbs.contains(&self.lower(b)))
            .map(|n| self.lower(n))
            .filter(|n| {
                n.chars().all(char::is_alphabetic)
                    && !lex.stop.contains(n)
                    && !lex.not_units.contains(n)
            })
    }

    /// "120,000 Serbs live in Kosovo": a word after the unit, right after it, that may be a
    /// verb.
    fn verb_like_after(&self, f: &mut Tail) {
        let lex = lexicon();
        let (toks, j) = (&self.toks, f.j);
        let after = self.lower(j);
        let verb_like = toks.get(j).is_some_and(|t| !t.capitalised())
            && after.chars().count() > 2
            && !after.ends_with('s')
            && after.chars().all(char::is_alphabetic)
            && !lex.stop.contains(&after)
            && !lex.not_units.contains(&after)
            && self.st[toks[j - 1].end..toks[j].start].trim().is_empty();
        if verb_like {
            f.end = self.start + toks[j].end;
            f.measure = Some(after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::sentences::sentences;

    fn found(text: &str) -> Vec<String> {
        find(text, &sentences(text), &|_, _| false)
            .iter()
            .map(|f| {
                let v = match (f.amount.value, f.amount.low, f.amount.high) {
                    (Some(v), _, _) => format!("{}", v.as_f64()),
                    (_, Some(l), Some(h)) => format!("{}-{}", l.as_f64(), h.as_f64()),
                    _ => "?".into(),
                };
                format!(
                    "{v} {} {} {} | {}",
                    f.amount.qualifier.as_str(),
                    f.unit
                        .as_deref()
                        .unwrap_or(if f.unit_from_before { "^" } else { "-" }),
                    f.measure.as_deref().unwrap_or("-"),
                    &text[f.start..f.end]
                )
            })
            .collect()
    }

    #[test]
    fn a_number_too_large_to_hold_is_no_figure() {
        let huge = format!(
            "On May 3, {}.5 billion people were killed.",
            "9".repeat(308)
        );
        assert_eq!(found(&huge), Vec::<String>::new());
        assert_eq!(found("3 billion people were counted.").len(), 1);
    }

    #[test]
    fn reads_numbers_with_qualifier_unit_and_measure() {
        assert_eq!(
            found("NATO troops were attacked and 93 people were injured. Three of them were seriously injured."),
            [
                "93 exact people injured | 93 people were injured",
                "3 exact ^ seriously injured | Three of them were seriously injured"
            ]
        );
        assert_eq!(
            found("It added around 500 troops, after at least 6 Serbs shot and more than twenty-five soldiers hurt."),
            [
                "500 approximately troops added | around 500 troops",
                "6 at_least Serbs shot | at least 6 Serbs shot",
                "25 at_least soldiers hurt | more than twenty-five soldiers hurt"
            ]
        );
        assert_eq!(
            found("NATO decided to send 700 more troops within 6 months. Thirty KFOR soldiers were injured; 52 to 80 in all. UN Resolution 1244 in 2008."),
            [
                "700 exact troops sent | 700 more troops",
                "30 exact soldiers injured | Thirty KFOR soldiers were injured",
                "52-80 exact - injured | 52 to 80"
            ]
        );
    }

    #[test]
    fn a_part_named_after_among_them_or_including_takes_the_measure_before() {
        assert_eq!(
            found("About 90 people were hurt, among them 25 KFOR peacekeepers. 12 police officers were there."),
            [
                "90 approximately people hurt | About 90 people were hurt",
                "25 exact peacekeepers hurt | 25 KFOR peacekeepers",
                "12 exact police officers - | 12 police officers"
            ]
        );
        assert_eq!(
            found("Forty people were arrested, including 3 minors. Among them 2 were released."),
            [
                "40 exact people arrested | Forty people were arrested",
                "3 exact minors arrested | 3 minors",
                "2 exact - released | 2 were released"
            ]
        );
        // Its own verb wins; a figure of another sentence gives nothing.
        assert_eq!(
            found("Ten were hurt. Among them 4 soldiers, including 2 officers who died."),
            [
                "10 exact - hurt | Ten were hurt",
                "4 exact soldiers - | 4 soldiers",
                "2 exact officers died | 2 officers who died"
            ]
        );
    }
}
