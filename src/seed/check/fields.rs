//! The rules for one text field of a seed file and the context errors are reported in: length
//! limits, no control characters, ids as slugs, quotes folded for comparison, "did you mean"
//! hints.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::super::error::{LineStarts, SeedError};

/// The longest each text field may be, in characters, and whether it may hold line breaks.
/// Longer text is refused: titles and names are read on one line, and full-text indexing grows
/// faster than the text it indexes.
pub fn text_limit(field: &str) -> (usize, bool) {
    match field {
        "title" | "date_text" => (500, false),
        "publisher" | "name" | "alias" | "role" => (200, false),
        "kind" | "unit" | "measure" => (100, false),
        "summary" => (5_000, true),
        "figure text" => (2_000, true),
        "text" => (10_000, true),
        _ => (1_000, false),
    }
}

/// What is wrong with a text field's value, if anything: its length, or a control or invisible
/// character (a bidirectional override, a zero-width space ...), named with its position.
pub fn text_problem(field: &str, value: &str) -> Option<String> {
    let (max, paragraphs) = text_limit(field);
    let n = value.chars().count();
    if n > max {
        return Some(format!(
            "`{field}` is {n} characters long; at most {max} are allowed"
        ));
    }
    let bad = value.chars().enumerate().find(|(_, c)| {
        (c.is_control() && !(paragraphs && (*c == '\n' || *c == '\t' || *c == '\r')))
            || crate::sanitize::is_invisible(*c)
    });
    bad.map(|(i, c)| {
        format!(
            "`{field}` holds an invisible or control character (U+{:04X}) at character {}; \
             remove it",
            c as u32,
            i + 1
        )
    })
}

/// Whether `s` is an id: lowercase letters, digits and '-', starting with a letter or digit.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// One file's context while checking it: its path and text, and the errors found so far.
pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) lines: &'a LineStarts,
    pub(super) errors: &'a mut Vec<SeedError>,
}

impl Ctx<'_> {
    pub(super) fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        let located = self.locate(at.span(), message);
        self.errors.push(located);
    }

    /// An error at `span` of this file.
    pub(super) fn locate(&self, span: Range<usize>, message: impl Into<String>) -> SeedError {
        let line = self.lines.line_of(span.start);
        SeedError::at_line(self.path, self.text, line, span, message)
    }

    /// A required text field: present (serde saw to that), not blank, and within its limits.
    pub(super) fn non_empty(&mut self, field: &str, value: &Spanned<String>) -> String {
        let v = value.get_ref().trim();
        if v.is_empty() {
            self.error(value, format!("`{field}` must not be empty"));
        }
        self.limited(field, value.get_ref(), value.span());
        v.to_string()
    }

    /// A text field within the limits of [`text_limit`]: not too long, and no control or
    /// invisible character (a newline or tab only where the field may hold paragraphs).
    pub(super) fn limited(&mut self, field: &str, value: &str, at: std::ops::Range<usize>) {
        if let Some(message) = text_problem(field, value) {
            let located = self.locate(at, message);
            self.errors.push(located);
        }
    }

    pub(super) fn slug(&mut self, what: &str, id: &Spanned<String>) -> String {
        if !is_slug(id.get_ref()) {
            self.error(
                id,
                format!(
                    "{what} id {:?} is not a slug (lowercase letters, digits and '-', \
                     starting with a letter or digit)",
                    id.get_ref()
                ),
            );
        }
        id.get_ref().clone()
    }
}

/// The closest id among `candidates`, for "did you mean" hints.
pub(super) fn suggestion<'a>(id: &str, candidates: impl Iterator<Item = &'a String>) -> String {
    let best = candidates
        .map(|c| (strsim::levenshtein(id, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min();
    match best {
        Some((_, c)) => format!(" (did you mean {c:?}?)"),
        None => String::new(),
    }
}

/// Fold what differs between a quote as typed and as printed: typographic quotes and dashes,
/// runs of white space.
pub fn fold_for_quote(s: &str) -> String {
    let mapped = s.chars().map(|c| match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    });
    let mut out = String::with_capacity(s.len());
    for c in mapped {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

pub(super) fn aliases(ctx: &mut Ctx, list: &[Spanned<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in list {
        let v = ctx.non_empty("alias", a);
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// A text field as given: trimmed, and none when it is blank.
pub(super) fn given_text(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["nato", "2023-05-attack", "a", "kfor-2"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "Nato", "a_b", "a b", "é", "a.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn quotes_fold_typography_and_space() {
        assert_eq!(
            fold_for_quote("“It is  becoming\n more” — he said’s"),
            "\"It is becoming more\" - he said's"
        );
    }

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["aleksandar-vucic".to_string(), "nato".to_string()];
        assert_eq!(
            suggestion("aleksandar-vucich", ids.iter()),
            " (did you mean \"aleksandar-vucic\"?)"
        );
        assert_eq!(suggestion("kfor", ids.iter()), "");
    }
}
