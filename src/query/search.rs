//! Full-text search (SQLite FTS5) over event titles and summaries, the names of each event's
//! place and people (migration V11), quotes and figure texts, ranked by bm25, with the matching
//! words marked in a snippet. Words are stemmed (porter) with accents and case folded.

use anyhow::{bail, Context, Result};
use rusqlite::{named_params, Connection};
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

/// All three indexes, best match first (bm25: lower is better), then a stable order.
const SEARCH: &str = "
    SELECT kind, id, event_id AS event, title, who, snip AS snippet, source_id AS source FROM (
        SELECT 'event' AS kind, e.id AS id, e.id AS event_id, e.title AS title, NULL AS who,
               snippet(events_fts, -1, :open, :close, '…', 16) AS snip, e.source_id AS source_id,
               bm25(events_fts) AS score
        FROM events_fts JOIN events e ON e.rowid = events_fts.rowid
        WHERE events_fts MATCH :query
        UNION ALL
        SELECT 'quote', CAST(q.id AS TEXT), q.event_id, e.title, coalesce(pp.name, po.name),
               snippet(quotes_fts, 0, :open, :close, '…', 16), q.source_id, bm25(quotes_fts)
        FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
        LEFT JOIN events e ON e.id = q.event_id
        LEFT JOIN people pp ON pp.id = q.speaker_person_id
        LEFT JOIN organisations po ON po.id = q.speaker_organisation_id
        WHERE quotes_fts MATCH :query
        UNION ALL
        SELECT 'figure', CAST(f.id AS TEXT), f.event_id, e.title, coalesce(cp.name, co.name),
               snippet(figures_fts, 0, :open, :close, '…', 16), f.source_id, bm25(figures_fts)
        FROM figures_fts JOIN figures f ON f.id = figures_fts.rowid
        JOIN events e ON e.id = f.event_id
        LEFT JOIN people cp ON cp.id = f.claimed_by_person_id
        LEFT JOIN organisations co ON co.id = f.claimed_by_organisation_id
        WHERE figures_fts MATCH :query
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
/// read as FTS5 syntax.
pub fn plain_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let prefix = if w.chars().filter(|c| c.is_alphanumeric()).count() >= PREFIX_FROM {
                "*"
            } else {
                ""
            };
            format!("\"{}\"{prefix}", w.replace('"', "\"\""))
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Search for `text`: plain words, or with `raw` an FTS5 query (`"exact phrase"`, `OR`, `NEAR`,
/// `prefix*`). Hands each hit to `each`, best first, at most `limit`.
pub fn search(
    conn: &Connection,
    text: &str,
    raw: bool,
    limit: u32,
    mut each: impl FnMut(Hit) -> Result<()>,
) -> Result<()> {
    let query = if raw {
        text.to_string()
    } else {
        match plain_query(text) {
            Some(q) => q,
            None => bail!("nothing to search for: give one or more words"),
        }
    };
    let mut stmt = conn.prepare(SEARCH)?;
    let columns = crate::db::columns_for::<Hit>(&stmt)?;
    let mut rows = stmt
        .query(named_params! {
            ":query": query,
            ":open": MARK_OPEN,
            ":close": MARK_CLOSE,
            ":limit": limit,
        })
        .with_context(|| format!("cannot search for {text:?}"))?;
    loop {
        let r = match rows.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(e).with_context(|| format!("cannot search for {text:?}")),
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
}
