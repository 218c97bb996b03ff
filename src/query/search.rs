//! Full-text search (SQLite FTS5) over event titles and summaries, the names of each event's
//! place and people (migration V11), quotes and figure texts, ranked by bm25, with the matching
//! words marked in a snippet. Words are stemmed (porter) with accents and case folded.
//!
//! Bounded as `annals sql` is: the search text is at most [`MAX_QUERY_BYTES`] long, and a time
//! limit stops the statement. Its cost grows with the query's length, not with its square:
//! FTS5's `bm25()` and `snippet()` take time in the number of the query's phrases times the
//! number of their matches in a row, so a phrase given many times (`nato nato nato …`, `n* n*
//! …`) would cost the square of the query. Rows are therefore selected by the query as given,
//! and ranked and marked by its distinct phrases, each once ([`Queries`]).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use rusqlite::{named_params, Connection, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::db::from_row;

/// The marks put around matching words in a snippet.
pub const MARK_OPEN: &str = "**";
pub const MARK_CLOSE: &str = "**";

/// One match.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// `event`, `quote` or `figure`.
    pub kind: String,
    /// The event's id, or the quote's or figure's number.
    pub id: String,
    /// The event it belongs to (a quote may have none).
    pub event: Option<String>,
    /// That event's title.
    pub title: Option<String>,
    /// Who said the quote or claimed the figure.
    pub who: Option<String>,
    /// The matching text, shortened, with matches between `**`.
    pub snippet: String,
    /// The source (article) that states it.
    pub source: String,
}

/// The longest search text, in bytes (the words as given, joined by spaces).
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// All three indexes, best match first (bm25: lower is better), then a stable order. A row is a
/// hit when it matches `:query`; its score and snippet come from `:rank`, the query's distinct
/// phrases, which every hit matches too. (`+rowid`: the set of hits is found once, not handed to
/// FTS5 as a rowid to look up, which would start the ranking over for each hit.)
const SEARCH: &str = "
    SELECT kind, id, event_id AS event, title, who, snip AS snippet, source_id AS source FROM (
        SELECT 'event' AS kind, e.id AS id, e.id AS event_id, e.title AS title, NULL AS who,
               snippet(events_fts, -1, :open, :close, '…', 16) AS snip, e.source_id AS source_id,
               bm25(events_fts) AS score
        FROM events_fts JOIN events e ON e.rowid = events_fts.rowid
        WHERE events_fts MATCH :rank
          AND +events_fts.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :query)
        UNION ALL
        SELECT 'quote', CAST(q.id AS TEXT), q.event_id, e.title, coalesce(pp.name, po.name),
               snippet(quotes_fts, 0, :open, :close, '…', 16), q.source_id, bm25(quotes_fts)
        FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
        LEFT JOIN events e ON e.id = q.event_id
        LEFT JOIN people pp ON pp.id = q.speaker_person_id
        LEFT JOIN organisations po ON po.id = q.speaker_organisation_id
        WHERE quotes_fts MATCH :rank
          AND +quotes_fts.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :query)
        UNION ALL
        SELECT 'figure', CAST(f.id AS TEXT), f.event_id, e.title, coalesce(cp.name, co.name),
               snippet(figures_fts, 0, :open, :close, '…', 16), f.source_id, bm25(figures_fts)
        FROM figures_fts JOIN figures f ON f.id = figures_fts.rowid
        JOIN events e ON e.id = f.event_id
        LEFT JOIN people cp ON cp.id = f.claimed_by_person_id
        LEFT JOIN organisations co ON co.id = f.claimed_by_organisation_id
        WHERE figures_fts MATCH :rank
          AND +figures_fts.rowid IN (SELECT rowid FROM figures_fts WHERE figures_fts MATCH :query)
    )
    ORDER BY score, kind, id
    LIMIT :limit";

/// The fewest characters a word has to be matched as a prefix: "cla" finds "clashes", "a" is
/// only "a".
const PREFIX_FROM: usize = 3;

/// Turn plain words into an FTS5 query: each word (split on white space) is matched as a phrase
/// of its tokens, the last of them as a prefix when the word has at least [`PREFIX_FROM`]
/// characters, and every word must match ("long-standing partner" finds "a long-standing
/// partner of NATO", "clash" finds "clashes", "Zvec" finds "Zvečan"). Nothing the user types is
/// read as FTS5 syntax. A word that gives the tokens of an earlier one (`NATO` after `nato`) is
/// given once.
pub fn plain_query(text: &str) -> Option<String> {
    let words: Vec<String> = plain_phrases(text).iter().map(Phrase::fts5).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The words of a plain search as phrases, each distinct one once.
fn plain_phrases(text: &str) -> Vec<Phrase> {
    distinct(text.split_whitespace().map(|w| Phrase {
        text: w.to_string(),
        prefix: w.chars().filter(|c| c.is_alphanumeric()).count() >= PREFIX_FROM,
    }))
}

/// One phrase of a query: its text (unquoted) and whether it ends in `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    text: String,
    prefix: bool,
}

impl Phrase {
    /// As an FTS5 string, which reads nothing in it as syntax.
    fn fts5(&self) -> String {
        let star = if self.prefix { "*" } else { "" };
        format!("\"{}\"{star}", self.text.replace('"', "\"\""))
    }

    /// What FTS5 makes of the phrase, as far as can be told without its tokenizer: the runs
    /// between ASCII characters that are no letter or digit (always separators for unicode61),
    /// with ASCII letters in lower case (it always folds them). Two phrases with one key are
    /// one phrase to FTS5; two with different keys may still be (`Vučić` and `vucic`), which
    /// only costs time.
    fn key(&self) -> (String, bool) {
        let tokens: Vec<String> = self
            .text
            .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        (tokens.join(" "), self.prefix)
    }
}

/// `phrases` with each one FTS5 would read as an earlier one left out.
fn distinct(phrases: impl Iterator<Item = Phrase>) -> Vec<Phrase> {
    let mut seen = HashSet::new();
    phrases.filter(|p| seen.insert(p.key())).collect()
}

/// The FTS5 queries of a search: `matches` selects the hits, `rank` scores them and marks their
/// words in snippets. `rank` is the distinct phrases of `matches`, any of which may match; every
/// hit holds one of them (a row matches an FTS5 query only through some phrase of it), and
/// bm25 adds up the same phrases whatever operators join them, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queries {
    pub matches: String,
    pub rank: String,
}

/// The queries for `text`: plain words, or with `raw` an FTS5 query. Refuses a text longer than
/// [`MAX_QUERY_BYTES`] and a plain one with no word.
pub fn queries(text: &str, raw: bool) -> Result<Queries> {
    if text.len() > MAX_QUERY_BYTES {
        bail!(
            "the search text is {} bytes long; a search takes at most {MAX_QUERY_BYTES}: give \
             fewer or shorter words",
            text.len()
        );
    }
    let (matches, phrases) = if raw {
        (text.to_string(), fts5_phrases(text))
    } else {
        let phrases = plain_phrases(text);
        if phrases.is_empty() {
            bail!("nothing to search for: give one or more words");
        }
        let words: Vec<String> = phrases.iter().map(Phrase::fts5).collect();
        (words.join(" "), Some(phrases))
    };
    let rank = match phrases.map(|p| distinct(p.into_iter().filter(|p| !p.key().0.is_empty()))) {
        Some(p) if !p.is_empty() => p.iter().map(Phrase::fts5).collect::<Vec<_>>().join(" OR "),
        // Nothing this reads as a phrase: FTS5 ranks the query as given (or says what is
        // wrong with it).
        _ => matches.clone(),
    };
    Ok(Queries { matches, rank })
}

/// One token of an FTS5 query: a string, a bareword, or a character of its syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QueryToken {
    Str(String),
    Bare(String),
    Punct(u8),
}

/// The tokens of an FTS5 query, by FTS5's own rules (`fts5ExprGetToken`): white space between
/// them, `"strings"` with `""` for a quote, barewords of ASCII letters, digits, `_`, U+001A and
/// any non-ASCII character, and `( ) { } : , + * - ^`. `None` for anything else, which FTS5
/// refuses.
fn fts5_tokens(query: &str) -> Option<Vec<QueryToken>> {
    let b = query.as_bytes();
    let bareword = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == 0x1a || c >= 0x80;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            i += 1;
        } else if b"(){}:,+*-^".contains(&c) {
            out.push(QueryToken::Punct(c));
            i += 1;
        } else if c == b'"' {
            let mut s = String::new();
            let mut j = i + 1;
            loop {
                let end = j + query.get(j..)?.find('"')?;
                s.push_str(&query[j..end]);
                if b.get(end + 1) == Some(&b'"') {
                    s.push('"');
                    j = end + 2;
                } else {
                    i = end + 1;
                    break;
                }
            }
            out.push(QueryToken::Str(s));
        } else if bareword(c) {
            let end = b[i..]
                .iter()
                .position(|&c| !bareword(c))
                .map_or(b.len(), |n| i + n);
            out.push(QueryToken::Bare(query[i..end].to_string()));
            i = end;
        } else {
            return None;
        }
    }
    Some(out)
}

/// The phrases of an FTS5 query: its strings and barewords, with the `*` after them; not its
/// keywords (`AND`, `OR`, `NOT`, `NEAR` before `(`), column names (before `:`, or between `{`
/// and `}`) nor NEAR's distance (after `,`). Each term of `a + b` counts as a phrase of its own,
/// which matches wherever `a + b` does. `None` when the query is not FTS5 syntax this reads.
fn fts5_phrases(query: &str) -> Option<Vec<Phrase>> {
    let tokens = fts5_tokens(query)?;
    let mut out = Vec::new();
    let mut in_braces = false;
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        let text = match t {
            QueryToken::Punct(b'{') => {
                in_braces = true;
                continue;
            }
            QueryToken::Punct(b'}') => {
                in_braces = false;
                continue;
            }
            QueryToken::Punct(_) => continue,
            QueryToken::Bare(w) if matches!(w.as_str(), "AND" | "OR" | "NOT") => continue,
            QueryToken::Bare(w) if w == "NEAR" && next == Some(&QueryToken::Punct(b'(')) => {
                continue
            }
            QueryToken::Str(s) | QueryToken::Bare(s) => s,
        };
        let column = in_braces || next == Some(&QueryToken::Punct(b':'));
        let distance = i > 0 && tokens[i - 1] == QueryToken::Punct(b',');
        if !column && !distance {
            out.push(Phrase {
                text: text.clone(),
                prefix: next == Some(&QueryToken::Punct(b'*')),
            });
        }
    }
    Some(out)
}

/// How often (in steps of SQLite's virtual machine) the time limit is looked at.
const PROGRESS_STEPS: i32 = 1000;

/// Search for `text`: plain words, or with `raw` an FTS5 query (`"exact phrase"`, `OR`, `NEAR`,
/// `prefix*`). Hands each hit to `each`, best first, at most `limit`. `time_limit` (with the
/// seconds as the user gave them, for the message) stops the search once it has run that long.
pub fn search(
    conn: &mut Connection,
    text: &str,
    raw: bool,
    limit: u32,
    time_limit: Option<(Duration, f64)>,
    mut each: impl FnMut(Hit) -> Result<()>,
) -> Result<()> {
    let Queries { matches, rank } = queries(text, raw)?;
    if let Some((limit, _)) = time_limit {
        let start = Instant::now();
        // Returning true interrupts the statement (SQLITE_INTERRUPT).
        conn.progress_handler(PROGRESS_STEPS, Some(move || start.elapsed() > limit))?;
    }
    let mut stmt = conn.prepare(SEARCH)?;
    let columns = crate::db::columns_for::<Hit>(&stmt)?;
    let failed = |e: rusqlite::Error| -> anyhow::Error {
        match (&e, time_limit) {
            (rusqlite::Error::SqliteFailure(f, _), Some((_, secs)))
                if f.code == ErrorCode::OperationInterrupted =>
            {
                anyhow::anyhow!(
                    "the search ran longer than {secs} s and was stopped; give --timeout to \
                     allow longer, or 0 for no limit"
                )
            }
            _ => anyhow::Error::new(e).context(format!("cannot search for {text:?}")),
        }
    };
    let mut rows = stmt
        .query(named_params! {
            ":query": matches,
            ":rank": rank,
            ":open": MARK_OPEN,
            ":close": MARK_CLOSE,
            ":limit": limit,
        })
        .map_err(failed)?;
    loop {
        let r = match rows.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(failed(e)),
        };
        each(from_row(r, &columns)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_become_quoted_phrases() {
        assert_eq!(
            plain_query("long-standing  partner").as_deref(),
            Some("\"long-standing\"* \"partner\"*")
        );
        assert_eq!(
            plain_query("say \"hi\" of").as_deref(),
            Some("\"say\"* \"\"\"hi\"\"\" \"of\"")
        );
        assert_eq!(plain_query("  "), None);
    }

    #[test]
    fn a_word_given_again_is_searched_for_once() {
        assert_eq!(
            plain_query("nato NATO, (Nato) serbia nato").as_deref(),
            Some("\"nato\"* \"serbia\"*")
        );
        // Not the same tokens: kept.
        assert_eq!(
            plain_query("Vučić vucic vuc-ic").as_deref(),
            Some("\"Vučić\"* \"vucic\"* \"vuc-ic\"*")
        );
        let q = queries(&"nato ".repeat(1000), false).unwrap();
        assert_eq!(
            (q.matches.as_str(), q.rank.as_str()),
            ("\"nato\"*", "\"nato\"*")
        );
    }

    #[test]
    fn an_fts5_query_is_ranked_by_its_distinct_phrases() {
        let rank = |q: &str| queries(q, true).unwrap().rank;
        assert_eq!(rank(&"n* ".repeat(2000)), "\"n\"*");
        assert_eq!(rank("n* OR n OR \"N\"*"), "\"n\"* OR \"n\"");
        assert_eq!(
            rank("title: nato NOT {title summary}: troops AND NEAR(\"a b\" c, 10) + d ^e"),
            "\"nato\" OR \"troops\" OR \"a b\" OR \"c\" OR \"d\" OR \"e\""
        );
        assert_eq!(rank("\"say \"\"hi\"\"\"*"), "\"say \"\"hi\"\"\"*");
        // Not FTS5 syntax: ranked as given, and FTS5 says what is wrong.
        assert_eq!(rank("nato."), "nato.");
        assert_eq!(rank("\"open"), "\"open");
        let q = queries(&"n ".repeat(MAX_QUERY_BYTES), true).unwrap_err();
        assert_eq!(
            q.to_string(),
            "the search text is 16384 bytes long; a search takes at most 8192: give fewer or \
             shorter words"
        );
    }
}
