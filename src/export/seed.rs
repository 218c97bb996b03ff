//! The lossless export: the whole record written back as seed files, one per article, with each
//! article's text beside it, so that seeding the folder into a new database rebuilds the same
//! record. Each file holds what its article stated: the people, organisations and places it
//! defines (with the aliases and roles it gave), the events it defines or reports (with the date
//! and words it gave, and whether it disputed the date), participants, figures and quotes.
//!
//! The files' shapes are the ones seed files are read into ([`crate::seed::model`]). Reading
//! ([`articles`]) is separate from writing ([`write_folder`]). Files are numbered by
//! publication date and article id, for people to read in order; the record they rebuild does not
//! depend on the order they are loaded in.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Deserialize;
use toml::Spanned;

use crate::db;
use crate::seed::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use crate::seed::model::{
    given, to_toml, EventDef, FigureDef, Number, OrganisationDef, ParticipantDef, PersonDef,
    PlaceDef, Qualifier, QuoteDef, RoleDef, SeedFile, SourceDef,
};

/// One seed file to write: its name, its TOML, and the article's text when there is one.
#[derive(Debug, Clone)]
pub struct SeedExport {
    pub source_id: String,
    /// `0001-<source id>.toml`.
    pub file_name: String,
    pub toml: String,
    /// (file name, text) of the article's text.
    pub body: Option<(String, String)>,
}

const SOURCES: &str = "
    SELECT id, title, publisher, published, url, body FROM sources ORDER BY published, id";
/// What the article itself states of each person, organisation and place it lists: never what
/// another article added.
const DEFINITIONS_OF: &str = "
    SELECT id, name, org_kind, parent_id AS parent, wikidata, geonames, latitude, longitude,
        radius_km, west, south, east, north
    FROM definitions
    WHERE kind = ?1 AND source_id = ?2 ORDER BY rowid";
const PERSON_ROLES: &str = "
    SELECT title, organisation_id FROM person_roles WHERE person_id = ?1 AND source_id = ?2
    ORDER BY id";
/// The article's reports, with what it states of each event.
const REPORTS_OF: &str = "
    SELECT es.event_id AS id, es.date, es.date_text, es.date_resolved AS resolved, es.disputed,
           es.kind, es.title, es.summary, es.place_id AS place, es.expected
    FROM event_sources es
    WHERE es.source_id = ?1 ORDER BY es.rowid";
const PARTICIPANTS_OF: &str = "
    SELECT coalesce(person_id, organisation_id) AS participant, role FROM event_participants
    WHERE event_id = ?1 AND source_id = ?2 ORDER BY id";
const FIGURES_OF: &str = "
    SELECT event_id, value, low, high, qualifier, unit, measure,
           coalesce(about_person_id, about_organisation_id) AS about,
           coalesce(claimed_by_person_id, claimed_by_organisation_id) AS claimed_by, text, key,
           part_of
    FROM figures WHERE source_id = ?1 ORDER BY id";
const QUOTES_OF: &str = "
    SELECT coalesce(speaker_person_id, speaker_organisation_id) AS speaker, event_id, text
    FROM quotes
    WHERE source_id = ?1 ORDER BY id";

/// Every article in the database as a seed file, in the order they are to be loaded.
pub fn articles(conn: &Connection) -> Result<Vec<SeedExport>> {
    let sources: Vec<SourceRow> = db::rows(conn, SOURCES, [])?;
    let width = sources.len().to_string().len().max(4);
    let mut out = Vec::with_capacity(sources.len());
    for (n, s) in sources.iter().enumerate() {
        let stem = format!("{:0width$}-{}", n + 1, s.id);
        let body = s.body.clone().map(|b| (format!("{stem}.txt"), b));
        let file = seed_file_of(conn, s, body.as_ref().map(|(name, _)| name.clone()))
            .with_context(|| format!("exporting source {:?}", s.id))?;
        let toml = to_toml(&file).with_context(|| format!("writing source {:?} as TOML", s.id))?;
        out.push(SeedExport {
            source_id: s.id.clone(),
            file_name: format!("{stem}.toml"),
            toml,
            body,
        });
    }
    Ok(out)
}

/// What an article states of one person, organisation or place it lists.
#[derive(Deserialize)]
struct DefinitionRow {
    id: String,
    name: Option<String>,
    org_kind: Option<String>,
    parent: Option<String>,
    wikidata: Option<String>,
    geonames: Option<i64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    radius_km: Option<f64>,
    west: Option<f64>,
    south: Option<f64>,
    east: Option<f64>,
    north: Option<f64>,
}

/// What the article `src` states of each thing of `kind` it lists, in the order it lists them.
fn definitions(conn: &Connection, kind: &EntityKind, src: &str) -> Result<Vec<DefinitionRow>> {
    db::rows(conn, DEFINITIONS_OF, [kind.name, src])
}

#[derive(Deserialize)]
struct SourceRow {
    id: String,
    title: String,
    publisher: String,
    published: String,
    url: Option<String>,
    body: Option<String>,
}

/// The strings `sql` gives for `a` and `b`, each as a value of a seed file.
fn strings(conn: &Connection, sql: &str, a: &str, b: &str) -> Result<Vec<Spanned<String>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([a, b], |r| r.get(0).map(given))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn number(v: Value) -> Result<Option<Spanned<Number>>> {
    match v {
        Value::Null => Ok(None),
        Value::Integer(i) => Ok(Some(given(Number::Int(i)))),
        Value::Real(f) => Ok(Some(given(Number::Float(f)))),
        other => bail!("a figure holds {other:?}, not a number"),
    }
}

/// One article's seed file.
fn seed_file_of(conn: &Connection, s: &SourceRow, text: Option<String>) -> Result<SeedFile> {
    let src = s.id.as_str();
    Ok(SeedFile {
        source: SourceDef {
            id: Some(given(s.id.clone())),
            title: given(s.title.clone()),
            publisher: given(s.publisher.clone()),
            published: given(s.published.clone()),
            url: s.url.clone().map(given),
            text: text.map(given),
        },
        people: people_of(conn, src)?,
        organisations: organisations_of(conn, src)?,
        places: places_of(conn, src)?,
        events: events_of(conn, src)?,
        figures: figures_of(conn, src)?,
        quotes: quotes_of(conn, src)?,
    })
}

/// The people the article `src` lists, with the aliases and roles it gives them.
fn people_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<PersonDef>>> {
    let mut people = Vec::new();
    for DefinitionRow {
        id, name, wikidata, ..
    } in definitions(conn, &PERSON, src)?
    {
        let mut stmt = conn.prepare_cached(PERSON_ROLES)?;
        let roles = stmt
            .query_map([&id, src], |r| {
                Ok(RoleDef {
                    title: given(r.get("title")?),
                    organisation: r.get::<_, Option<String>>("organisation_id")?.map(given),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        people.push(given(PersonDef {
            aliases: strings(conn, PERSON.aliases_of, &id, src)?,
            roles,
            id: given(id),
            name: name.map(given),
            wikidata: wikidata.map(given),
        }));
    }
    Ok(people)
}

/// The organisations the article `src` lists, with what it states of each.
fn organisations_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<OrganisationDef>>> {
    let mut organisations = Vec::new();
    for d in definitions(conn, &ORGANISATION, src)? {
        organisations.push(given(OrganisationDef {
            aliases: strings(conn, ORGANISATION.aliases_of, &d.id, src)?,
            kind: d.org_kind.map(given),
            parent: d.parent.map(given),
            wikidata: d.wikidata.map(given),
            id: given(d.id),
            name: d.name.map(given),
        }));
    }
    Ok(organisations)
}

/// The places the article `src` lists, with what it states of each.
fn places_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<PlaceDef>>> {
    let mut places = Vec::new();
    for d in definitions(conn, &PLACE, src)? {
        let bbox = match (d.west, d.south, d.east, d.north) {
            (Some(w), Some(s), Some(e), Some(n)) => Some(given(vec![w, s, e, n])),
            _ => None,
        };
        places.push(given(PlaceDef {
            aliases: strings(conn, PLACE.aliases_of, &d.id, src)?,
            id: given(d.id),
            name: d.name.map(given),
            within: d.parent.map(given),
            latitude: d.latitude.map(given),
            longitude: d.longitude.map(given),
            radius_km: d.radius_km.map(given),
            bbox,
            wikidata: d.wikidata.map(given),
            geonames: d.geonames.map(given),
        }));
    }
    Ok(places)
}

/// The events the article `src` reports, with what it states of each and their participants.
fn events_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<EventDef>>> {
    let mut events = Vec::new();
    let rows: Vec<ReportRow> = db::rows(conn, REPORTS_OF, [src])?;
    for e in rows {
        let mut stmt = conn.prepare_cached(PARTICIPANTS_OF)?;
        let participants = stmt
            .query_map([&e.id, src], |r| {
                Ok(ParticipantDef {
                    id: given(r.get("participant")?),
                    role: r.get("role")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // A date worked out from the article's words is written as those words alone: seeding
        // resolves them against the same publication date to the same date, and the record
        // keeps knowing that the date was inferred rather than stated.
        let date = if e.resolved && e.date_text.is_some() {
            None
        } else {
            e.date
        };
        events.push(given(EventDef {
            id: given(e.id),
            date: date.map(given),
            date_text: e.date_text.map(given),
            kind: e.kind.map(given),
            title: e.title.map(given),
            summary: e.summary.map(given),
            place: e.place.map(given),
            participants,
            expected: e.expected,
            disputed: e.disputed,
        }));
    }
    Ok(events)
}

/// The figures the article `src` gives.
fn figures_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<FigureDef>>> {
    let mut stmt = conn.prepare_cached(FIGURES_OF)?;
    let rows: Vec<FigureRow> = stmt
        .query_map([src], FigureRow::read)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(FigureRow::def).collect()
}

/// The quotes the article `src` gives.
fn quotes_of(conn: &Connection, src: &str) -> Result<Vec<Spanned<QuoteDef>>> {
    let mut stmt = conn.prepare_cached(QUOTES_OF)?;
    let quotes = stmt
        .query_map([src], |r| {
            Ok(given(QuoteDef {
                speaker: given(r.get("speaker")?),
                event: r.get::<_, Option<String>>("event_id")?.map(given),
                text: given(r.get("text")?),
            }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(quotes)
}

#[derive(Deserialize)]
struct ReportRow {
    id: String,
    date: Option<String>,
    date_text: Option<String>,
    resolved: bool,
    disputed: bool,
    kind: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    place: Option<String>,
    expected: bool,
}

/// A figure as [`FIGURES_OF`] gives it: its numbers as SQLite holds them (whole or not).
struct FigureRow {
    event: String,
    value: Value,
    low: Value,
    high: Value,
    qualifier: String,
    unit: String,
    measure: String,
    about: Option<String>,
    claimed_by: Option<String>,
    text: Option<String>,
    key: Option<String>,
    part_of: Option<String>,
}

impl FigureRow {
    fn read(r: &rusqlite::Row) -> rusqlite::Result<FigureRow> {
        Ok(FigureRow {
            event: r.get("event_id")?,
            value: r.get("value")?,
            low: r.get("low")?,
            high: r.get("high")?,
            qualifier: r.get("qualifier")?,
            unit: r.get("unit")?,
            measure: r.get("measure")?,
            about: r.get("about")?,
            claimed_by: r.get("claimed_by")?,
            text: r.get("text")?,
            key: r.get("key")?,
            part_of: r.get("part_of")?,
        })
    }

    /// The figure as a seed file states it; an error for a value the seed format cannot hold.
    fn def(self) -> Result<Spanned<FigureDef>> {
        let Some(qualifier) = Qualifier::named(&self.qualifier) else {
            bail!(
                "a figure holds the qualifier {:?}, which the seed format does not have",
                self.qualifier
            );
        };
        Ok(given(FigureDef {
            event: given(self.event),
            value: number(self.value)?,
            low: number(self.low)?,
            high: number(self.high)?,
            qualifier,
            unit: given(self.unit),
            measure: given(self.measure),
            about: self.about.map(given),
            claimed_by: self.claimed_by.map(given),
            text: self.text.map(given),
            key: self.key.map(given),
            part_of: self.part_of.map(given),
        }))
    }
}

/// Write `files` into `dir`, which must not exist or be empty. Everything is written into a new
/// folder beside it first and moved into place at the end, so a failure leaves no partial export.
pub fn write_folder(files: &[SeedExport], dir: &Path) -> Result<()> {
    let existing = match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "--out {} is not empty: a seed export is a whole record, so it is written \
                     only into a new or empty folder (files left from another export would be \
                     seeded with it)",
                    dir.display()
                );
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => bail!("--out {}: cannot use it as a folder: {e}", dir.display()),
    };
    let Some(name) = dir.file_name() else {
        bail!("--out {}: name a folder", dir.display());
    };
    let mut partial = name.to_os_string();
    partial.push(format!(".partial-{}", std::process::id()));
    let tmp: PathBuf = dir.with_file_name(partial);
    fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let written = (|| -> Result<()> {
        for f in files {
            let p = tmp.join(&f.file_name);
            fs::write(&p, &f.toml).with_context(|| format!("cannot write {}", p.display()))?;
            if let Some((name, text)) = &f.body {
                let p = tmp.join(name);
                fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?;
            }
        }
        if existing {
            fs::remove_dir(dir).with_context(|| format!("cannot replace {}", dir.display()))?;
        }
        fs::rename(&tmp, dir).with_context(|| format!("cannot create {}", dir.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    written
}
