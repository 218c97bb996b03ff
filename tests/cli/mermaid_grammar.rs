//! Mermaid's timeline lexer, rule for rule (`packages/mermaid/src/diagrams/timeline/parser/
//! timeline.jison`, Mermaid 11), to read an export as Mermaid reads it: at each position the
//! first rule that matches wins, as in Jison's lexer; the `i` flag folds ASCII case only.
//! Besides the lexer, Mermaid takes `%%{...}%%` anywhere in the text as a directive.

/// What Mermaid's lexer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Timeline,
    /// `title ...`: the diagram's title (without `title `).
    Title(String),
    /// `accTitle:` or `accDescr:` / `accDescr {`.
    Accessibility,
    /// A section's name (without `section `).
    Section(String),
    /// A time period.
    Period(String),
    /// An entry of the period before it (without `: `).
    Event(String),
    /// What `%%`, a character before `%%`, or `#` hides to the end of the line.
    Comment(String),
    /// A character no rule takes: a parse error.
    Invalid(char),
}

/// JavaScript's `\s`.
fn space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Whether `s` starts with `word`, ASCII case folded.
fn starts(s: &[char], word: &str) -> bool {
    s.len() >= word.len()
        && word
            .chars()
            .zip(s)
            .all(|(w, c)| c.is_ascii() && c.eq_ignore_ascii_case(&w))
}

/// The length of the run of `s` from `from` whose characters pass `ok`.
fn run(s: &[char], from: usize, ok: impl Fn(char) -> bool) -> usize {
    s[from.min(s.len())..]
        .iter()
        .take_while(|c| ok(**c))
        .count()
}

/// The tokens of `src`.
pub fn lex(src: &str) -> Vec<Token> {
    let s: Vec<char> = src.chars().collect();
    let text = |a: usize, b: usize| s[a..b].iter().collect::<String>();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let r = &s[i..];
        let to_eol = run(&s, i, |c| c != '\n');
        // \%%(?!\{)[^\n]*   and   [^\}]\%\%[^\n]*
        if (starts(r, "%%") && r.get(2) != Some(&'{'))
            || (r.len() >= 3 && r[0] != '}' && r[1] == '%' && r[2] == '%')
            || r[0] == '#'
        {
            tokens.push(Token::Comment(text(i, i + to_eol)));
            i += to_eol.max(1);
            continue;
        }
        if r[0] == '\n' {
            i += run(&s, i, |c| c == '\n');
            continue;
        }
        if space(r[0]) {
            i += run(&s, i, space);
            continue;
        }
        if starts(r, "timeline") {
            tokens.push(Token::Timeline);
            i += 8;
            continue;
        }
        // "title"\s[^\n]+
        if starts(r, "title") && r.get(5).is_some_and(|c| space(*c)) {
            let n = run(&s, i + 6, |c| c != '\n');
            if n > 0 {
                tokens.push(Token::Title(text(i + 6, i + 6 + n)));
                i += 6 + n;
                continue;
            }
        }
        // accTitle\s*":"   accDescr\s*":"   accDescr\s*"{"
        if starts(r, "acctitle") || starts(r, "accdescr") {
            let after = i + 8 + run(&s, i + 8, space);
            let title = starts(r, "acctitle");
            if s.get(after) == Some(&':') || (!title && s.get(after) == Some(&'{')) {
                tokens.push(Token::Accessibility);
                i += to_eol.max(1);
                continue;
            }
        }
        // "section"\s[^:\n]+
        if starts(r, "section") && r.get(7).is_some_and(|c| space(*c)) {
            let n = run(&s, i + 8, |c| c != ':' && c != '\n');
            if n > 0 {
                tokens.push(Token::Section(text(i + 8, i + 8 + n)));
                i += 8 + n;
                continue;
            }
        }
        // ":"\s(?:[^:\n]|":"(?!\s))+
        if r[0] == ':' && r.get(1).is_some_and(|c| space(*c)) {
            let mut j = i + 2;
            while j < s.len()
                && ((s[j] != ':' && s[j] != '\n')
                    || (s[j] == ':' && !s.get(j + 1).is_some_and(|c| space(*c))))
            {
                j += 1;
            }
            if j > i + 2 {
                tokens.push(Token::Event(text(i + 2, j)));
                i = j;
                continue;
            }
        }
        // [^#:\n]+
        let n = run(&s, i, |c| c != '#' && c != ':' && c != '\n');
        if n > 0 {
            tokens.push(Token::Period(text(i, i + n)));
            i += n;
            continue;
        }
        tokens.push(Token::Invalid(r[0]));
        i += 1;
    }
    tokens
}

/// Assert that `diagram` is what annals means to write, as Mermaid reads it: the header and its
/// title, then sections, periods and their entries only, `events` entries in all, and no
/// directive anywhere. Returns the periods and entries, in order.
pub fn assert_well_formed(diagram: &str, events: usize) -> Vec<Token> {
    assert!(
        !diagram.contains("%%"),
        "a comment or directive:\n{diagram}"
    );
    let tokens = lex(diagram);
    assert_eq!(
        tokens[..2],
        [Token::Timeline, Token::Title("annals timeline".into())],
        "{diagram}"
    );
    let mut after_period = false;
    for t in &tokens[2..] {
        match t {
            Token::Section(_) => after_period = false,
            Token::Period(_) => after_period = true,
            Token::Event(_) => assert!(after_period, "an entry without a period: {t:?}\n{diagram}"),
            other => panic!("{other:?} in\n{diagram}"),
        }
    }
    let entries = tokens
        .iter()
        .filter(|t| matches!(t, Token::Event(_)))
        .count();
    assert_eq!(entries, events, "{tokens:?}");
    tokens[2..]
        .iter()
        .filter(|t| !matches!(t, Token::Section(_)))
        .cloned()
        .collect()
}
