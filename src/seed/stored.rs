//! What the database already holds that a seed run needs: the people, organisations and places
//! each stored article lists, the stored reports of events (all of them, or only those a few
//! files can name), which files are stored unchanged, and which stored articles a run removes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;

use super::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use super::files::{self, StoredNames};
use super::input::Input;
use super::merge::{Origin, Report, Statement};
use super::summary::{FileSummary, Status};
use crate::date::FuzzyDate;
use crate::db;
use crate::geo::Extent;

/// What the database already holds, for resolving ids across runs.
#[derive(Debug, Default)]
pub struct Known {
    /// Each id with every stored listing of it.
    pub people: HashMap<String, Vec<KnownListing>>,
    pub organisations: HashMap<String, Vec<KnownListing>>,
    pub places: HashMap<String, Vec<KnownListing>>,
    pub events: HashMap<String, KnownEvent>,
    /// Ids of stored events that are not in `events` (a run of a few files reads in full only
    /// those it names), for "did you mean" hints.
    pub event_hints: Vec<String>,
}

impl Known {
    /// Each stored id of `kind`, with every stored listing of it.
    pub fn entities(&self, kind: &EntityKind) -> &HashMap<String, Vec<KnownListing>> {
        match kind.name {
            "person" => &self.people,
            "organisation" => &self.organisations,
            _ => &self.places,
        }
    }
}

/// What one stored article states of a person, organisation or place it lists: its name, kind
/// (organisations) and parent (an organisation's parent, the place a place lies within); `None`
/// where the article does not say.
#[derive(Debug, Clone, Deserialize)]
pub struct KnownListing {
    pub name: Option<String>,
    pub org_kind: Option<String>,
    pub parent: Option<String>,
    pub wikidata: Option<String>,
    pub geonames: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub radius_km: Option<f64>,
    pub west: Option<f64>,
    pub south: Option<f64>,
    pub east: Option<f64>,
    pub north: Option<f64>,
    pub source_id: String,
    /// The article's publication day (ISO), which orders statements as the record does.
    pub published: String,
    /// The seed file of that article, for messages.
    pub file: String,
}

impl KnownListing {
    /// The statement as the merge rules read it.
    pub fn statement(&self) -> Statement {
        Statement {
            origin: Origin {
                published: self.published.clone(),
                source: self.source_id.clone(),
            },
            name: self.name.clone(),
            org_kind: self.org_kind.clone(),
            parent: self.parent.clone(),
            wikidata: self.wikidata.clone(),
            geonames: self.geonames.map(|g| g.to_string()),
        }
    }

    /// The coordinates it gives, as stored (checked when they were loaded).
    pub fn extent(&self) -> Option<Extent> {
        let bbox = match (self.west, self.south, self.east, self.north) {
            (Some(w), Some(s), Some(e), Some(n)) => Some([w, s, e, n]),
            _ => None,
        };
        Extent::stated(
            self.latitude,
            self.longitude,
            self.radius_km,
            bbox.as_ref().map(|b| b.as_slice()),
        )
        .ok()
        .flatten()
    }
}

/// An event the database holds: every stored report of it.
#[derive(Debug, Clone, Default)]
pub struct KnownEvent {
    pub reports: Vec<KnownReport>,
}

/// One article's report of an event, as stored: the date it gave (if any) and what it stated of
/// the event's kind, title, summary and place.
#[derive(Debug, Clone)]
pub struct KnownReport {
    pub source_id: String,
    /// The article's publication day (ISO).
    pub published: String,
    pub file: String,
    pub date: Option<FuzzyDate>,
    pub disputed: bool,
    /// Whether the date was resolved from `date_text`.
    pub resolved: bool,
    pub date_text: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub expected: bool,
}

impl KnownReport {
    /// The report as the merge rules read it.
    pub fn report(&self) -> Report {
        Report {
            origin: Origin {
                published: self.published.clone(),
                source: self.source_id.clone(),
            },
            date: self.date,
            date_text: self.date_text.clone(),
            resolved: self.resolved,
            disputed: self.disputed,
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            place: self.place.clone(),
            expected: self.expected,
        }
    }
}

/// What each stored article states of the people, organisations or places (`?1` the kind) it
/// lists, oldest article first.
const KNOWN_ENTITIES: &str = "
    SELECT d.id, d.name, d.org_kind, d.parent_id AS parent, d.wikidata, d.geonames, d.latitude,
        d.longitude, d.radius_km, d.west, d.south, d.east, d.north, d.source_id, s.published,
        ifnull(s.seed_file, s.id) AS file
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = ?1 ORDER BY s.published, s.id";
/// Every stored report, oldest article first.
const KNOWN_REPORTS: &str = "
    SELECT es.event_id, es.source_id, s.published, ifnull(s.seed_file, s.id) AS file, es.date,
        es.disputed,
        es.date_resolved, es.date_text, es.kind, es.title, es.summary, es.place_id AS place,
        es.expected
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    ORDER BY s.published, s.id";
const KNOWN_REPORTS_OF: &str = "
    SELECT es.event_id, es.source_id, s.published, ifnull(s.seed_file, s.id) AS file, es.date,
        es.disputed,
        es.date_resolved, es.date_text, es.kind, es.title, es.summary, es.place_id AS place,
        es.expected
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";
const STORED_EVENTS: &str = "SELECT count(*) FROM events";

/// The most files a run may have for its stored events to be looked up one id at a time
/// rather than all read (a few hundred point lookups a file, well under a millisecond)...
const FEW_FILES: usize = 2000;
/// ...and then only when the database holds at least this many events per file of the run.
const EVENTS_PER_FILE: i64 = 10;

/// What the database holds that a run over `files` can need. A run of a few files against a
/// large database reads only the stored events whose id appears as a string somewhere in those
/// files (every id an article names is such a string), with all their reports; people,
/// organisations and places are read whole (there are few of them, and a misspelt id is
/// matched against all of them for a suggestion). Other runs read everything.
pub fn known_for(conn: &Connection, input: &Input) -> Result<Known> {
    let stored: i64 = conn.query_row(STORED_EVENTS, [], |r| r.get(0))?;
    if input.len() > FEW_FILES || stored < input.len() as i64 * EVENTS_PER_FILE {
        return known(conn);
    }
    let mut strings = BTreeSet::new();
    for i in 0..input.len() {
        // An unreadable or malformed file names nothing; the passes report it.
        let Some(text) = input.text(i) else { continue };
        if let Ok(value) = text.parse::<toml::Table>() {
            strings_in(&toml::Value::Table(value), &mut strings);
        }
    }
    let mut events = HashMap::new();
    for id in &strings {
        let reports = reports_of(conn, id)?;
        if !reports.is_empty() {
            events.insert(id.clone(), KnownEvent { reports });
        }
    }
    // Hints for a misspelt event id: every stored id, while there are not too many to hold.
    let event_hints = if stored <= MAX_EVENT_HINTS {
        let mut stmt = conn.prepare(STORED_EVENT_IDS)?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        ids.filter_map(Result::ok)
            .filter(|id| !events.contains_key(id))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Known {
        events,
        event_hints,
        ..known_entities(conn)?
    })
}

/// The most stored events whose ids a run of a few files reads for "did you mean" hints.
const MAX_EVENT_HINTS: i64 = 200_000;
const STORED_EVENT_IDS: &str = "SELECT id FROM events";

/// Every string value in `v` (at any depth), the candidates for ids it names.
fn strings_in(v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::String(s) => {
            out.insert(s.clone());
        }
        toml::Value::Array(items) => items.iter().for_each(|i| strings_in(i, out)),
        toml::Value::Table(t) => t.values().for_each(|i| strings_in(i, out)),
        _ => {}
    }
}

/// Every stored report of the event `id`, oldest article first.
pub fn reports_of(conn: &Connection, id: &str) -> Result<Vec<KnownReport>> {
    let mut stmt = conn.prepare_cached(KNOWN_REPORTS_OF)?;
    let rows = stmt.query_map([id], known_report)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row of [`KNOWN_REPORTS`] without its event id.
fn known_report(r: &rusqlite::Row) -> rusqlite::Result<KnownReport> {
    let date: Option<String> = r.get("date")?;
    Ok(KnownReport {
        source_id: r.get("source_id")?,
        published: r.get("published")?,
        file: r.get("file")?,
        date: date.and_then(|d| FuzzyDate::parse(&d).ok()),
        disputed: r.get("disputed")?,
        resolved: r.get("date_resolved")?,
        date_text: r.get("date_text")?,
        kind: r.get("kind")?,
        title: r.get("title")?,
        summary: r.get("summary")?,
        place: r.get("place")?,
        expected: r.get("expected")?,
    })
}

/// What each stored article states of the person, organisation or place `?2` of kind `?1`,
/// oldest article first.
const STATEMENTS_OF: &str = "
    SELECT d.name, d.org_kind, d.parent_id AS parent, d.wikidata, d.geonames, d.latitude,
        d.longitude, d.radius_km, d.west, d.south, d.east, d.north, d.source_id, s.published,
        ifnull(s.seed_file, s.id) AS file
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = ?1 AND d.id = ?2 ORDER BY s.published, s.id";

/// What each stored article states of the `kind` (`definitions.kind`) `id`, oldest article
/// first.
pub fn statements_of(conn: &Connection, kind: &str, id: &str) -> Result<Vec<KnownListing>> {
    db::rows(conn, STATEMENTS_OF, [kind, id])
}

/// The people, organisations and places the database holds, with every listing of each.
fn known_entities(conn: &Connection) -> Result<Known> {
    let mut stmt = conn.prepare(KNOWN_ENTITIES)?;
    let columns = db::columns_for::<KnownListing>(&stmt)?;
    let mut load = |kind: &EntityKind| -> Result<HashMap<String, Vec<KnownListing>>> {
        let mut rows = stmt.query([kind.name])?;
        let mut out: HashMap<String, Vec<KnownListing>> = HashMap::new();
        while let Some(r) = rows.next()? {
            out.entry(r.get("id")?)
                .or_default()
                .push(db::from_row(r, &columns)?);
        }
        Ok(out)
    };
    Ok(Known {
        people: load(&PERSON)?,
        organisations: load(&ORGANISATION)?,
        places: load(&PLACE)?,
        events: HashMap::new(),
        event_hints: Vec::new(),
    })
}

/// The ids the database already holds, with every listing or report of each.
pub fn known(conn: &Connection) -> Result<Known> {
    let mut events: HashMap<String, KnownEvent> = HashMap::new();
    let mut stmt = conn.prepare(KNOWN_REPORTS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get("event_id")?;
        events.entry(id).or_default().reports.push(known_report(r)?);
    }
    Ok(Known {
        events,
        ..known_entities(conn)?
    })
}

const STORED_ARTICLES: &str = "SELECT count(*) FROM sources";

/// How many articles the database holds.
pub fn article_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(STORED_ARTICLES, [], |r| r.get(0))?)
}

const STORED_SOURCES: &str = "SELECT id, seed_file FROM sources ORDER BY id";

/// The stored articles' ids, and each id by the name of the seed file it was loaded from
/// ([`StoredNames`]).
#[derive(Debug, Default)]
pub struct StoredArticles {
    pub ids: HashSet<String>,
    pub by_file: HashMap<String, String>,
}

impl StoredArticles {
    pub fn of(conn: &Connection) -> Result<StoredArticles> {
        let mut out = StoredArticles::default();
        let mut stmt = conn.prepare(STORED_SOURCES)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get("id")?;
            if let Some(file) = r.get::<_, Option<String>>("seed_file")? {
                out.by_file.insert(file, id.clone());
            }
            out.ids.insert(id);
        }
        Ok(out)
    }
}

/// A stored article a run removes: its id, the name of its seed file (`sources.seed_file`, else
/// its id), and why ([`Status::Replaced`] or [`Status::Pruned`]).
#[derive(Debug, Clone)]
pub struct Removed {
    pub id: String,
    pub file: String,
    pub status: Status,
}

/// Stored articles this run removes, with their seed file: an article whose very file (its
/// stored name among the run's `names`, [`StoredNames`]) the run loads but which now gives
/// another id ([`Status::Replaced`]), and with `prune` every other stored article that is not
/// among the `present` ones ([`Status::Pruned`]). Decided by article ids and stored names, never
/// by whether a file exists where a path once pointed, nor by a file of the same name in
/// another folder: without `prune`, no article is removed that is not loaded from a file the
/// run reads.
pub fn gone(
    conn: &Connection,
    present: &HashSet<String>,
    names: &HashSet<String>,
    prune: bool,
) -> Result<Vec<Removed>> {
    let mut stmt = conn.prepare(STORED_SOURCES)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>("id")?,
            r.get::<_, Option<String>>("seed_file")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, file) = row?;
        if present.contains(&id) {
            continue;
        }
        let shown = file.clone().unwrap_or_else(|| id.clone());
        if file.as_deref().is_some_and(|n| names.contains(n)) {
            out.push(Removed {
                id,
                file: shown,
                status: Status::Replaced,
            });
        } else if prune {
            out.push(Removed {
                id,
                file: shown,
                status: Status::Pruned,
            });
        }
    }
    Ok(out)
}

const SOURCE_STATE: &str = "SELECT seed_hash, seed_file FROM sources WHERE id = ?1";
const IS_STORED: &str = "SELECT 1 FROM sources WHERE id = ?1";

/// Whether the database holds the article `id`.
pub fn is_stored(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(IS_STORED)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the article `id` in the file stored as `name` with content `hash` is new, changed or
/// as stored.
pub fn status_of(conn: &Connection, name: &str, id: &str, hash: &str) -> Result<Status> {
    let previous: Option<(Option<String>, Option<String>)> = conn
        .query_row(SOURCE_STATE, [id], |r| {
            Ok((r.get("seed_hash")?, r.get("seed_file")?))
        })
        .optional()?;
    Ok(match &previous {
        Some((Some(h), Some(f))) if h == hash && f == name => Status::Unchanged,
        Some(_) => Status::Updated,
        None => Status::Added,
    })
}

const STORED_HASHES: &str =
    "SELECT seed_file, id, seed_hash FROM sources WHERE seed_file IS NOT NULL";
const STORED_COUNTS: &str = "
    SELECT (SELECT count(*) FROM event_sources WHERE source_id = ?1) AS events,
           ifnull(sum(kind = 'person'), 0) AS people,
           ifnull(sum(kind = 'organisation'), 0) AS organisations,
           ifnull(sum(kind = 'place'), 0) AS places,
           (SELECT count(*) FROM figures WHERE source_id = ?1) AS figures,
           (SELECT count(*) FROM quotes WHERE source_id = ?1) AS quotes
    FROM definitions WHERE source_id = ?1";

/// An article as stored under a seed file's name: its id, and the hash of the file (and its
/// text) it was loaded from.
struct StoredFile {
    id: String,
    hash: String,
}

/// For each file, the id of the article stored under its name ([`StoredNames`]) when the
/// file's bytes (and its text's) are the ones stored: found by hashing, without parsing. Files
/// whose name is not stored are not read.
pub fn unchanged(
    conn: &Connection,
    names: &StoredNames,
    files: &[PathBuf],
) -> Result<Vec<Option<String>>> {
    let mut stored: HashMap<String, StoredFile> = HashMap::new();
    let mut stmt = conn.prepare(STORED_HASHES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(hash) = r.get::<_, Option<String>>("seed_hash")? {
            let id = r.get("id")?;
            stored.insert(r.get("seed_file")?, StoredFile { id, hash });
        }
    }
    let candidates: Vec<Option<StoredFile>> =
        files.iter().map(|f| stored.remove(&names.of(f))).collect();
    let hashes: Vec<Option<&str>> = candidates
        .iter()
        .map(|c| c.as_ref().map(|c| c.hash.as_str()))
        .collect();
    let same = files::hashes_match(files, &hashes);
    Ok(candidates
        .into_iter()
        .zip(same)
        .map(|(candidate, same)| candidate.filter(|_| same).map(|c| c.id))
        .collect())
}

/// An unchanged file's line of the summary, with what its stored article holds.
pub fn unchanged_summary(conn: &Connection, file: &Path, id: &str) -> Result<FileSummary> {
    let mut stmt = conn.prepare_cached(STORED_COUNTS)?;
    Ok(stmt.query_row([id], |r| {
        let count = |column: &str| -> rusqlite::Result<usize> {
            Ok(usize::try_from(r.get::<_, i64>(column)?).unwrap_or_default())
        };
        Ok(FileSummary {
            file: file.to_path_buf(),
            source: id.to_string(),
            status: Status::Unchanged,
            events: count("events")?,
            people: count("people")?,
            organisations: count("organisations")?,
            places: count("places")?,
            figures: count("figures")?,
            quotes: count("quotes")?,
        })
    })?)
}
