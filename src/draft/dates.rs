//! Date expressions in an article: the longest run of words the date resolver reads whole, at
//! each place of each sentence, resolved against the publication day and, for "the following
//! day" and the like, against the date mentioned last.

use chrono::NaiveDate;

use crate::date::FuzzyDate;
use crate::date_words::{resolve, resolve_after};

use super::sentences::{one_line, tokens, Sentence, Token};

/// A date expression found in the text.
#[derive(Debug, Clone)]
pub struct DateSpan {
    pub sentence: usize,
    /// Byte range in the article.
    pub start: usize,
    pub end: usize,
    /// The words as printed, on one line ("On May 30").
    pub words: String,
    pub date: FuzzyDate,
    /// Whether the words alone resolve to `date` (as `annals check` resolves `date_text`);
    /// otherwise the draft writes the date too.
    pub alone: bool,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const OTHER_DATE_WORDS: [&str; 21] = [
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
];

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())
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
        } else if OTHER_DATE_WORDS.contains(&lower.as_str()) || is_year(t.text) {
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
            let dateline = date == FuzzyDate::Single(day(published))
                && toks[i..i + len].iter().any(|t| is_year(t.text))
                && (before.is_empty()
                    || (before.ends_with(',') && toks[..i].iter().all(Token::capitalised)));
            if !dateline {
                out.push(DateSpan {
                    sentence: si,
                    start: s.start + toks[i].start,
                    end: s.start + toks[i + len - 1].end,
                    words,
                    date,
                    alone,
                });
            }
            previous = Some(date);
            i += len;
        }
    }
    out
}

pub(crate) fn day(d: NaiveDate) -> crate::date::Point {
    use chrono::Datelike;
    crate::date::Point {
        year: d.year(),
        month: Some(d.month()),
        day: Some(d.day()),
        approximate: false,
        uncertain: false,
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
}
