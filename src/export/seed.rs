//! The lossless export: the whole record written back as seed files, one per article, with each
//! article's text beside it, so that seeding the folder into a new database rebuilds the same
//! record. Each file holds what its article stated: the people, organisations and places it
//! defines (with the aliases and roles it gave), the events it defines or reports (with the date
//! and words it gave, and whether it disputed the date), participants, figures and quotes.
//!
//! Reading ([`articles`]) is separate from writing ([`write_folder`]). Files are numbered by
//! publication date and article id, for people to read in order; the record they rebuild does not
//! depend on the order they are loaded in.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Serialize;

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

#[derive(Debug, Serialize)]
struct FileOut {
    source: SourceOut,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    people: Vec<PersonOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organisations: Vec<OrganisationOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    places: Vec<PlaceOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<EventOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    figures: Vec<FigureOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quotes: Vec<QuoteOut>,
}

#[derive(Debug, Serialize)]
struct SourceOut {
    id: String,
    title: String,
    publisher: String,
    published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Debug, Serialize)]
struct PersonOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<RoleOut>,
}

#[derive(Debug, Serialize)]
struct RoleOut {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<String>,
}

#[derive(Debug, Serialize)]
struct OrganisationOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
}

#[derive(Debug, Serialize)]
struct PlaceOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    within: Option<String>,
}

#[derive(Debug, Serialize)]
struct EventOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    expected: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    disputed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    participants: Vec<ParticipantOut>,
}

#[derive(Debug, Serialize)]
struct ParticipantOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
}

/// A figure's number as stored: an integer stays an integer, a real a real.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
enum NumberOut {
    Int(i64),
    Real(f64),
}

#[derive(Debug, Serialize)]
struct FigureOut {
    event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<NumberOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<NumberOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<NumberOut>,
    #[serde(skip_serializing_if = "is_exact")]
    qualifier: String,
    unit: String,
    measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part_of: Option<String>,
}

fn is_exact(q: &str) -> bool {
    q == "exact"
}

const SOURCES: &str = "
    SELECT id, title, publisher, published, url, body FROM sources ORDER BY published, id";
/// What the article itself states of each person, organisation and place it lists: never what
/// another article added.
const PEOPLE_OF: &str = "
    SELECT id, name FROM definitions WHERE kind = 'person' AND source_id = ?1 ORDER BY rowid";
const PERSON_ALIASES: &str =
    "SELECT alias FROM person_aliases WHERE person_id = ?1 AND source_id = ?2 ORDER BY rowid";
const PERSON_ROLES: &str = "
    SELECT title, organisation_id FROM person_roles WHERE person_id = ?1 AND source_id = ?2
    ORDER BY id";
const ORGANISATIONS_OF: &str = "
    SELECT id, name, org_kind, parent_id FROM definitions
    WHERE kind = 'organisation' AND source_id = ?1 ORDER BY rowid";
const ORGANISATION_ALIASES: &str = "
    SELECT alias FROM organisation_aliases WHERE organisation_id = ?1 AND source_id = ?2
    ORDER BY rowid";
const PLACES_OF: &str = "
    SELECT id, name, parent_id FROM definitions
    WHERE kind = 'place' AND source_id = ?1 ORDER BY rowid";
const PLACE_ALIASES: &str =
    "SELECT alias FROM place_aliases WHERE place_id = ?1 AND source_id = ?2 ORDER BY rowid";
/// The article's reports, with what it states of each event.
const REPORTS_OF: &str = "
    SELECT es.event_id, es.date, es.date_text, es.date_resolved, es.disputed,
           es.kind, es.title, es.summary, es.place_id, es.expected
    FROM event_sources es
    WHERE es.source_id = ?1 ORDER BY es.rowid";
const PARTICIPANTS_OF: &str = "
    SELECT coalesce(person_id, organisation_id), role FROM event_participants
    WHERE event_id = ?1 AND source_id = ?2 ORDER BY id";
const FIGURES_OF: &str = "
    SELECT event_id, value, low, high, qualifier, unit, measure,
           coalesce(about_person_id, about_organisation_id),
           coalesce(claimed_by_person_id, claimed_by_organisation_id), text, key, part_of
    FROM figures WHERE source_id = ?1 ORDER BY id";
const QUOTES_OF: &str = "
    SELECT coalesce(speaker_person_id, speaker_organisation_id), event_id, text FROM quotes
    WHERE source_id = ?1 ORDER BY id";

/// Every article in the database as a seed file, in the order they are to be loaded.
pub fn articles(conn: &Connection) -> Result<Vec<SeedExport>> {
    let mut stmt = conn.prepare(SOURCES)?;
    let sources: Vec<SourceRow> = stmt
        .query_map([], |r| {
            Ok(SourceRow {
                id: r.get(0)?,
                title: r.get(1)?,
                publisher: r.get(2)?,
                published: r.get(3)?,
                url: r.get(4)?,
                body: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let width = sources.len().to_string().len().max(4);
    let mut out = Vec::with_capacity(sources.len());
    for (n, s) in sources.iter().enumerate() {
        let stem = format!("{:0width$}-{}", n + 1, s.id);
        let body = s.body.clone().map(|b| (format!("{stem}.txt"), b));
        let file = article(conn, s, body.as_ref().map(|(name, _)| name.clone()))
            .with_context(|| format!("exporting source {:?}", s.id))?;
        let toml = toml::to_string_pretty(&file)
            .with_context(|| format!("writing source {:?} as TOML", s.id))?;
        out.push(SeedExport {
            source_id: s.id.clone(),
            file_name: format!("{stem}.toml"),
            toml,
            body,
        });
    }
    Ok(out)
}

/// id, name, kind, parent, as the article states them.
type OrganisationRow = (String, Option<String>, Option<String>, Option<String>);

struct SourceRow {
    id: String,
    title: String,
    publisher: String,
    published: String,
    url: Option<String>,
    body: Option<String>,
}

fn strings(conn: &Connection, sql: &str, a: &str, b: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([a, b], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn number(v: Value) -> Result<Option<NumberOut>> {
    match v {
        Value::Null => Ok(None),
        Value::Integer(i) => Ok(Some(NumberOut::Int(i))),
        Value::Real(f) => Ok(Some(NumberOut::Real(f))),
        other => bail!("a figure holds {other:?}, not a number"),
    }
}

/// One article's seed file.
fn article(conn: &Connection, s: &SourceRow, text: Option<String>) -> Result<FileOut> {
    let src = s.id.as_str();
    let mut people = Vec::new();
    let mut stmt = conn.prepare_cached(PEOPLE_OF)?;
    let rows: Vec<(String, Option<String>)> = stmt
        .query_map([src], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name) in rows {
        let mut stmt = conn.prepare_cached(PERSON_ROLES)?;
        let roles = stmt
            .query_map([&id, src], |r| {
                Ok(RoleOut {
                    title: r.get(0)?,
                    organisation: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        people.push(PersonOut {
            aliases: strings(conn, PERSON_ALIASES, &id, src)?,
            roles,
            id,
            name,
        });
    }

    let mut organisations = Vec::new();
    let mut stmt = conn.prepare_cached(ORGANISATIONS_OF)?;
    let rows: Vec<OrganisationRow> = stmt
        .query_map([src], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name, kind, parent) in rows {
        organisations.push(OrganisationOut {
            aliases: strings(conn, ORGANISATION_ALIASES, &id, src)?,
            kind,
            parent,
            id,
            name,
        });
    }

    let mut places = Vec::new();
    let mut stmt = conn.prepare_cached(PLACES_OF)?;
    let rows: Vec<(String, Option<String>, Option<String>)> = stmt
        .query_map([src], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name, within) in rows {
        places.push(PlaceOut {
            aliases: strings(conn, PLACE_ALIASES, &id, src)?,
            id,
            name,
            within,
        });
    }

    let mut events = Vec::new();
    let mut stmt = conn.prepare_cached(REPORTS_OF)?;
    let rows: Vec<ReportRow> = stmt
        .query_map([src], |r| {
            Ok(ReportRow {
                id: r.get(0)?,
                date: r.get(1)?,
                date_text: r.get(2)?,
                resolved: r.get(3)?,
                disputed: r.get(4)?,
                kind: r.get(5)?,
                title: r.get(6)?,
                summary: r.get(7)?,
                place: r.get(8)?,
                expected: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for e in rows {
        let mut stmt = conn.prepare_cached(PARTICIPANTS_OF)?;
        let participants = stmt
            .query_map([&e.id, src], |r| {
                Ok(ParticipantOut {
                    id: r.get(0)?,
                    role: r.get(1)?,
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
        events.push(EventOut {
            id: e.id,
            date,
            date_text: e.date_text,
            kind: e.kind,
            title: e.title,
            summary: e.summary,
            place: e.place,
            expected: e.expected,
            disputed: e.disputed,
            participants,
        });
    }

    let mut stmt = conn.prepare_cached(FIGURES_OF)?;
    let rows: Vec<(String, Value, Value, Value, FigureRest)> = stmt
        .query_map([src], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                FigureRest {
                    qualifier: r.get(4)?,
                    unit: r.get(5)?,
                    measure: r.get(6)?,
                    about: r.get(7)?,
                    claimed_by: r.get(8)?,
                    text: r.get(9)?,
                    key: r.get(10)?,
                    part_of: r.get(11)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut figures = Vec::new();
    for (event, value, low, high, rest) in rows {
        figures.push(FigureOut {
            event,
            value: number(value)?,
            low: number(low)?,
            high: number(high)?,
            qualifier: rest.qualifier,
            unit: rest.unit,
            measure: rest.measure,
            about: rest.about,
            claimed_by: rest.claimed_by,
            text: rest.text,
            key: rest.key,
            part_of: rest.part_of,
        });
    }

    let mut stmt = conn.prepare_cached(QUOTES_OF)?;
    let quotes = stmt
        .query_map([src], |r| {
            Ok(QuoteOut {
                speaker: r.get(0)?,
                event: r.get(1)?,
                text: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    Ok(FileOut {
        source: SourceOut {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            published: s.published.clone(),
            url: s.url.clone(),
            text,
        },
        people,
        organisations,
        places,
        events,
        figures,
        quotes,
    })
}

#[derive(Debug, Serialize)]
struct QuoteOut {
    speaker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<String>,
    text: String,
}

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

struct FigureRest {
    qualifier: String,
    unit: String,
    measure: String,
    about: Option<String>,
    claimed_by: Option<String>,
    text: Option<String>,
    key: Option<String>,
    part_of: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_type() {
        #[derive(Serialize)]
        struct T {
            a: NumberOut,
            b: NumberOut,
        }
        let t = toml::to_string(&T {
            a: NumberOut::Int(500),
            b: NumberOut::Real(500.0),
        })
        .unwrap();
        assert_eq!(t, "a = 500\nb = 500.0\n");
    }
}
