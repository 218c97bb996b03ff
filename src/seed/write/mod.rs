//! Writing checked articles within the seed's transaction. Each article's own statements go to
//! its rows (`sources`, `definitions`, `event_sources`, participants, figures, quotes); the
//! rows of `events`, `people`, `organisations` and `places` are then merged from every
//! article's statements by the rules of [`super::merge`] (`tidy`), so they are the same
//! whatever order the articles were loaded in.

mod tidy;

use std::collections::BTreeSet;

use anyhow::Result;
use rusqlite::{params, Transaction};

use super::article::{Actor, Article};
use super::fts;
use super::merge::MergedEvent;
use crate::date::{iso, FuzzyDate};
use crate::db::quote_identifier;

/// Writes checked articles within the seed's transaction, from [`Writer::begin`] (before the
/// first article) to [`Writer::finish`] (after the last).
pub(super) struct Writer {
    /// Events whose reports changed: merged again from all their reports at the end.
    events: BTreeSet<String>,
    /// People, organisations and places whose definitions changed, as (kind, id).
    entities: BTreeSet<(String, String)>,
    search: fts::Deferred,
    /// The secondary indexes and full-text triggers set aside for a bulk load, as the
    /// statements that create them again.
    set_aside: Vec<String>,
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
        let mut events = BTreeSet::new();
        let mut entities = BTreeSet::new();
        for src in replaced {
            let mut stmt = tx.prepare_cached(EVENTS_REPORTED_BY)?;
            for id in stmt.query_map([src], |r| r.get::<_, String>(0))? {
                events.insert(id?);
            }
            let mut stmt = tx.prepare_cached(ENTITIES_DEFINED_BY)?;
            for row in stmt.query_map([src], |r| Ok((r.get("kind")?, r.get("id")?)))? {
                entities.insert(row?);
            }
        }
        // Only the events the replaced articles reported can change or go; new ones are added.
        let mut search = fts::Deferred::begin(
            tx,
            events.iter().map(String::as_str),
            replaced.iter().copied(),
        )?;
        for src in replaced {
            for sql in DELETE_SOURCE_FACTS {
                tx.prepare_cached(sql)?.execute([src])?;
            }
        }
        search.mark(tx)?;
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let mut set_aside = Vec::new();
        if bulk {
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
        }
        Ok(Writer {
            events,
            entities,
            search,
            set_aside,
        })
    }

    /// One added or updated article, from the seed file stored as `seed_file`
    /// ([`super::files::StoredNames`]): its row, its statements, its reports.
    pub(super) fn write(&mut self, tx: &Transaction, a: &Article, seed_file: &str) -> Result<()> {
        self.write_definitions(tx, a, seed_file)?;
        self.write_reports(tx, a)?;
        Ok(())
    }

    /// After the last article: what no article states any longer goes, what several articles
    /// state is merged, the `pruned` articles are removed, the full-text index is brought up to
    /// date.
    pub(super) fn finish<'a>(
        self,
        tx: &Transaction,
        pruned: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        // From here a broken reference fails the statement that makes it, with its message.
        tx.pragma_update(None, "defer_foreign_keys", false)?;
        for sql in &self.set_aside {
            tx.execute_batch(sql)?;
        }
        tidy::tidy(tx, &self.events, &self.entities)?;
        for id in pruned {
            tx.prepare_cached(DELETE_SOURCE)?.execute([id])?;
        }
        self.search.finish(tx, &self.entities)?;
        Ok(())
    }

    /// The article's row and what it states of the people, organisations and places it lists.
    /// An id no other article lists is written as this article states it; any other is merged
    /// at the end.
    fn write_definitions(&mut self, tx: &Transaction, a: &Article, seed_file: &str) -> Result<()> {
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
                let (sql, parent) = if e.sole {
                    (kind.upsert, e.parent.as_deref())
                } else {
                    self.entities.insert((kind.name.into(), e.id.clone()));
                    (kind.insert, None)
                };
                let name = e.name.as_deref().unwrap_or(&e.id);
                tx.prepare_cached(sql)?
                    .execute(params![e.id, name, e.org_kind, parent, src])?;
                tx.prepare_cached(INSERT_DEFINITION)?
                    .execute(params![kind.name, e.id, src, e.name, e.org_kind, e.parent])?;
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
    /// its figures and quotes. An event no other article reports is written as this article
    /// gives it; any other is merged from all its reports at the end.
    fn write_reports(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        let src = &a.source.id;
        for e in &a.events {
            let d = e.date.as_ref();
            if e.sole {
                let Some(d) = d else {
                    anyhow::bail!("event {:?} has no date", e.id);
                };
                let row = EventRow {
                    id: &e.id,
                    kind: e.kind.as_deref(),
                    title: e.title.as_deref(),
                    summary: e.summary.as_deref(),
                    place: e.place.as_deref(),
                    date: *d,
                    date_human: d.human(),
                    date_text: e.date_text.as_deref(),
                    expected: e.expected,
                    source: src,
                    disputed: false,
                    resolved: e.resolved,
                };
                row.store(tx, UPSERT_EVENT)?;
            } else {
                // Filled in from every report at the end.
                let added = tx
                    .prepare_cached(INSERT_EVENT_PLACEHOLDER)?
                    .execute(params![e.id, src])?;
                if added == 0 {
                    self.search.touch(tx, &e.id)?;
                }
                self.events.insert(e.id.clone());
            }
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
/// An event only this article reports, as it gives it.
const UPSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, summary, place_id, date, earliest, latest, precision,
        approximate, uncertain, ongoing, date_human, date_text, expected, source_id,
        date_resolved, disputed)
    VALUES (:id, :kind, :title, :summary, :place, :date, :earliest, :latest, :precision,
        :approximate, :uncertain, :ongoing, :date_human, :date_text, :expected, :source,
        :resolved, :disputed)
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, summary = excluded.summary,
        place_id = excluded.place_id, date = excluded.date, earliest = excluded.earliest,
        latest = excluded.latest, precision = excluded.precision,
        approximate = excluded.approximate, uncertain = excluded.uncertain,
        ongoing = excluded.ongoing, date_human = excluded.date_human,
        date_text = excluded.date_text, expected = excluded.expected,
        source_id = excluded.source_id, date_resolved = excluded.date_resolved,
        disputed = excluded.disputed";
/// An event several articles report, if new: a row to merge their reports into at the end.
const INSERT_EVENT_PLACEHOLDER: &str = "
    INSERT INTO events (id, kind, title, date, precision, date_human, source_id)
    VALUES (?1, '?', '?', '..', 'day', '?', ?2)
    ON CONFLICT (id) DO NOTHING";
const INSERT_EVENT_SOURCE: &str = "
    INSERT INTO event_sources (event_id, source_id, date, date_text, earliest, latest,
        date_resolved, disputed, kind, title, summary, place_id, expected)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const INSERT_DEFINITION: &str = "
    INSERT OR IGNORE INTO definitions (kind, id, source_id, name, org_kind, parent_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
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
const ENTITIES_DEFINED_BY: &str = "SELECT kind, id FROM definitions WHERE source_id = ?1";
const DELETE_SOURCE: &str = "DELETE FROM sources WHERE id = ?1";

/// An actor as the pair of columns (person id, organisation id) that store it.
fn split(actor: Option<&Actor>) -> (Option<&str>, Option<&str>) {
    match actor {
        Some(Actor::Person(id)) => (Some(id), None),
        Some(Actor::Organisation(id)) => (None, Some(id)),
        None => (None, None),
    }
}

/// An event's row as `events` stores it, written by [`UPSERT_EVENT`] (an event one article
/// reports) or `tidy`'s update (an event merged from several reports).
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
        }
    }

    /// Run `sql`, which names every column as a parameter (`:id`, `:date`, ...).
    fn store(&self, tx: &Transaction, sql: &str) -> Result<()> {
        let d = &self.date;
        tx.prepare_cached(sql)?.execute(rusqlite::named_params! {
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
        })?;
        Ok(())
    }
}

/// A day as the record stores it.
fn iso_day(x: Option<chrono::NaiveDate>) -> Option<String> {
    x.map(iso)
}
