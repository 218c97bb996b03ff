//! The articles behind a set of events: title, publisher, date and link, for showing where a fact
//! comes from.

use anyhow::Result;
use rusqlite::Connection;
use serde::Serialize;

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// YYYY-MM-DD.
    pub published: String,
    pub url: Option<String>,
}

const SOURCE: &str = "SELECT id, title, publisher, published, url FROM sources WHERE id = ?1";

/// The sources with these ids, each once, in the order first named; unknown ids are skipped.
pub fn sources<'a>(
    conn: &Connection,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<SourceRow>> {
    let mut stmt = conn.prepare_cached(SOURCE)?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let mut rows = stmt.query_map([id], |r| {
            Ok(SourceRow {
                id: r.get(0)?,
                title: r.get(1)?,
                publisher: r.get(2)?,
                published: r.get(3)?,
                // A database edited by other tools is input too: only a web link is a link.
                url: r
                    .get::<_, Option<String>>(4)?
                    .filter(|u| crate::sanitize::web_url(u).is_some()),
            })
        })?;
        if let Some(row) = rows.next() {
            out.push(row?);
        }
    }
    Ok(out)
}
