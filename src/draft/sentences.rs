//! Step 1 of a draft: the article's text cut into sentences, and sentences into words, each with
//! its place in the text. A sentence never ends inside a quotation, so a quoted passage of several sentences and
//! its attribution ("…," Stoltenberg said.) stay one sentence; a full stop after a single letter
//! or one of the lexicon's `abbreviations` ends none. Every offset is a char boundary.

use unicode_normalization::char::is_combining_mark;

use super::lexicon::lexicon;

/// One sentence: its byte range in the article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, article: &'a str) -> &'a str {
        &article[self.start..self.end]
    }
}

/// A word: a run of letters, digits and combining marks, or a number with its inner `,` and `.`
/// ("1,200", "3.5"). Offsets are into the sentence's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Token<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && self
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    }
}

/// The dateline an article may open with ("ZVECAN, Kosovo (AP) —", "MITROVICA -", "Ohrid, 19
/// March 2023 (MIA) —"): its byte range, dash included. A dateline is a short run of capitalised
/// words, numbers and an agency in brackets before the first dash; it names no participant and
/// states no figure.
pub fn dateline(text: &str) -> Option<(usize, usize)> {
    let start = text.len() - text.trim_start().len();
    let head = &text[start..];
    let line = head.split('\n').next().unwrap_or("");
    let (at, dash) = [" \u{2014} ", " \u{2013} ", " -- ", " - ", "\u{2014}"]
        .iter()
        .filter_map(|d| line.find(d).map(|i| (i, d.len())))
        .min()?;
    let before = &line[..at];
    let words = tokens(before);
    let shaped = at <= 80
        && !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|t| t.capitalised() || t.is_number())
        && (words[0].text.chars().all(|c| !c.is_lowercase())
            || before.contains('(')
            || before.contains(','));
    shaped.then_some((start, start + at + dash))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `s`, in order.
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let inner_number = (c == ',' || c == '.')
                && chars[j - 1].1.is_ascii_digit()
                && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())
                && chars[i].1.is_ascii_digit();
            if is_word_char(c) || inner_number {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(s.len(), |x| x.0);
        out.push(Token {
            start,
            end,
            text: &s[start..end],
        });
        i = j;
    }
    out
}

/// Paragraphs: blocks separated by blank lines when the text has any (lines inside one are
/// wrapped text), otherwise each line.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, at + line.len()));
        at += line.len();
    }
    let blank = |&(a, b): &(usize, usize)| text[a..b].trim().is_empty();
    let blocks = lines.iter().any(blank);
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for l in lines {
        if blank(&l) {
            out.extend(current.take());
        } else if blocks {
            current = Some(match current {
                Some((a, _)) => (a, l.1),
                None => l,
            });
        } else {
            out.push(l);
        }
    }
    out.extend(current);
    out
}

/// The sentences of `text`, in order, trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (a, b) in paragraphs(text) {
        split_paragraph(text, a, b, &mut out);
    }
    out
}

/// The longest sentence, in bytes: a longer run of text without an end (a list of date words,
/// quotation marks that never close) is cut at a space, so that the work done for each date,
/// name and quotation of a sentence, which reads the whole sentence, stays bounded and a draft
/// takes time in the length of its text.
pub const MAX_SENTENCE: usize = 2_000;

fn push_trimmed(text: &str, a: usize, b: usize, out: &mut Vec<Sentence>) {
    let mut a = a;
    while b - a > MAX_SENTENCE {
        let mut cut = a + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // The last space before the limit, else the limit itself.
        let at = text[a..cut]
            .rfind(char::is_whitespace)
            .map_or(cut, |i| a + i);
        let at = if at <= a { cut } else { at };
        push_one(text, a, at, out);
        a = at;
    }
    push_one(text, a, b, out);
}

fn push_one(text: &str, a: usize, b: usize, out: &mut Vec<Sentence>) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Sentence {
            start: a + lead,
            end: b - trail,
        });
    }
}

fn split_paragraph(text: &str, a: usize, b: usize, out: &mut Vec<Sentence>) {
    let para = &text[a..b];
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut in_straight = false;
    let mut curly = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '"' => in_straight = !in_straight,
            '\u{201C}' | '«' => curly += 1,
            '\u{201D}' | '»' => curly = curly.saturating_sub(1),
            '.' | '!' | '?' if !in_straight && curly == 0 => {
                // A full stop after a single letter (U.S.) or an abbreviation is not an end.
                let word: String = para[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                let word_len = word.chars().count();
                let short = c == '.'
                    && (word_len == 1
                        || lexicon()
                            .abbreviations
                            .contains(&word.chars().rev().collect::<String>().to_lowercase()));
                // Closing quotes and brackets belong to the sentence they end.
                let mut j = i + 1;
                while j < chars.len()
                    && matches!(chars[j].1, '"' | '\u{201D}' | ')' | '\'' | '\u{2019}')
                {
                    if chars[j].1 == '"' {
                        in_straight = !in_straight;
                    }
                    j += 1;
                }
                let next = chars[j..].iter().find(|x| !x.1.is_whitespace());
                let spaced = chars.get(j).is_none_or(|x| x.1.is_whitespace());
                let starts_new = next.is_none_or(|x| {
                    x.1.is_uppercase() || x.1.is_ascii_digit() || matches!(x.1, '"' | '\u{201C}')
                });
                if !short && spaced && starts_new {
                    let end = chars.get(j).map_or(para.len(), |x| x.0);
                    push_trimmed(text, a + start, a + end, out);
                    start = end;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    push_trimmed(text, a + start, b, out);
}

/// `s` with every run of white space made one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` chars of `s`, cut at a word boundary when one is near, with "…" when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// A sentence's words, read once for the steps that read it (dates, names): where it is, its
/// text, its tokens and each token in lower case. Each step adds its own reading methods.
pub struct Words<'t> {
    /// Which sentence of the article.
    pub si: usize,
    /// Where the sentence starts in the article.
    pub start: usize,
    pub st: &'t str,
    pub toks: Vec<Token<'t>>,
    pub lower: Vec<String>,
}

impl<'t> Words<'t> {
    pub fn of(text: &'t str, si: usize, s: &Sentence) -> Words<'t> {
        let st = s.text(text);
        let toks = tokens(st);
        let lower = toks.iter().map(|t| t.text.to_lowercase()).collect();
        Words {
            si,
            start: s.start,
            st,
            toks,
            lower,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn sentences_keep_quotes_whole_and_skip_abbreviations() {
        let t = "\"We call on all parties. We trust it,\" Stoltenberg said. The U.S. and Mr. Smith agreed.\nNext line";
        assert_eq!(
            texts(t),
            [
                "\"We call on all parties. We trust it,\" Stoltenberg said.",
                "The U.S. and Mr. Smith agreed.",
                "Next line"
            ]
        );
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        let t = "One line\nwrapped here. Two.\n\nThree.";
        assert_eq!(texts(t), ["One line\nwrapped here.", "Two.", "Three."]);
    }

    #[test]
    fn tokens_keep_numbers_and_accents() {
        let t: Vec<&str> = tokens("Vučić said 1,200 (3.5%) U.S.")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["Vučić", "said", "1,200", "3.5", "U", "S"]);
    }

    #[test]
    fn clip_cuts_on_char_boundaries() {
        assert_eq!(clip("Žžžž žžžž žžžž", 8), "Žžžž…");
        assert_eq!(clip("short", 8), "short");
    }
}
