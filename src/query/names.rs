//! Finding what a user means by a name: an id, a name or an alias of a person, organisation,
//! place, event or source, with accents, case and punctuation folded ("vucic", "Vučić" and
//! "aleksandar-vucic" all name Aleksandar Vucic). Every command that takes an id resolves it here.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::{bail, Result};
use rusqlite::Connection;

pub use crate::text::fold;

/// What kind of thing an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Organisation,
    Place,
    Event,
    Source,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Source => "source",
        }
    }

    /// Every id, with its name and each name it goes by.
    fn names_sql(self) -> &'static str {
        match self {
            Kind::Person => PERSON_NAMES,
            Kind::Organisation => ORGANISATION_NAMES,
            Kind::Place => PLACE_NAMES,
            Kind::Event => EVENT_NAMES,
            Kind::Source => SOURCE_NAMES,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub id: String,
    pub name: String,
}

const PERSON_NAMES: &str = "
    SELECT id, name, name AS alias FROM people
    UNION ALL SELECT p.id, p.name, a.alias FROM person_aliases a JOIN people p ON p.id = a.person_id";
const ORGANISATION_NAMES: &str = "
    SELECT id, name, name AS alias FROM organisations
    UNION ALL SELECT o.id, o.name, a.alias
    FROM organisation_aliases a JOIN organisations o ON o.id = a.organisation_id";
const PLACE_NAMES: &str = "
    SELECT id, name, name AS alias FROM places
    UNION ALL SELECT p.id, p.name, a.alias FROM place_aliases a JOIN places p ON p.id = a.place_id";
const EVENT_NAMES: &str = "SELECT id, title AS name, title AS alias FROM events";
const SOURCE_NAMES: &str = "SELECT id, title AS name, title AS alias FROM sources";

/// Whether every word of `query` is a word of `name` (both folded).
fn words_match(query: &str, name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    query.split(' ').all(|q| words.contains(&q))
}

/// Resolve `text` to one thing of the given kinds. An exact id wins; then a name or alias equal
/// to it once folded; then names and aliases containing each of its words. No match is an error
/// with the nearest names; several are an error listing them.
pub fn resolve(conn: &Connection, kinds: &[Kind], text: &str) -> Result<Found> {
    let query = fold(text);
    if query.is_empty() {
        bail!("{text:?} names nothing: give an id or a name");
    }
    // (kind, id) -> (name, folded names it goes by)
    let mut all: BTreeMap<(Kind, String), (String, Vec<String>)> = BTreeMap::new();
    for &kind in kinds {
        let mut stmt = conn.prepare_cached(kind.names_sql())?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get("id")?;
            let name: String = r.get("name")?;
            let alias: String = r.get("alias")?;
            let entry = all
                .entry((kind, id.clone()))
                .or_insert_with(|| (name, vec![fold(&id)]));
            entry.1.push(fold(&alias));
        }
    }
    let found = |(kind, id): &(Kind, String), name: &String| Found {
        kind: *kind,
        id: id.clone(),
        name: name.clone(),
    };
    if let Some((key, (name, _))) = all.iter().find(|((_, id), _)| id == text) {
        return Ok(found(key, name));
    }
    let pick = |test: &dyn Fn(&str) -> bool| -> Vec<Found> {
        all.iter()
            .filter(|(_, (_, names))| names.iter().any(|n| test(n)))
            .map(|(k, (name, _))| found(k, name))
            .collect()
    };
    let mut matches = pick(&|n| n == query);
    if matches.is_empty() {
        matches = pick(&|n| words_match(&query, n));
    }
    let what = kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" or ");
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => {
            let q = query.as_str();
            let mut near: Vec<(f64, &String, &String)> = all
                .iter()
                .flat_map(|((_, id), (name, names))| {
                    names
                        .iter()
                        .map(move |n| (strsim::jaro_winkler(q, n), id, name))
                })
                .filter(|(score, _, _)| *score >= 0.85)
                .collect();
            near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            near.dedup_by(|a, b| a.1 == b.1);
            let hint = match near.first() {
                Some((_, id, name)) => format!(" (did you mean {id:?}, {name}?)"),
                None => String::new(),
            };
            bail!("no {what} is named {text:?}{hint}")
        }
        _ => {
            let list: Vec<String> = matches
                .iter()
                .map(|f| format!("{} {:?} ({})", f.kind, f.id, f.name))
                .collect();
            bail!(
                "{text:?} is ambiguous: it names {}; give one of these ids",
                list.join(", ")
            )
        }
    }
}

const KINDS: &str = "SELECT DISTINCT kind FROM events ORDER BY kind";
const PUBLISHERS: &str = "SELECT id, publisher FROM sources ORDER BY published, id";

/// The stored event kinds that `text` names, compared without case ("Meeting" is "meeting").
/// None is an error with the nearest kind, or the kinds there are.
pub fn kinds(conn: &Connection, text: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(KINDS)?;
    let all: Vec<String> = stmt
        .query_map([], |r| r.get("kind"))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = text.trim().to_lowercase();
    let found: Vec<String> = all
        .iter()
        .filter(|k| k.to_lowercase() == wanted)
        .cloned()
        .collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let mut near: Vec<(f64, &String)> = all
        .iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let hint = match (near.first(), all.len()) {
        (Some((_, k)), _) => format!(" (did you mean {k:?}?)"),
        (None, 0) => " (the record has no events)".to_string(),
        (None, n) if n <= 20 => format!(" (kinds: {})", all.join(", ")),
        (None, n) => format!(" (kinds: {}, and {} more)", all[..20].join(", "), n - 20),
    };
    bail!("no event is of kind {text:?}{hint}")
}

/// The articles `text` names: every article of a publisher ("Fixture Wire", case and accents
/// folded), or one article by id or title.
pub fn sources(conn: &Connection, text: &str) -> Result<Vec<String>> {
    let wanted = fold(text);
    let mut stmt = conn.prepare_cached(PUBLISHERS)?;
    let mut rows = stmt.query([])?;
    let mut ids = Vec::new();
    while let Some(r) = rows.next()? {
        let publisher: String = r.get("publisher")?;
        if !wanted.is_empty() && fold(&publisher) == wanted {
            ids.push(r.get("id")?);
        }
    }
    if ids.is_empty() {
        ids.push(resolve(conn, &[Kind::Source], text)?.id);
    }
    Ok(ids)
}

/// Resolve `text` when given, to an id of one kind.
pub fn resolve_opt(conn: &Connection, kind: Kind, text: Option<&str>) -> Result<Option<String>> {
    text.map(|t| resolve(conn, &[kind], t).map(|f| f.id))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_words_only() {
        assert!(words_match("jens", "jens stoltenberg"));
        assert!(!words_match("jen", "jens stoltenberg"));
        assert!(words_match("stoltenberg jens", "jens stoltenberg"));
    }
}
