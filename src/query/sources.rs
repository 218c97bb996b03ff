//! The articles behind a set of events: title, publisher, date and link, for showing where a fact
//! comes from.

use anyhow::Result;
use rusqlite::{Connection, Row};
use serde::Serialize;

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// YYYY-MM-DD.
    pub published: String,
    pub url: Option<String>,
}

impl StoredArticle {
    /// From a row with the columns `id`, `title`, `publisher`, `published` and `url`. A database
    /// edited by other tools is input too: only a web link is kept as the article's link.
    pub fn from_row(r: &Row) -> rusqlite::Result<StoredArticle> {
        Ok(StoredArticle {
            id: r.get("id")?,
            title: r.get("title")?,
            publisher: r.get("publisher")?,
            published: r.get("published")?,
            url: crate::sanitize::web_link(r.get("url")?),
        })
    }
}

const SOURCE: &str = "SELECT id, title, publisher, published, url FROM sources WHERE id = ?1";

/// The sources with these ids, each once, in the order first named; unknown ids are skipped.
pub fn sources<'a>(
    conn: &Connection,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<StoredArticle>> {
    let mut stmt = conn.prepare_cached(SOURCE)?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let mut rows = stmt.query_map([id], StoredArticle::from_row)?;
        if let Some(row) = rows.next() {
            out.push(row?);
        }
    }
    Ok(out)
}
