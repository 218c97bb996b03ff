//! Numbers with what they count: "93 people were injured", "around 500 troops", "at least 6
//! Serbs shot", "700 more troops", "Thirty KFOR soldiers", "52 to 80". The qualifier comes from
//! the words before the number, the unit from the noun after it, the measure from the verb after
//! that (or before the number: "send 700 troops" → sent). Numbers that are part of a date, a
//! duration ("6 months") or a name ("Resolution 1244") are left out.

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

/// Words that open a phrase saying what a number counts ("in Kosovo", "of talks").
const PHRASE_OPENERS: &[&str] = &[
    "in", "of", "at", "on", "from", "per", "across", "inside", "near", "along", "for",
];

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
    let opens = PHRASE_OPENERS.contains(&head.as_str())
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

/// The qualifier the words before token `i` give, and the token where they start.
fn qualifier(toks: &[Token<'_>], i: usize) -> (Qualifier, usize) {
    let w = |back: usize| {
        i.checked_sub(back)
            .map(|k| lower(toks, k))
            .unwrap_or_default()
    };
    let two = format!("{} {}", w(2), w(1));
    let three = format!("{} {} {}", w(3), w(2), w(1));
    if matches!(
        three.as_str(),
        "no more than" | "not more than" | "as many as"
    ) {
        return (Qualifier::AtMost, i - 3);
    }
    if matches!(three.as_str(), "in excess of" | "a minimum of") {
        return (Qualifier::AtLeast, i - 3);
    }
    if three == "a maximum of" {
        return (Qualifier::AtMost, i - 3);
    }
    match two.as_str() {
        "more than" | "at least" | "upwards of" => return (Qualifier::AtLeast, i - 2),
        "up to" | "at most" | "fewer than" | "less than" => return (Qualifier::AtMost, i - 2),
        "an estimated" | "close to" => return (Qualifier::Approximately, i - 2),
        _ => {}
    }
    match w(1).as_str() {
        "around" | "about" | "approximately" | "roughly" | "some" | "nearly" | "almost"
        | "estimated" | "circa" | "approx" => (Qualifier::Approximately, i - 1),
        "over" => (Qualifier::AtLeast, i - 1),
        "under" => (Qualifier::AtMost, i - 1),
        _ => (Qualifier::Exact, i),
    }
}

/// Counts of one that a count's verb follows: "a policeman was killed", "another border
/// policeman was injured", "one officer and three attackers were killed", "a police officer lost
/// his life": (first token, last token, the noun, the measure).
fn ones(toks: &[Token<'_>]) -> Vec<(usize, usize, usize, String)> {
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
        if let Some((end, measure)) = verb {
            out.push((k, end, n, measure));
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
        let toks = tokens(st);
        // This sentence's figures start here.
        let here = out.len();
        let mut i = 0;
        while i < toks.len() {
            let Some((value, used)) = number_at(&toks, st, i) else {
                i += 1;
                continue;
            };
            let (a, b) = (s.start + toks[i].start, s.start + toks[i + used - 1].end);
            let next = lower(&toks, i + used);
            let year = toks[i].text.len() == 4
                && toks[i].is_number()
                && !toks
                    .get(i + used)
                    .is_some_and(|n| n.text.chars().next().is_some_and(char::is_lowercase));
            // "Resolution 1244", "Article 5": a number after a name is part of it.
            let prev = lower(&toks, i.saturating_sub(1));
            let named = i > 1
                && toks[i - 1].capitalised()
                && (!lexicon().stop.contains(&prev) || crate::words::is_number_or_calendar(&prev))
                && !toks[i].capitalised();
            let percent = st[toks[i + used - 1].end..].starts_with('%');
            // A duration is a figure when it is measured: "up to 12 hours", "a 12-hour meeting".
            let time = matches!(
                next.as_str(),
                "hour" | "hours" | "day" | "days" | "week" | "weeks" | "minute" | "minutes"
            );
            let hyphened = toks
                .get(i + used)
                .is_some_and(|n| &st[toks[i + used - 1].end..n.start] == "-");
            let duration = time && (hyphened || qualifier(&toks, i).0 != Qualifier::Exact);
            // "1.8 kilometers (1 mile)": a conversion in brackets is the figure before it.
            let converted = st[..toks[i].start].ends_with('(')
                && out[here..]
                    .last()
                    .is_some_and(|p| text[p.end..a].trim() == "(");
            if taken(a, b)
                || (lexicon().not_counts.contains(&next) && !duration)
                || year
                || named
                || converted
            {
                i += used;
                continue;
            }
            let (qualifier, q_start) = qualifier(&toks, i);
            let mut j = i + used;
            // A range: "52 to 80", "between 52 and 80", "52-80".
            let mut low_high = None;
            if let Some(t) = toks.get(j) {
                let dash = matches!(st[toks[j - 1].end..t.start].trim(), "-" | "–" | "—");
                let word = matches!(next.as_str(), "to" | "and");
                let at = if dash { j } else { j + 1 };
                if dash || word {
                    if let Some((high, used_high)) =
                        toks.get(at).and_then(|_| number_at(&toks, st, at))
                    {
                        if high.as_f64() > value.as_f64() {
                            low_high = Some(high);
                            j = at + used_high;
                        }
                    }
                }
            }
            let mut end = s.start + toks[j - 1].end;
            // The unit.
            let mut unit = None;
            let mut unit_from_before = false;
            if duration {
                unit = Some(format!("{}s", next.trim_end_matches('s')));
                end = s.start + toks[j].end;
                j += 1;
            } else if percent {
                unit = Some("percent".to_string());
            } else {
                while matches!(
                    lower(&toks, j).as_str(),
                    "more" | "additional" | "other" | "extra" | "further" | "new"
                ) {
                    j += 1;
                }
                if lower(&toks, j) == "of" {
                    match lower(&toks, j + 1).as_str() {
                        "its" | "their" | "his" | "her" | "our" => j += 2,
                        "them" | "whom" | "those" => {
                            unit_from_before = true;
                            end = s.start + toks[j + 1].end;
                            j += 2;
                        }
                        _ => {}
                    }
                }
                if !unit_from_before {
                    let mut caps = Vec::new();
                    while caps.len() < 2 && toks.get(j).is_some_and(|t| t.capitalised()) {
                        caps.push(j);
                        j += 1;
                    }
                    let noun = toks.get(j).filter(|t| {
                        let l = t.text.to_lowercase();
                        !t.capitalised()
                            && !t.is_number()
                            && !lexicon().not_units.contains(&l)
                            && !lexicon().adverbs.contains(&l)
                            && !l.ends_with("ed")
                            && l.chars().all(char::is_alphabetic)
                    });
                    if let Some(t) = noun {
                        unit = Some(t.text.to_string());
                        end = s.start + t.end;
                        j += 1;
                        // "two police officers", "four northern districts": the head is the
                        // plural after a word that is none.
                        let first = t.text.to_lowercase();
                        let head = toks.get(j).filter(|h| {
                            let l = h.text.to_lowercase();
                            !first.ends_with('s')
                                && l.ends_with('s')
                                && l.chars().count() > 3
                                && !h.capitalised()
                                && l.chars().all(char::is_alphabetic)
                                && !lexicon().stop.contains(&l)
                                && !lexicon().not_units.contains(&l)
                                && st[t.end..h.start] == *" "
                        });
                        if let Some(h) = head {
                            unit = Some(if lexicon().stop.contains(&first) {
                                h.text.to_string()
                            } else {
                                format!("{} {}", t.text, h.text)
                            });
                            end = s.start + h.end;
                            j += 1;
                        }
                    } else if let Some(&c) = caps.last() {
                        unit = Some(toks[c].text.to_string());
                        end = s.start + toks[c].end;
                        j = c + 1;
                    }
                }
            }
            // The measure: a verb after the unit, with an adverb ("were seriously injured").
            let mut measure = None;
            let mut k = j;
            while matches!(
                lower(&toks, k).as_str(),
                "were"
                    | "was"
                    | "are"
                    | "is"
                    | "have"
                    | "has"
                    | "had"
                    | "been"
                    | "being"
                    | "reportedly"
                    | "also"
                    | "all"
                    | "later"
                    | "who"
                    | "got"
            ) {
                k += 1;
            }
            let adverb = lexicon()
                .adverbs
                .contains(&lower(&toks, k))
                .then(|| lower(&toks, k));
            if adverb.is_some() {
                k += 1;
            }
            let verb = lower(&toks, k);
            if k < toks.len()
                && (lexicon().measure_verbs.contains(&verb)
                    || (verb.ends_with("ed") && verb.len() > 4))
                && k <= j + 3
            {
                measure = Some(match adverb {
                    Some(a) => format!("{a} {verb}"),
                    None => verb,
                });
                end = s.start + toks[k].end;
            } else {
                for back in 1..=3 {
                    let w = i
                        .checked_sub(back)
                        .map(|x| lower(&toks, x))
                        .unwrap_or_default();
                    if let Some((_, m)) = lexicon().verbs_before.iter().find(|(v, _)| *v == w) {
                        measure = Some(m.clone());
                        break;
                    }
                }
            }
            // "…90 people were hurt, among them 25 peacekeepers": a part of the figure before
            // in its sentence, with its measure.
            let part = (q_start >= 2
                && lower(&toks, q_start - 2) == "among"
                && matches!(lower(&toks, q_start - 1).as_str(), "them" | "whom"))
                || (q_start >= 1 && lower(&toks, q_start - 1) == "including");
            if measure.is_none() && part {
                measure = out
                    .last()
                    .filter(|f| f.sentence == si)
                    .and_then(|f| f.measure.clone());
            }
            // "Turnout was just 3.47 percent": what the number is, named before it.
            if measure.is_none() && q_start >= 2 {
                let mut b = q_start - 1;
                if matches!(
                    lower(&toks, b).as_str(),
                    "just" | "only" | "nearly" | "almost"
                ) {
                    b = b.saturating_sub(1);
                }
                let noun = b
                    .checked_sub(1)
                    .filter(|_| {
                        matches!(
                            lower(&toks, b).as_str(),
                            "was" | "were" | "is" | "are" | "stood"
                        )
                    })
                    .map(|n| lower(&toks, n))
                    .filter(|n| {
                        n.chars().all(char::is_alphabetic)
                            && !lexicon().stop.contains(n)
                            && !lexicon().not_units.contains(n)
                    });
                measure = noun;
            }
            // "two checkpoints on the border", "families living in the valley": the phrase
            // after it that says what it counts.
            if measure.is_none() {
                measure = phrase_after(st, &toks, j);
            }
            // "120,000 Serbs live in Kosovo": the verb after the unit.
            if measure.is_none() {
                let after = lower(&toks, j);
                let verb_like = toks.get(j).is_some_and(|t| !t.capitalised())
                    && after.chars().count() > 2
                    && !after.ends_with('s')
                    && after.chars().all(char::is_alphabetic)
                    && !lexicon().stop.contains(&after)
                    && !lexicon().not_units.contains(&after)
                    && st[toks[j - 1].end..toks[j].start].trim().is_empty();
                if verb_like {
                    measure = Some(after);
                    end = s.start + toks[j].end;
                }
            }
            let (value, low, high) = match low_high {
                Some(h) => (None, Some(value), Some(h)),
                None => (Some(value), None, None),
            };
            out.push(Count {
                sentence: si,
                start: s.start + toks[q_start].start,
                end,
                amount: Amount {
                    value,
                    low,
                    high,
                    qualifier,
                },
                unit,
                unit_from_before,
                measure,
            });
            i = j.max(i + used);
        }
        for c in ones(&toks) {
            let (a, b) = (s.start + toks[c.0].start, s.start + toks[c.1].end);
            if taken(a, b) || out[here..].iter().any(|o| o.start < b && a < o.end) {
                continue;
            }
            out.push(Count {
                sentence: si,
                start: a,
                end: b,
                amount: Amount {
                    value: Some(Number::Int(1)),
                    low: None,
                    high: None,
                    qualifier: Qualifier::Exact,
                },
                unit: Some(toks[c.2].text.to_string()),
                unit_from_before: false,
                measure: Some(c.3),
            });
        }
        out[here..].sort_by_key(|c| c.start);
    }
    out
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
