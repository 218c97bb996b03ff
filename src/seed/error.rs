//! Errors in seed files, each naming the file, the line and column, and what is wrong, and showing
//! the offending line with the place marked.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in one seed file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SeedError {
    pub file: PathBuf,
    /// 1-based line and column, where the problem has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The offending line and the places of it to mark, for display: (1-based column,
    /// characters), the first at `column`.
    pub excerpt: Option<(String, Marks)>,
}

/// The places of a line to mark: (1-based column, characters).
pub type Marks = Box<[(usize, usize)]>;

impl SeedError {
    /// A problem with the file as a whole (unreadable, not UTF-8 ...).
    pub fn file(file: &Path, message: impl Into<String>) -> SeedError {
        SeedError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            excerpt: None,
        }
    }

    /// A problem at byte range `span` of `text`, the file's content.
    pub fn at(
        file: &Path,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> SeedError {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = text[..start].matches('\n').count() + 1;
        Self::at_line(file, text, line, span, message)
    }

    /// As [`SeedError::at`], with the line of the span's start already known (from
    /// [`LineStarts`]): locating many places of a large file then costs no count from its top.
    pub fn at_line(
        file: &Path,
        text: &str,
        line: usize,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> SeedError {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text[start..end].chars().count().max(1);
        SeedError {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            excerpt: Some((line_text.to_string(), Box::new([(column, width)]))),
        }
    }

    /// This error with `span` of `text` marked as well, when it lies on the error's line (a mark
    /// elsewhere is left out: the excerpt is one line).
    pub fn and_mark(mut self, text: &str, span: Range<usize>) -> SeedError {
        let (Some(column), Some((_, marks))) = (self.column, &mut self.excerpt) else {
            return self;
        };
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].matches('\n').count() + 1;
        if Some(line) != self.line {
            return self;
        }
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let at = text[line_start..start].chars().count() + 1;
        if at != column {
            let mut all = std::mem::take(marks).into_vec();
            all.push((at, text[start..end].chars().count().max(1)));
            *marks = all.into_boxed_slice();
        }
        self
    }
}

/// Where each line of a text starts, so that the line of an offset is a binary search.
#[derive(Debug, Clone, Default)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> LineStarts {
        let after_newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        LineStarts(std::iter::once(0).chain(after_newlines).collect())
    }

    /// The 1-based line that byte `offset` is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::sanitize::path(&self.file))?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some((text, marks)), Some(line)) = (&self.excerpt, self.line) {
            // The file's own line, with any control character shown as a symbol (one for one,
            // so the mark still lines up).
            let text = crate::sanitize::terminal(text);
            let gutter = line.to_string().len();
            let mut marks: Vec<(usize, usize)> = marks.to_vec();
            marks.sort_unstable();
            let mut under = String::new();
            let mut at = 1;
            for (from, n) in marks {
                // The white space before a mark as the line has it (a tab stays a tab).
                let skip = from.saturating_sub(at);
                under.extend(text.chars().skip(at - 1).take(skip).map(|c| {
                    if c == '\t' {
                        '\t'
                    } else {
                        ' '
                    }
                }));
                let end = from + n;
                if end > at {
                    under.push_str(&"^".repeat(end - at.max(from)));
                    at = end;
                }
            }
            write!(
                f,
                "\n{:gutter$} |\n{line} | {text}\n{:gutter$} | {}",
                "", "", under
            )?;
        }
        Ok(())
    }
}

/// Every problem found in a seed run; nothing was written.
#[derive(Debug, thiserror::Error)]
pub struct SeedErrors(pub Vec<SeedError>);

impl SeedErrors {
    /// Every error, a line (or an excerpt) each, then how many there are.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for e in &self.0 {
            out.push_str(&format!("{e}\n"));
        }
        let n = self.0.len();
        out.push_str(&format!(
            "{n} error{} in seed files",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for SeedErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; nothing was written", self.listing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let text = "a = 1\nparticipants = [{ id = \"vucich\" }]\n";
        let start = text.find("\"vucich\"").unwrap();
        let e = SeedError::at(Path::new("x.toml"), text, start..start + 8, "unknown id");
        assert_eq!((e.line, e.column), (Some(2), Some(24)));
        let shown = e.to_string();
        assert!(shown.starts_with("x.toml:2:24: unknown id\n"), "{shown}");
        assert!(
            shown.ends_with(&format!("  | {}^^^^^^^^", " ".repeat(23))),
            "{shown}"
        );
    }

    #[test]
    fn the_line_index_finds_the_line_a_count_finds() {
        let text = "a\n\nbé = 1\r\nlast";
        let lines = LineStarts::of(text);
        for offset in 0..=text.len() + 2 {
            let span = offset..offset + 1;
            let counted = SeedError::at(Path::new("x.toml"), text, span.clone(), "m");
            let indexed =
                SeedError::at_line(Path::new("x.toml"), text, lines.line_of(offset), span, "m");
            assert_eq!(counted, indexed, "offset {offset}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "name = \"Vučić\" x";
        let start = text.find('x').unwrap();
        let e = SeedError::at(Path::new("x.toml"), text, start..start + 1, "m");
        assert_eq!(e.column, Some(16));
    }

    #[test]
    fn span_past_the_end_does_not_panic() {
        let e = SeedError::at(Path::new("x.toml"), "é", 1..99, "m");
        assert_eq!(e.line, Some(1));
    }
}
