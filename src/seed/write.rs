//! Writing checked articles within the seed's transaction. Each article's own statements go to
//! its rows (`sources`, `definitions`, `event_sources`, participants, figures, quotes); the
//! rows of `events`, `people`, `organisations` and `places` are then merged from every
//! article's statements by the rules of [`super::merge`], so they are the same whatever order
//! the articles were loaded in.

use std::collections::{BTreeSet, HashMap};

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension, Transaction};

use super::check::{Actor, Article};
use super::fts;
use super::load::stored_name;
use super::merge;
use super::reports::{self, Combined};
use crate::date::iso;
use crate::date::FuzzyDate;

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
            for row in stmt.query_map([src], |r| Ok((r.get(0)?, r.get(1)?)))? {
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
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (name, sql) in found {
                    // The name comes from the schema, not from input; quoted as an identifier.
                    tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
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

    /// One added or updated article: its row, its statements, its reports.
    pub(super) fn write(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        self.write_definitions(tx, a)?;
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
        tidy(tx, &self.events, &self.entities)?;
        for id in pruned {
            tx.prepare_cached(DELETE_SOURCE)?.execute([id])?;
        }
        self.search.finish(tx)?;
        Ok(())
    }

    /// The article's row and what it states of the people, organisations and places it lists.
    /// An id no other article lists is written as this article states it; any other is merged
    /// at the end.
    fn write_definitions(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        let src = &a.source.id;
        let published = iso(a.source.published);
        tx.prepare_cached(INSERT_SOURCE)?.execute(params![
            src,
            a.source.title,
            a.source.publisher,
            published,
            a.source.url,
            a.source.body,
            stored_name(&a.file),
            a.hash
        ])?;
        for o in &a.organisations {
            let (sql, parent) = if o.sole {
                (UPSERT_ORGANISATION, o.parent.as_deref())
            } else {
                self.entities.insert(("organisation".into(), o.id.clone()));
                (INSERT_ORGANISATION, None)
            };
            let name = o.name.as_deref().unwrap_or(&o.id);
            tx.prepare_cached(sql)?
                .execute(params![o.id, name, o.kind, parent, src])?;
            tx.prepare_cached(INSERT_DEFINITION)?.execute(params![
                "organisation",
                o.id,
                src,
                o.name,
                o.kind,
                o.parent
            ])?;
            for alias in &o.aliases {
                tx.prepare_cached(INSERT_ORGANISATION_ALIAS)?
                    .execute(params![o.id, alias, src])?;
            }
        }
        for p in &a.people {
            let sql = if p.sole {
                UPSERT_PERSON
            } else {
                self.entities.insert(("person".into(), p.id.clone()));
                INSERT_PERSON
            };
            let name = p.name.as_deref().unwrap_or(&p.id);
            tx.prepare_cached(sql)?.execute(params![p.id, name, src])?;
            tx.prepare_cached(INSERT_DEFINITION)?.execute(params![
                "person",
                p.id,
                src,
                p.name,
                None::<String>,
                None::<String>
            ])?;
            for alias in &p.aliases {
                tx.prepare_cached(INSERT_PERSON_ALIAS)?
                    .execute(params![p.id, alias, src])?;
            }
            for (title, org) in &p.roles {
                tx.prepare_cached(INSERT_PERSON_ROLE)?
                    .execute(params![p.id, title, org, src])?;
            }
        }
        for p in &a.places {
            let (sql, within) = if p.sole {
                (UPSERT_PLACE, p.within.as_deref())
            } else {
                self.entities.insert(("place".into(), p.id.clone()));
                (INSERT_PLACE, None)
            };
            let name = p.name.as_deref().unwrap_or(&p.id);
            tx.prepare_cached(sql)?
                .execute(params![p.id, name, within, src])?;
            tx.prepare_cached(INSERT_DEFINITION)?.execute(params![
                "place",
                p.id,
                src,
                p.name,
                None::<String>,
                p.within
            ])?;
            for alias in &p.aliases {
                tx.prepare_cached(INSERT_PLACE_ALIAS)?
                    .execute(params![p.id, alias, src])?;
            }
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
                tx.prepare_cached(UPSERT_EVENT)?
                    .execute(rusqlite::named_params! {
                        ":id": e.id,
                        ":kind": e.kind,
                        ":title": e.title,
                        ":summary": e.summary,
                        ":place": e.place,
                        ":date": d.to_string(),
                        ":earliest": day(d.earliest()),
                        ":latest": day(d.latest()),
                        ":precision": d.precision().as_str(),
                        ":approximate": d.approximate(),
                        ":uncertain": d.uncertain(),
                        ":ongoing": d.ongoing(),
                        ":date_human": d.human(),
                        ":date_text": e.date_text,
                        ":expected": e.expected,
                        ":source": src,
                        ":resolved": e.resolved,
                    })?;
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
                day(d.and_then(FuzzyDate::earliest)),
                day(d.and_then(FuzzyDate::latest)),
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
                f.value,
                f.low,
                f.high,
                f.qualifier.as_str(),
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
/// An id only this article lists, as it states it.
const UPSERT_PERSON: &str = "
    INSERT INTO people (id, name, source_id) VALUES (?1, ?2, ?3)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_id = excluded.source_id";
/// An id other articles list too: its row, if new, until it is merged at the end.
const INSERT_PERSON: &str =
    "INSERT INTO people (id, name, source_id) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING";
const INSERT_PERSON_ALIAS: &str =
    "INSERT OR IGNORE INTO person_aliases (person_id, alias, source_id) VALUES (?1, ?2, ?3)";
const INSERT_PERSON_ROLE: &str = "
    INSERT OR IGNORE INTO person_roles (person_id, title, organisation_id, source_id)
    VALUES (?1, ?2, ?3, ?4)";
const UPSERT_ORGANISATION: &str = "
    INSERT INTO organisations (id, name, kind, parent_id, source_id) VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
        parent_id = excluded.parent_id, source_id = excluded.source_id";
const INSERT_ORGANISATION: &str = "
    INSERT INTO organisations (id, name, kind, parent_id, source_id) VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (id) DO NOTHING";
const INSERT_ORGANISATION_ALIAS: &str = "
    INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, source_id)
    VALUES (?1, ?2, ?3)";
const UPSERT_PLACE: &str = "
    INSERT INTO places (id, name, within_id, source_id) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, within_id = excluded.within_id,
        source_id = excluded.source_id";
const INSERT_PLACE: &str = "
    INSERT INTO places (id, name, within_id, source_id) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (id) DO NOTHING";
const INSERT_PLACE_ALIAS: &str =
    "INSERT OR IGNORE INTO place_aliases (place_id, alias, source_id) VALUES (?1, ?2, ?3)";
/// An event only this article reports, as it gives it.
const UPSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, summary, place_id, date, earliest, latest, precision,
        approximate, uncertain, ongoing, date_human, date_text, expected, source_id,
        date_resolved, disputed)
    VALUES (:id, :kind, :title, :summary, :place, :date, :earliest, :latest, :precision,
        :approximate, :uncertain, :ongoing, :date_human, :date_text, :expected, :source,
        :resolved, 0)
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
/// A person, organisation or place that no article lists any longer goes.
const ORPHANS: [(&str, &str); 3] = [
    (
        "person",
        "DELETE FROM people WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'person' AND d.id = people.id)",
    ),
    (
        "organisation",
        "DELETE FROM organisations WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'organisation' AND d.id = organisations.id)",
    ),
    (
        "place",
        "DELETE FROM places WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'place' AND d.id = places.id)",
    ),
];
/// A figure or quote about an event that no article reports any longer.
const DANGLING_EVENT_REFERENCE: &str = "
    SELECT x.event_id, ifnull(s.seed_file, s.id) FROM (
        SELECT event_id, source_id FROM figures
        UNION ALL SELECT event_id, source_id FROM quotes WHERE event_id IS NOT NULL) x
    JOIN sources s ON s.id = x.source_id
    WHERE NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = x.event_id)
    LIMIT 1";
/// Events no article reports any longer (a changed or pruned article dropped them).
const DELETE_UNREPORTED_EVENTS: &str = "
    DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = events.id)";
/// What each article states of one person, organisation or place, oldest article first.
const DEFINITIONS_OF: &str = "
    SELECT d.name, d.org_kind, d.parent_id, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = ?1 AND d.id = ?2 ORDER BY s.published, s.id";
/// Only a row whose merged values change is written.
const UPDATE_PERSON: &str = "
    UPDATE people SET name = ?2, source_id = ?5
    WHERE id = ?1 AND (name IS NOT ?2 OR source_id IS NOT ?5)";
const UPDATE_ORGANISATION: &str = "
    UPDATE organisations SET name = ?2, kind = ?3, parent_id = ?4, source_id = ?5
    WHERE id = ?1 AND (name IS NOT ?2 OR kind IS NOT ?3 OR parent_id IS NOT ?4
        OR source_id IS NOT ?5)";
const UPDATE_PLACE: &str = "
    UPDATE places SET name = ?2, within_id = ?4, source_id = ?5
    WHERE id = ?1 AND (name IS NOT ?2 OR within_id IS NOT ?4 OR source_id IS NOT ?5)";
const PLACE_WITHIN: &str = "SELECT within_id FROM places WHERE id = ?1";
/// Every report of one event, oldest article first.
const EVENT_REPORTS: &str = "
    SELECT es.source_id, ifnull(s.seed_file, s.id), es.date, es.disputed, es.date_resolved,
        es.date_text, es.kind, es.title, es.summary, es.place_id, es.expected
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";
/// Only an event whose merged values change is written (and its date index entry with it).
const UPDATE_EVENT: &str = "
    UPDATE events SET kind = :kind, title = :title, summary = :summary, place_id = :place,
        date = :date, earliest = :earliest, latest = :latest,
        precision = :precision, approximate = :approximate, uncertain = :uncertain,
        ongoing = :ongoing, date_human = :date_human, date_text = :date_text,
        expected = :expected, source_id = :source, disputed = :disputed,
        date_resolved = :resolved
    WHERE id = :id AND (kind IS NOT :kind OR title IS NOT :title OR summary IS NOT :summary
        OR place_id IS NOT :place OR date IS NOT :date OR earliest IS NOT :earliest
        OR latest IS NOT :latest OR precision IS NOT :precision
        OR approximate IS NOT :approximate OR uncertain IS NOT :uncertain
        OR ongoing IS NOT :ongoing OR date_human IS NOT :date_human
        OR date_text IS NOT :date_text OR expected IS NOT :expected
        OR source_id IS NOT :source OR disputed IS NOT :disputed
        OR date_resolved IS NOT :resolved)";
const DELETE_SOURCE: &str = "DELETE FROM sources WHERE id = ?1";

/// An actor as the pair of columns (person id, organisation id) that store it.
fn split(actor: Option<&Actor>) -> (Option<&str>, Option<&str>) {
    match actor {
        Some(Actor::Person(id)) => (Some(id), None),
        Some(Actor::Organisation(id)) => (None, Some(id)),
        None => (None, None),
    }
}

fn day(x: Option<chrono::NaiveDate>) -> Option<String> {
    x.map(iso)
}

/// Remove what no article states any longer, and merge again what the changed articles state:
/// the `entities` (kind, id) and `events` they list or report.
fn tidy(
    tx: &Transaction,
    events: &BTreeSet<String>,
    entities: &BTreeSet<(String, String)>,
) -> Result<()> {
    let dangling: Option<(String, String)> = tx
        .query_row(DANGLING_EVENT_REFERENCE, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((event, file)) = dangling {
        anyhow::bail!(
            "event {event:?} would no longer be reported by any article, but {file} still \
             gives figures or quotes about it"
        );
    }
    tx.execute(DELETE_UNREPORTED_EVENTS, [])?;
    // Places first: an event's place is merged along their `within` links.
    for kind in ["place", "organisation", "person"] {
        for (_, id) in entities.iter().filter(|(k, _)| k == kind) {
            merge_entity(tx, kind, id)?;
        }
    }
    for id in events {
        merge_event(tx, id)?;
    }
    // Last, once nothing merged refers to them any longer.
    for (what, delete) in ORPHANS {
        tx.execute(delete, []).with_context(|| {
            format!(
                "a {what} that no article lists any longer is still referred to by a stored \
                 article; load that article again or prune it"
            )
        })?;
    }
    Ok(())
}

/// One person's, organisation's or place's row, from what every article listing it states.
fn merge_entity(tx: &Transaction, kind: &str, id: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(DEFINITIONS_OF)?;
    type Row = (
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let rows: Vec<Row> = stmt
        .query_map([kind, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Some((_, _, _, first, file)) = rows.first() else {
        return Ok(()); // No article lists it: removed above.
    };
    let name = rows
        .iter()
        .filter_map(|r| r.0.as_deref())
        .reduce(merge::preferred_name);
    let Some(name) = name else {
        anyhow::bail!(
            "{kind} {id:?} would have no name: no article that still lists it (such as {file}) \
             gives `name`"
        );
    };
    let org_kind = rows.iter().find_map(|r| r.1.as_deref());
    let parent = rows.iter().find_map(|r| r.2.as_deref());
    let sql = match kind {
        "person" => UPDATE_PERSON,
        "organisation" => UPDATE_ORGANISATION,
        _ => UPDATE_PLACE,
    };
    tx.prepare_cached(sql)?
        .execute(params![id, name, org_kind, parent, first])?;
    Ok(())
}

/// One report of an event as [`EVENT_REPORTS`] reads it.
struct Report {
    source: String,
    file: String,
    date: Option<FuzzyDate>,
    disputed: bool,
    resolved: bool,
    date_text: Option<String>,
    fields: [Option<String>; 3],
    place: Option<String>,
    expected: bool,
}

/// One event's row, from every report of it.
fn merge_event(tx: &Transaction, id: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(EVENT_REPORTS)?;
    let reports: Vec<Report> = stmt
        .query_map([id], |r| {
            let date: Option<String> = r.get(2)?;
            Ok(Report {
                source: r.get(0)?,
                file: r.get(1)?,
                date: date.and_then(|d| FuzzyDate::parse(&d).ok()),
                disputed: r.get(3)?,
                resolved: r.get(4)?,
                date_text: r.get(5)?,
                fields: [r.get(6)?, r.get(7)?, r.get(8)?],
                place: r.get(9)?,
                expected: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Some(first) = reports.first() else {
        return Ok(()); // No article reports it: removed above.
    };
    let field = |i: usize| reports.iter().find_map(|r| r.fields[i].clone());
    let (kind, title, summary) = (field(0), field(1), field(2));
    for (name, value) in [("kind", &kind), ("title", &title)] {
        if value.is_none() {
            anyhow::bail!(
                "event {id:?} would have no `{name}`: no article that still reports it (such as \
                 {}) gives one",
                first.file
            );
        }
    }
    let mut within: HashMap<String, Option<String>> = HashMap::new();
    for r in &reports {
        if let Some(p) = &r.place {
            let mut at = Some(p.clone());
            while let Some(x) = at.filter(|x| !within.contains_key(x)) {
                let parent: Option<String> = tx
                    .prepare_cached(PLACE_WITHIN)?
                    .query_row([&x], |r| r.get(0))
                    .optional()?
                    .flatten();
                within.insert(x, parent.clone());
                at = parent;
            }
        }
    }
    let parent = |x: &str| within.get(x).and_then(|p| p.as_deref());
    let mut place: Option<&str> = None;
    for p in reports.iter().filter_map(|r| r.place.as_deref()) {
        place = Some(match place {
            None => p,
            Some(m) => merge::narrower(p, m, parent, 64).with_context(|| {
                format!("the reports of event {id:?} give places {m:?} and {p:?}, neither within the other")
            })?,
        });
    }
    let dates: Vec<(Option<FuzzyDate>, bool)> =
        reports.iter().map(|r| (r.date, r.disputed)).collect();
    let combined = match reports::combine(&dates) {
        Ok(Some(c)) => c,
        Ok(None) => anyhow::bail!(
            "event {id:?} would have no date: no article that still reports it (such as {}) \
             gives one",
            first.file
        ),
        Err(_) => anyhow::bail!("the reports of event {id:?} give dates that no day fits"),
    };
    let resolved = reports
        .iter()
        .filter(|r| r.date.is_some())
        .all(|r| r.resolved);
    // The words shown with the date are those of the oldest report whose date is the event's.
    let date_text = match &combined {
        Combined::Agreed(d) => reports
            .iter()
            .find(|r| r.date.as_ref() == Some(d) && r.date_text.is_some())
            .and_then(|r| r.date_text.clone()),
        Combined::Disputed { .. } => None,
    };
    let d = combined.date();
    tx.prepare_cached(UPDATE_EVENT)?
        .execute(rusqlite::named_params! {
            ":id": id,
            ":kind": kind,
            ":title": title,
            ":summary": summary,
            ":place": place,
            ":date": d.to_string(),
            ":earliest": day(d.earliest()),
            ":latest": day(d.latest()),
            ":precision": d.precision().as_str(),
            ":approximate": d.approximate(),
            ":uncertain": d.uncertain(),
            ":ongoing": d.ongoing(),
            ":date_human": combined.human(),
            ":date_text": date_text,
            ":expected": reports.iter().any(|r| r.expected),
            ":source": first.source,
            ":disputed": combined.disputed(),
            ":resolved": resolved,
        })?;
    Ok(())
}
