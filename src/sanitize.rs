//! What text may leave the program, sink by sink. Everything the database holds is input: a seed
//! file is checked when it is loaded, but another SQLite tool can write anything into the file,
//! so each output passes its text through the rule of its sink here.
//!
//! - [`web_url`]: a link is `http://` or `https://` with a host, and no white space, control or
//!   invisible character; anything else is no link at all (HTML, TimelineJS, iCalendar, the
//!   lists and `show`, through [`web_link`]).
//! - [`terminal`]: control characters (ESC, BEL, backspace, NUL, CR ...) and bidirectional
//!   overrides are shown as visible symbols in table output, never sent to the terminal.
//! - [`csv_cell`]: a cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
//!   `@`, a tab or a carriage return) gets a leading `'`, as OWASP recommends for CSV injection;
//!   `--format csv-raw` writes cells as they are, for pipelines.
//! - [`ics_text`]: an iCalendar TEXT value with `\`, `;`, `,` and newlines escaped and every other
//!   control character replaced, so no value can start a new property or component.

use std::borrow::Cow;
use std::path::Path;

/// Characters that change how text is laid out, or hide text, without being seen themselves:
/// refused in a seed file's text and never passed on as they are. Chosen by Unicode property,
/// not by example:
///
/// - General Category Cf, format characters (bidirectional embeddings, overrides and isolates,
///   zero-width spaces and joiners, the byte-order mark, the soft hyphen, tag characters such as
///   U+E0041, the interlinear annotation marks U+FFF9..U+FFFB, U+180E), from the
///   `unicode-properties` crate's tables;
/// - Zl and Zp, the line and paragraph separators U+2028 and U+2029;
/// - Default_Ignorable_Code_Point ([`DEFAULT_IGNORABLE`]), which adds what renders as nothing
///   without being Cf: the combining grapheme joiner U+034F, the Hangul fillers U+115F, U+1160,
///   U+3164 and U+FFA0, variation selectors, and the code points kept ignorable for the future.
pub fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory as _};
    // Nothing below the soft hyphen is either (the controls are `char::is_control`'s).
    if c < '\u{AD}' {
        return false;
    }
    matches!(
        c.general_category(),
        G::Format | G::LineSeparator | G::ParagraphSeparator
    ) || DEFAULT_IGNORABLE
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

/// Default_Ignorable_Code_Point, as Unicode 16.0's `DerivedCoreProperties.txt` lists it, adjacent
/// ranges joined: code points, first and last included. The property is kept stable: code points
/// are added to it seldom, and only ones reserved for it (U+2065, U+FFF0..U+FFF8, U+E0000..).
pub const DEFAULT_IGNORABLE: [(char, char); 17] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

/// The URL if it is a web link annals may emit: `http://` or `https://` (any case), a host, and
/// no white space, control or invisible character. `None` for `javascript:`, `data:`, `file:`
/// and anything else.
pub fn web_url(url: &str) -> Option<&str> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = url
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c));
    (clean && !host.is_empty() && !host.starts_with('@') && url.len() <= 2048).then_some(url)
}

/// A stored link as annals shows it: the link when [`web_url`] passes it, none otherwise. Every
/// reader of `sources.url` that hands the link on (the lists, `show`, the exports) keeps it only
/// through this.
pub fn web_link(url: Option<String>) -> Option<String> {
    url.filter(|u| web_url(u).is_some())
}

/// A path as [`terminal`] shows text: a file or folder name may hold ESC or CR as well as any
/// other character, and is shown with the same visible symbols.
pub fn path(p: &Path) -> String {
    terminal(&p.display().to_string()).into_owned()
}

/// Text for a terminal: every control character but newline and tab, and every invisible one,
/// replaced by a visible symbol (`␛` for ESC, `␇` for BEL, `␀` for NUL, `␍` for CR, `�` for the
/// rest), so that nothing written to a table can move the cursor, retitle or clear the terminal,
/// or reorder what is shown.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c))
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' => c,
                // C0 controls have visible pictures at U+2400 + code.
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
                '\u{7F}' => '\u{2421}',
                c if c.is_control() || is_invisible(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// A CSV cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, tab or carriage
/// return gets a leading `'` (OWASP's advice on CSV injection). With `raw`, the cell as it is.
pub fn csv_cell(s: &str, raw: bool) -> Cow<'_, str> {
    if !raw && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// An iCalendar TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped;
/// CR, every other control character and every invisible one replaced by a space. Nothing in it
/// can end the property or begin another.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || is_invisible(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_links_pass() {
        for ok in [
            "https://example.com/a?b=c#d",
            "http://anews.com.tr/europe/2023/07/19/x",
            "HTTPS://EXAMPLE.COM",
        ] {
            assert_eq!(web_url(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "https://",
            "https://@evil",
            "https://example.com/\r\nEND:VEVENT",
            "https://example.com/ x",
            "https://exa\u{202E}mple.com",
            "//example.com",
            "",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn invisible_characters_are_found_by_their_property() {
        for c in [
            '\u{E0041}', // a tag character (Cf)
            '\u{FFF9}',  // interlinear annotation anchor (Cf)
            '\u{034F}',  // combining grapheme joiner (default ignorable)
            '\u{180E}',  // Mongolian vowel separator (Cf)
            '\u{3164}',  // Hangul filler (default ignorable)
            '\u{115F}',  // Hangul choseong filler
            '\u{FFA0}',  // halfwidth Hangul filler
            '\u{2028}',  // line separator (Zl)
            '\u{2029}',  // paragraph separator (Zp)
            '\u{200B}',
            '\u{202E}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{061C}',
            '\u{FE0F}',
            '\u{E0100}',
            '\u{1D173}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in [
            'a', 'é', 'Č', '\u{301}', 'ß', '日', '€', '\u{A0}', ' ', '–', '“', 'ㄱ', '가',
        ] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn terminals_see_symbols_not_controls() {
        assert_eq!(terminal("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(terminal("\u{1b}]0;owned\u{7}"), "␛]0;owned␇");
        assert_eq!(terminal("a\u{8}\u{0}\r\u{7f}"), "a␈␀␍␡");
        assert_eq!(terminal("x\u{9b}y\u{202E}z"), "x\u{FFFD}y\u{FFFD}z");
    }

    #[test]
    fn formula_cells_are_neutralised_unless_raw() {
        for f in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(f, false), format!("'{f}"));
            assert_eq!(csv_cell(f, true), f);
        }
        assert_eq!(csv_cell("NATO", false), "NATO");
        assert_eq!(csv_cell("", false), "");
    }

    #[test]
    fn ics_text_cannot_break_out() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(
            ics_text("x\r\nEND:VEVENT\r\nBEGIN:VEVENT"),
            "x \\nEND:VEVENT \\nBEGIN:VEVENT"
        );
        assert!(!ics_text("\u{1b}\u{0}\u{85}")
            .chars()
            .any(|c| c.is_control()));
    }
}
