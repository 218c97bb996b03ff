//! What the database already holds that a draft can refer to: people, organisations and places
//! with every name and alias they go by, and events with their date, place and participants.
//! Read once, in full, with fixed statements; a draft without a database uses [`Store::default`].

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

use crate::date::FuzzyDate;
use crate::query::names::Kind;

/// A stored person, organisation or place.
#[derive(Debug, Clone)]
pub struct StoredEntity {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    /// The id, then the name, then the aliases in order, as written.
    pub names: Vec<String>,
}

/// A stored event.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: String,
    pub title: String,
    /// Its kind as stored ("meeting", "attack").
    pub kind: String,
    pub date: FuzzyDate,
    pub place: Option<String>,
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    pub entities: Vec<StoredEntity>,
    pub events: Vec<StoredEvent>,
    /// Each place with the place it lies within.
    pub within: HashMap<String, String>,
    /// Each organisation with its parent.
    pub parents: HashMap<String, String>,
    /// Every id the record uses, of any kind.
    pub ids: Vec<String>,
    /// What the record says of each ongoing state: its title, summary and every role, by id.
    pub state_words: HashMap<String, String>,
    /// Where the record puts each place it places by a statement of its own (not by a place it
    /// lies within), as the seed keys that say so ([`on_map`]).
    pub on_map: HashMap<String, String>,
}

/// Each entity's names, its own name first (its row has the name twice), then its aliases.
const NAMES: [(Kind, &str); 3] = [
    (
        Kind::Person,
        "SELECT id, name, name FROM people
         UNION ALL SELECT person_id, '', alias FROM person_aliases
         ORDER BY 1, 2 DESC, 3",
    ),
    (
        Kind::Organisation,
        "SELECT id, name, name FROM organisations
         UNION ALL SELECT organisation_id, '', alias FROM organisation_aliases
         ORDER BY 1, 2 DESC, 3",
    ),
    (
        Kind::Place,
        "SELECT id, name, name FROM places
         UNION ALL SELECT place_id, '', alias FROM place_aliases
         ORDER BY 1, 2 DESC, 3",
    ),
];
const EVENTS: &str = "SELECT id, title, date, place_id, kind FROM events ORDER BY id";
const PARTICIPANTS: &str = "SELECT DISTINCT event_id, coalesce(person_id, organisation_id)
    FROM event_participants ORDER BY 1, 2";
const STATE_WORDS: &str = "SELECT e.id, e.title || ' ' || ifnull(e.summary, '') || ' ' ||
        ifnull((SELECT group_concat(p.role, ' ') FROM event_participants p
                WHERE p.event_id = e.id AND p.role IS NOT NULL), '')
    FROM events e WHERE e.ongoing = 1 ORDER BY e.id";
const WITHIN: &str = "SELECT id, within_id FROM places WHERE within_id IS NOT NULL";
/// Whether the database holds coordinates (schema 14 and later).
const HAS_COORDINATES: &str =
    "SELECT count(*) FROM pragma_table_info('places') WHERE name = 'geo_place'";
const ON_MAP: &str = "SELECT id, latitude, longitude, radius_km, west, south, east, north
    FROM places WHERE geo_place = id AND geo_precision IN ('point', 'area') ORDER BY id";
const PARENTS: &str = "SELECT id, parent_id FROM organisations WHERE parent_id IS NOT NULL";

/// Each place the record places by its own coordinates, as seed keys: `latitude` and
/// `longitude` (with `radius_km` when it has one) for a point, `bbox` for an area; none for a
/// database from before coordinates.
fn on_map(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    if conn.query_row(HAS_COORDINATES, [], |r| r.get::<_, i64>(0))? == 0 {
        return Ok(out);
    }
    let mut stmt = conn.prepare(ON_MAP)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let n = |i: usize| r.get::<_, Option<f64>>(i);
        let keys = match (n(1)?, n(2)?, n(3)?, [n(4)?, n(5)?, n(6)?, n(7)?]) {
            (Some(lat), Some(lon), Some(km), _) => {
                format!("latitude = {lat}\nlongitude = {lon}\nradius_km = {km}")
            }
            (_, _, None, [Some(w), Some(s), Some(e), Some(n)]) if w != e || s != n => {
                format!("bbox = [{w}, {s}, {e}, {n}]")
            }
            (Some(lat), Some(lon), None, _) => format!("latitude = {lat}\nlongitude = {lon}"),
            _ => continue,
        };
        out.insert(r.get(0)?, keys);
    }
    Ok(out)
}

impl Store {
    pub fn read(conn: &Connection) -> Result<Store> {
        let mut store = Store::default();
        for (kind, sql) in NAMES {
            let mut by_id: Vec<StoredEntity> = Vec::new();
            let mut index: HashMap<String, usize> = HashMap::new();
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (id, name, alias): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let i = *index.entry(id.clone()).or_insert_with(|| {
                    by_id.push(StoredEntity {
                        kind,
                        id: id.clone(),
                        name: String::new(),
                        names: vec![id.clone()],
                    });
                    by_id.len() - 1
                });
                if !name.is_empty() {
                    by_id[i].name = name;
                }
                by_id[i].names.push(alias);
            }
            store.entities.extend(by_id);
        }
        let mut participants: HashMap<String, Vec<String>> = HashMap::new();
        let mut stmt = conn.prepare(PARTICIPANTS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            participants.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = conn.prepare(EVENTS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let date: String = r.get(2)?;
            // Every stored date was parsed before it was written; one that is not is skipped.
            let Ok(date) = FuzzyDate::parse(&date) else {
                continue;
            };
            store.events.push(StoredEvent {
                participants: participants.remove(&id).unwrap_or_default(),
                id,
                title: r.get(1)?,
                kind: r.get(4)?,
                date,
                place: r.get(3)?,
            });
        }
        let mut stmt = conn.prepare(STATE_WORDS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            store.state_words.insert(r.get(0)?, r.get(1)?);
        }
        let mut stmt = conn.prepare(WITHIN)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            store.within.insert(r.get(0)?, r.get(1)?);
        }
        store.on_map = on_map(conn)?;
        let mut stmt = conn.prepare(PARENTS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            store.parents.insert(r.get(0)?, r.get(1)?);
        }
        store.ids = store
            .entities
            .iter()
            .map(|e| e.id.clone())
            .chain(store.events.iter().map(|e| e.id.clone()))
            .collect();
        Ok(store)
    }

    /// Whether one of two organisations is the other's parent.
    pub fn related(&self, a: &str, b: &str) -> bool {
        self.parents.get(a).is_some_and(|p| p == b) || self.parents.get(b).is_some_and(|p| p == a)
    }

    /// Whether `place` is `outer` or lies within it (following `within` up the chain).
    pub fn place_in(&self, place: &str, outer: &str) -> bool {
        let mut at = place;
        for _ in 0..crate::seed::merge::places::MAX_DEPTH {
            if at == outer {
                return true;
            }
            match self.within.get(at) {
                Some(next) => at = next,
                None => return false,
            }
        }
        false
    }
}
