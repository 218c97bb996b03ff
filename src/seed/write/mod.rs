//! Writing checked articles within the seed's transaction. Each article's own statements go to
//! its rows (`sources`, its listings in `definitions`, its reports in `event_sources`,
//! participants, figures, quotes), and the rows of `events`, `people`, `organisations` and
//! `places` it completes are written as the checker merged them by the rules of
//! [`super::merge`] ([`MergedRows`]), so they are the same whatever order the articles were
//! loaded in. What only the articles a run replaces stated is merged again from what the other
//! articles state, by the same rules, at the end (`tidy`).

mod areas;
mod tidy;

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Context, Result};
use rusqlite::{params, Transaction};

use super::article::{Actor, Article, MergedEntityRow, MergedEventRow};
use super::entity::{kind_named, EntityId};
use super::fts;
use super::merge::MergedEvent;
use crate::date::{iso, FuzzyDate};
use crate::db::quote_identifier;
use crate::geo::{BBox, Extent};

pub(super) use tidy::Leftovers;

/// Writes checked articles within the seed's transaction, from [`Writer::begin`] (before the
/// first article) to [`Writer::finish`] (after the last).
pub(super) struct Writer {
    /// Events the replaced articles reported, and the people, organisations and places they
    /// listed, whose row the run has not written (yet): merged again at the end from what
    /// other articles state.
    leftover_events: BTreeSet<String>,
    leftover_entities: BTreeSet<EntityId>,
    /// Events and entities an article written so far states, whose merged row a later article
    /// of the run completes: that row changes.
    pending_events: HashSet<String>,
    pending_entities: HashSet<EntityId>,
    /// People, organisations and places a written article lists (their names or aliases may
    /// have changed): the stored events that name them are indexed again.
    restated: BTreeSet<EntityId>,
    /// Events a written or replaced article reports: their areas are brought up to date.
    located: BTreeSet<String>,
    /// Each stored place's `within` link before the run: a link the run changes changes the
    /// place of the stored events reported at or below it ([`Writer::finish`]).
    within_before: HashMap<String, Option<String>>,
    search: fts::Deferred,
    /// The secondary indexes and full-text triggers set aside for a bulk load, as the
    /// statements that create them again.
    set_aside: Vec<String>,
}

/// Every place's `within` link.
const PLACES_WITHIN: &str = "SELECT id, within_id FROM places";
/// The events some report places at one of the places `?1` (a JSON array) or below one.
const EVENTS_BELOW_PLACES: &str = "
    WITH RECURSIVE below(id) AS (
        SELECT value FROM json_each(?1)
        UNION SELECT p.id FROM places p JOIN below ON p.within_id = below.id)
    SELECT DISTINCT event_id FROM event_sources
    WHERE place_id IN (SELECT id FROM below) ORDER BY event_id";

fn places_within(tx: &Transaction) -> Result<HashMap<String, Option<String>>> {
    let mut stmt = tx.prepare_cached(PLACES_WITHIN)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored events reported at or below a place whose `within` link the run changed: their
/// place follows the chain (the narrowest of the reports' places, or a dispute), so each is
/// merged again even when no article the run writes reports it.
fn below_moved_places(
    tx: &Transaction,
    before: &HashMap<String, Option<String>>,
) -> Result<Vec<String>> {
    let now = places_within(tx)?;
    let moved: Vec<&String> = before
        .iter()
        .filter(|(id, within)| now.get(*id).is_some_and(|w| w != *within))
        .map(|(id, _)| id)
        .collect();
    if moved.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = tx.prepare_cached(EVENTS_BELOW_PLACES)?;
    let rows = stmt.query_map([serde_json::to_string(&moved)?], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The plain (not unique) secondary indexes of the tables a seed run fills. Nothing the run
/// does while writing articles reads them (it looks rows up by primary key, and foreign keys
/// are checked against their parents' keys), so a bulk load may build them once at the end,
/// sorted, rather than insert into each of them row by row.
const SECONDARY_INDEXES: &str = "
    SELECT name, sql FROM sqlite_master
    WHERE type = 'index' AND sql LIKE 'CREATE INDEX %'
      AND tbl_name IN ('events', 'event_sources', 'event_participants', 'figures', 'quotes',
                       'definitions', 'person_aliases', 'organisation_aliases', 'place_aliases',
                       'person_roles')
    ORDER BY name";
/// The triggers that index full text row by row (migrations V2 and V5). While the seeder has
/// `search_sync.deferred` set they do nothing, but each still runs for every row written, and a
/// statement that fires a trigger keeps a statement journal of every page it changes: a bulk
/// load drops them, as it does the secondary indexes, and creates them again before it commits.
const SEARCH_TRIGGERS: &str = "
    SELECT name, sql FROM sqlite_master
    WHERE type = 'trigger'
      AND name IN ('events_ai', 'events_ad', 'events_au', 'quotes_ai', 'quotes_ad', 'quotes_au',
                   'figures_ai', 'figures_ad', 'figures_au')
    ORDER BY name";

impl Writer {
    /// Remove what the `replaced` articles (loaded again or pruned) stated before, and make
    /// references between articles checked at the end (an article may refer to one written
    /// after it).
    /// With `bulk`, the secondary indexes and the full-text triggers are set aside until
    /// [`Writer::finish`].
    pub(super) fn begin(tx: &Transaction, replaced: &[&str], bulk: bool) -> Result<Writer> {
        let mut replaced_events = BTreeSet::new();
        let mut replaced_entities = BTreeSet::new();
        for src in replaced {
            let mut stmt = tx.prepare_cached(EVENTS_REPORTED_BY)?;
            for id in stmt.query_map([src], |r| r.get::<_, String>(0))? {
                replaced_events.insert(id?);
            }
            let mut stmt = tx.prepare_cached(ENTITIES_LISTED_BY)?;
            for row in stmt.query_map([src], |r| Ok((r.get("kind")?, r.get("id")?)))? {
                let (kind, id): (String, String) = row?;
                if let Some(kind) = kind_named(&kind) {
                    replaced_entities.insert(EntityId::of(kind, &id));
                }
            }
        }
        // Only the events the replaced articles reported can change or go; new ones are added.
        let mut search = fts::Deferred::begin(
            tx,
            replaced_events.iter().map(String::as_str),
            replaced.iter().copied(),
        )?;
        for src in replaced {
            for sql in DELETE_SOURCE_FACTS {
                tx.prepare_cached(sql)?.execute([src])?;
            }
        }
        search.mark(tx)?;
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let set_aside = if bulk { set_aside(tx)? } else { Vec::new() };
        let within_before = places_within(tx)?;
        Ok(Writer {
            within_before,
            // What the replaced articles listed loses their names and aliases.
            restated: replaced_entities.clone(),
            located: replaced_events.clone(),
            leftover_events: replaced_events,
            leftover_entities: replaced_entities,
            pending_events: HashSet::new(),
            pending_entities: HashSet::new(),
            search,
            set_aside,
        })
    }

    /// One added or updated article, from the seed file stored as `seed_file`
    /// ([`super::files::StoredNames`]): its row, its statements, its reports.
    pub(super) fn write(&mut self, tx: &Transaction, a: &Article, seed_file: &str) -> Result<()> {
        self.write_listings(tx, a, seed_file)?;
        self.write_reports(tx, a)?;
        let completed = |id: &str| a.rows.events.iter().any(|r| r.id == id);
        self.located.extend(a.events.iter().map(|e| e.id.clone()));
        for e in a.events.iter().filter(|e| !completed(&e.id)) {
            self.pending_events.insert(e.id.clone());
        }
        for (kind, entities) in a.listed() {
            for e in entities {
                let id = EntityId::of(kind, &e.id);
                let completed = |r: &MergedEntityRow| r.kind.name == kind.name && r.id == e.id;
                if !a.rows.entities.iter().any(completed) {
                    self.pending_entities.insert(id.clone());
                }
                self.restated.insert(id);
            }
        }
        Ok(())
    }

    /// The merged rows a checked article of the run completes (`written`: it was added or
    /// updated), those the run changes: of what a written article or a replaced one states.
    pub(super) fn write_rows(
        &mut self,
        tx: &Transaction,
        a: &Article,
        written: bool,
    ) -> Result<()> {
        for row in &a.rows.entities {
            let id = EntityId::of(row.kind, &row.id);
            let pending = self.pending_entities.remove(&id);
            let replaced = self.leftover_entities.remove(&id);
            if written || pending || replaced {
                self.write_entity(tx, row)?;
            }
        }
        for row in &a.rows.events {
            let pending = self.pending_events.remove(&row.id);
            let replaced = self.leftover_events.remove(&row.id);
            if written || pending || replaced {
                self.write_event(tx, row)?;
            }
        }
        Ok(())
    }

    /// After the last article: what no article states any longer goes, what only the replaced
    /// articles stated is merged again, the `pruned` articles are removed, the full-text index
    /// is brought up to date. The events merged here, for the summary.
    pub(super) fn finish<'a>(
        self,
        tx: &Transaction,
        pruned: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<MergedEventRow>> {
        // From here a broken reference fails the statement that makes it, with its message.
        tx.pragma_update(None, "defer_foreign_keys", false)?;
        for sql in &self.set_aside {
            tx.execute_batch(sql)?;
        }
        let leftovers = Leftovers {
            events: self.leftover_events.into_iter().collect(),
            entities: self.leftover_entities.into_iter().collect(),
        };
        let mut merged = tidy::tidy(tx, &leftovers)?;
        let mut located = self.located;
        for id in below_moved_places(tx, &self.within_before)? {
            if located.insert(id.clone()) {
                merged.extend(tidy::merge_event(tx, &id)?);
            }
        }
        for id in pruned {
            tx.prepare_cached(DELETE_SOURCE)?.execute([id])?;
        }
        areas::events(tx, &located)?;
        self.search.finish(tx, &self.restated)?;
        Ok(merged)
    }

    /// A person's, organisation's or place's merged row. A stored row that changes changes the
    /// names the index holds for the events naming it.
    fn write_entity(&mut self, tx: &Transaction, row: &MergedEntityRow) -> Result<()> {
        let id = EntityId::of(row.kind, &row.id);
        let changed = store_entity(tx, &id, &row.entity)?;
        if changed && row.stored {
            self.restated.insert(id);
        }
        Ok(())
    }

    /// An event's merged row; a stored event's entry in the full-text index is made again.
    fn write_event(&mut self, tx: &Transaction, row: &MergedEventRow) -> Result<()> {
        if row.stored {
            self.search.touch(tx, &row.id)?;
        }
        EventRow::merged(&row.id, &row.event).store(tx)
    }

    /// The article's row and what it states of the people, organisations and places it lists.
    fn write_listings(&mut self, tx: &Transaction, a: &Article, seed_file: &str) -> Result<()> {
        let src = &a.source.id;
        let published = iso(a.source.published);
        tx.prepare_cached(INSERT_SOURCE)?.execute(params![
            src,
            a.source.title,
            a.source.publisher,
            published,
            a.source.url,
            a.source.body,
            seed_file,
            a.hash
        ])?;
        for (kind, entities) in a.listed() {
            for e in entities {
                let (point, radius, area) = stated_columns(e.extent.as_ref());
                tx.prepare_cached(INSERT_LISTING)?.execute(params![
                    kind.name,
                    e.id,
                    src,
                    e.name,
                    e.org_kind,
                    e.parent,
                    e.wikidata,
                    e.geonames,
                    point.map(|p| p.0),
                    point.map(|p| p.1),
                    radius,
                    area.map(|b| b.west),
                    area.map(|b| b.south),
                    area.map(|b| b.east),
                    area.map(|b| b.north),
                ])?;
                for alias in &e.aliases {
                    tx.prepare_cached(kind.insert_alias)?
                        .execute(params![e.id, alias, src])?;
                }
            }
        }
        for r in &a.roles {
            tx.prepare_cached(INSERT_PERSON_ROLE)?.execute(params![
                r.person,
                r.title,
                r.organisation,
                src
            ])?;
        }
        Ok(())
    }

    /// The article's reports of events, with what it states of each and its participants, and
    /// its figures and quotes.
    fn write_reports(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        let src = &a.source.id;
        for e in &a.events {
            let d = e.date.as_ref();
            tx.prepare_cached(INSERT_EVENT_SOURCE)?.execute(params![
                e.id,
                src,
                d.map(ToString::to_string),
                e.date_text,
                iso_day(d.and_then(FuzzyDate::earliest)),
                iso_day(d.and_then(FuzzyDate::latest)),
                e.resolved,
                e.disputed,
                e.kind,
                e.title,
                e.summary,
                e.place,
                e.expected,
            ])?;
            for (actor, role) in &e.participants {
                let (person, org) = split(Some(actor));
                tx.prepare_cached(INSERT_PARTICIPANT)?
                    .execute(params![e.id, person, org, role, src])?;
            }
        }
        self.write_figures_and_quotes(tx, a)
    }

    /// The article's figures and quotes.
    fn write_figures_and_quotes(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        let src = &a.source.id;
        for f in &a.figures {
            let (about_p, about_o) = split(f.about.as_ref());
            let (claim_p, claim_o) = split(f.claimed_by.as_ref());
            tx.prepare_cached(INSERT_FIGURE)?.execute(params![
                f.event,
                src,
                f.amount.value,
                f.amount.low,
                f.amount.high,
                f.amount.qualifier.as_str(),
                f.unit,
                f.measure,
                about_p,
                about_o,
                claim_p,
                claim_o,
                f.text,
                f.key,
                f.part_of,
            ])?;
        }
        for q in &a.quotes {
            let (person, org) = split(Some(&q.speaker));
            tx.prepare_cached(INSERT_QUOTE)?
                .execute(params![src, q.event, person, org, q.text])?;
        }
        Ok(())
    }
}

/// Drop the secondary indexes and the full-text triggers for a bulk load, returning the
/// statements that create them again.
fn set_aside(tx: &Transaction) -> Result<Vec<String>> {
    let mut set_aside = Vec::new();
    for (query, kind) in [(SECONDARY_INDEXES, "INDEX"), (SEARCH_TRIGGERS, "TRIGGER")] {
        let mut stmt = tx.prepare(query)?;
        let found: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in found {
            // The name comes from the schema, not from input; quoted as an identifier.
            tx.execute_batch(&format!("DROP {kind} {}", quote_identifier(&name)))?;
            set_aside.push(sql);
        }
    }
    Ok(set_aside)
}

/// Write a person's, organisation's or place's merged row; whether it changed (or was new).
fn store_entity(tx: &Transaction, id: &EntityId, e: &super::merge::MergedEntity) -> Result<bool> {
    let kind = kind_named(id.kind).context("a kind of listed thing")?;
    let geonames = e.geonames.as_deref().and_then(|g| g.parse::<i64>().ok());
    let all = params![id.id, e.name, e.org_kind, e.parent, e.source, e.wikidata, geonames];
    let mut stmt = tx.prepare_cached(kind.upsert)?;
    // A kind's statement takes the parameters up to the last column it has.
    let used = stmt.parameter_count().min(all.len());
    let changed = stmt.execute(&all[..used])?;
    Ok(changed > 0)
}

const INSERT_SOURCE: &str = "
    INSERT INTO sources (id, title, publisher, published, url, body, seed_file, seed_hash)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
    ON CONFLICT (id) DO UPDATE SET
        title = excluded.title, publisher = excluded.publisher, published = excluded.published,
        url = excluded.url, body = excluded.body, seed_file = excluded.seed_file,
        seed_hash = excluded.seed_hash";
/// Facts an article stated, removed before a changed article is written again.
const DELETE_SOURCE_FACTS: [&str; 9] = [
    "DELETE FROM definitions WHERE source_id = ?1",
    "DELETE FROM quotes WHERE source_id = ?1",
    "DELETE FROM figures WHERE source_id = ?1",
    "DELETE FROM event_participants WHERE source_id = ?1",
    "DELETE FROM event_sources WHERE source_id = ?1",
    "DELETE FROM person_roles WHERE source_id = ?1",
    "DELETE FROM person_aliases WHERE source_id = ?1",
    "DELETE FROM organisation_aliases WHERE source_id = ?1",
    "DELETE FROM place_aliases WHERE source_id = ?1",
];
const INSERT_PERSON_ROLE: &str = "
    INSERT OR IGNORE INTO person_roles (person_id, title, organisation_id, source_id)
    VALUES (?1, ?2, ?3, ?4)";
/// An event's merged row; only a row whose values change is written (and its date index entry
/// with it).
const UPSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, summary, place_id, date, earliest, latest, precision,
        approximate, uncertain, ongoing, date_human, date_text, expected, source_id,
        date_resolved, disputed, disputed_place)
    VALUES (:id, :kind, :title, :summary, :place, :date, :earliest, :latest, :precision,
        :approximate, :uncertain, :ongoing, :date_human, :date_text, :expected, :source,
        :resolved, :disputed, :disputed_place)
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, summary = excluded.summary,
        place_id = excluded.place_id, date = excluded.date, earliest = excluded.earliest,
        latest = excluded.latest, precision = excluded.precision,
        approximate = excluded.approximate, uncertain = excluded.uncertain,
        ongoing = excluded.ongoing, date_human = excluded.date_human,
        date_text = excluded.date_text, expected = excluded.expected,
        source_id = excluded.source_id, date_resolved = excluded.date_resolved,
        disputed = excluded.disputed, disputed_place = excluded.disputed_place
    WHERE kind IS NOT excluded.kind OR title IS NOT excluded.title
        OR summary IS NOT excluded.summary OR place_id IS NOT excluded.place_id
        OR date IS NOT excluded.date OR earliest IS NOT excluded.earliest
        OR latest IS NOT excluded.latest OR precision IS NOT excluded.precision
        OR approximate IS NOT excluded.approximate OR uncertain IS NOT excluded.uncertain
        OR ongoing IS NOT excluded.ongoing OR date_human IS NOT excluded.date_human
        OR date_text IS NOT excluded.date_text OR expected IS NOT excluded.expected
        OR source_id IS NOT excluded.source_id OR disputed IS NOT excluded.disputed
        OR date_resolved IS NOT excluded.date_resolved
        OR disputed_place IS NOT excluded.disputed_place";
const INSERT_EVENT_SOURCE: &str = "
    INSERT INTO event_sources (event_id, source_id, date, date_text, earliest, latest,
        date_resolved, disputed, kind, title, summary, place_id, expected)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const INSERT_LISTING: &str = "
    INSERT OR IGNORE INTO definitions (kind, id, source_id, name, org_kind, parent_id, wikidata,
        geonames, latitude, longitude, radius_km, west, south, east, north)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
const INSERT_PARTICIPANT: &str = "
    INSERT INTO event_participants (event_id, person_id, organisation_id, role, source_id)
    VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_FIGURE: &str = "
    INSERT INTO figures (event_id, source_id, value, low, high, qualifier, unit, measure,
        about_person_id, about_organisation_id, claimed_by_person_id, claimed_by_organisation_id,
        text, key, part_of)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
const INSERT_QUOTE: &str = "
    INSERT INTO quotes (source_id, event_id, speaker_person_id, speaker_organisation_id, text)
    VALUES (?1, ?2, ?3, ?4, ?5)";
const EVENTS_REPORTED_BY: &str = "SELECT event_id FROM event_sources WHERE source_id = ?1";
const ENTITIES_LISTED_BY: &str = "SELECT kind, id FROM definitions WHERE source_id = ?1";
const DELETE_SOURCE: &str = "DELETE FROM sources WHERE id = ?1";

/// A listing's coordinates as `definitions` stores them: the point, its radius, the box.
fn stated_columns(e: Option<&Extent>) -> (Option<(f64, f64)>, Option<f64>, Option<BBox>) {
    match e {
        Some(Extent::Point {
            latitude,
            longitude,
            radius_km,
        }) => (Some((*latitude, *longitude)), *radius_km, None),
        Some(Extent::Area(b)) => (None, None, Some(*b)),
        None => (None, None, None),
    }
}

/// An actor as the pair of columns (person id, organisation id) that store it.
fn split(actor: Option<&Actor>) -> (Option<&str>, Option<&str>) {
    match actor {
        Some(Actor::Person(id)) => (Some(id), None),
        Some(Actor::Organisation(id)) => (None, Some(id)),
        None => (None, None),
    }
}

/// An event's row as `events` stores it, written by [`UPSERT_EVENT`].
struct EventRow<'a> {
    id: &'a str,
    kind: Option<&'a str>,
    title: Option<&'a str>,
    summary: Option<&'a str>,
    place: Option<&'a str>,
    date: FuzzyDate,
    date_human: String,
    date_text: Option<&'a str>,
    expected: bool,
    source: &'a str,
    disputed: bool,
    resolved: bool,
    disputed_place: bool,
}

impl<'a> EventRow<'a> {
    /// The row of event `id` as the rules of [`super::merge`] merged it.
    fn merged(id: &'a str, m: &'a MergedEvent) -> EventRow<'a> {
        EventRow {
            id,
            kind: Some(&m.kind),
            title: Some(&m.title),
            summary: m.summary.as_deref(),
            place: m.place.as_deref(),
            date: *m.date.date(),
            date_human: m.date.human(),
            date_text: m.date_text.as_deref(),
            expected: m.expected,
            source: &m.source,
            disputed: m.date.disputed(),
            resolved: m.resolved,
            disputed_place: m.disputed_place,
        }
    }

    /// Write the row (only when it is new or changes).
    fn store(&self, tx: &Transaction) -> Result<()> {
        let d = &self.date;
        tx.prepare_cached(UPSERT_EVENT)?
            .execute(rusqlite::named_params! {
                ":id": self.id,
                ":kind": self.kind,
                ":title": self.title,
                ":summary": self.summary,
                ":place": self.place,
                ":date": d.to_string(),
                ":earliest": iso_day(d.earliest()),
                ":latest": iso_day(d.latest()),
                ":precision": d.precision().as_str(),
                ":approximate": d.approximate(),
                ":uncertain": d.uncertain(),
                ":ongoing": d.ongoing(),
                ":date_human": self.date_human,
                ":date_text": self.date_text,
                ":expected": self.expected,
                ":source": self.source,
                ":disputed": self.disputed,
                ":resolved": self.resolved,
                ":disputed_place": self.disputed_place,
            })?;
        Ok(())
    }
}

/// A day as the record stores it.
fn iso_day(x: Option<chrono::NaiveDate>) -> Option<String> {
    x.map(iso)
}
