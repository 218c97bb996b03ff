//! Lists of people, organisations, places and sources, each with how many events it has and the
//! first and last days of those events.

use anyhow::Result;
use rusqlite::{Connection, Row};
use serde::Serialize;

use super::sources::StoredArticle;

/// A person, organisation or place in a list.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    pub id: String,
    pub name: String,
    /// Other names it goes by, in any article, alphabetically.
    pub aliases: Vec<String>,
    /// Events it took part in (for a place: events that happened there).
    pub events: i64,
    /// The earliest possible day of its events; none when one has an unknown start.
    pub first: Option<String>,
    /// The latest possible day of its events; none when one has an open end.
    pub last: Option<String>,
}

/// An article in the list of sources, with what it states.
#[derive(Debug, Clone, Serialize)]
pub struct ListedSource {
    #[serde(flatten)]
    pub article: StoredArticle,
    /// Events it reports.
    pub events: i64,
    pub figures: i64,
    pub quotes: i64,
}

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entities {
    People,
    Organisations,
    Places,
}

// Aliases are joined with the unit separator, which no name contains, and split again.
const PEOPLE: &str = "
    SELECT p.id, p.name,
           (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias FROM person_aliases
             WHERE person_id = p.id ORDER BY alias)) AS aliases,
           count(e.id) AS events,
           CASE WHEN count(e.id) > count(e.earliest) THEN NULL ELSE min(e.earliest) END AS first,
           CASE WHEN count(e.id) > count(e.latest) THEN NULL ELSE max(e.latest) END AS last
    FROM people p
    LEFT JOIN (SELECT DISTINCT event_id, person_id FROM event_participants) ep
           ON ep.person_id = p.id
    LEFT JOIN events e ON e.id = ep.event_id
    GROUP BY p.id
    ORDER BY p.name COLLATE NOCASE, p.id";

const ORGANISATIONS: &str = "
    SELECT o.id, o.name,
           (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias
             FROM organisation_aliases WHERE organisation_id = o.id ORDER BY alias)) AS aliases,
           count(e.id) AS events,
           CASE WHEN count(e.id) > count(e.earliest) THEN NULL ELSE min(e.earliest) END AS first,
           CASE WHEN count(e.id) > count(e.latest) THEN NULL ELSE max(e.latest) END AS last
    FROM organisations o
    LEFT JOIN (SELECT DISTINCT event_id, organisation_id FROM event_participants) ep
           ON ep.organisation_id = o.id
    LEFT JOIN events e ON e.id = ep.event_id
    GROUP BY o.id
    ORDER BY o.name COLLATE NOCASE, o.id";

const PLACES: &str = "
    SELECT p.id, p.name,
           (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias FROM place_aliases
             WHERE place_id = p.id ORDER BY alias)) AS aliases,
           count(e.id) AS events,
           CASE WHEN count(e.id) > count(e.earliest) THEN NULL ELSE min(e.earliest) END AS first,
           CASE WHEN count(e.id) > count(e.latest) THEN NULL ELSE max(e.latest) END AS last
    FROM places p
    LEFT JOIN events e ON e.place_id = p.id
    GROUP BY p.id
    ORDER BY p.name COLLATE NOCASE, p.id";

const SOURCES: &str = "
    SELECT s.id, s.title, s.publisher, s.published, s.url,
           (SELECT count(*) FROM event_sources es WHERE es.source_id = s.id) AS events,
           (SELECT count(*) FROM figures f WHERE f.source_id = s.id) AS figures,
           (SELECT count(*) FROM quotes q WHERE q.source_id = s.id) AS quotes
    FROM sources s
    ORDER BY s.published, s.id";

/// Split a `char(31)`-joined list.
pub fn split_list(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

fn entity_row(r: &Row) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get("id")?,
        name: r.get("name")?,
        aliases: split_list(r.get("aliases")?),
        events: r.get("events")?,
        first: r.get("first")?,
        last: r.get("last")?,
    })
}

/// Call `each` with every person, organisation or place, by name.
pub fn entities(
    conn: &Connection,
    what: Entities,
    mut each: impl FnMut(EntityRow) -> Result<()>,
) -> Result<()> {
    let sql = match what {
        Entities::People => PEOPLE,
        Entities::Organisations => ORGANISATIONS,
        Entities::Places => PLACES,
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(entity_row(r)?)?;
    }
    Ok(())
}

/// Call `each` with every source, oldest first.
pub fn sources(conn: &Connection, mut each: impl FnMut(ListedSource) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(SOURCES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(ListedSource {
            article: StoredArticle::from_row(r)?,
            events: r.get("events")?,
            figures: r.get("figures")?,
            quotes: r.get("quotes")?,
        })?;
    }
    Ok(())
}
