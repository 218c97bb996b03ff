//! Reading seed files from disk and writing checked articles to the database in one transaction.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::check::{self, Actor, Article, Known, KnownEntity, Parsed};
use super::error::{SeedError, SeedErrors};
use super::model::SeedFile;
use super::progress::Progress;

/// The largest seed file or article text read; anything bigger is refused unread.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What happened to one seed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Updated,
    Unchanged,
}

/// One seed file's outcome and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: PathBuf,
    pub source: String,
    pub status: Status,
    pub events: usize,
    pub people: usize,
    pub organisations: usize,
    pub places: usize,
    pub figures: usize,
    pub quotes: usize,
}

/// The outcome of a seed run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: Vec<FileSummary>,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }
}

/// The seed files named by `paths`: files as given, folders as their `*.toml` files; all in
/// file-name order.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SeedErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = match fs::read_dir(path) {
                Ok(entries) => entries,
                Err(e) => {
                    errors.push(SeedError::file(path, format!("cannot read folder: {e}")));
                    continue;
                }
            };
            let before = files.len();
            for entry in entries.flatten() {
                let p = entry.path();
                if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            if files.len() == before {
                errors.push(SeedError::file(
                    path,
                    "no seed files (*.toml) in this folder",
                ));
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            errors.push(SeedError::file(path, "no such file or folder"));
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()).then_with(|| a.cmp(b)));
    files.dedup();
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(SeedErrors(errors))
    }
}

/// Parse a seed file's text. Pure: the path is only for messages.
pub fn parse(path: &Path, text: &str) -> Result<SeedFile, SeedError> {
    if text.trim().is_empty() {
        return Err(SeedError::file(
            path,
            "the file is empty: a seed file needs a [source] table",
        ));
    }
    toml::from_str::<SeedFile>(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => SeedError::at(path, text, span, message),
            None => SeedError::file(path, message),
        }
    })
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} MB; files over {} MB are refused",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    fs::read(path).map_err(|e| e.to_string())
}

/// Read and parse one seed file and the article text it names.
pub fn read(path: &Path) -> Result<Parsed, SeedError> {
    let bytes =
        read_limited(path).map_err(|e| SeedError::file(path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        SeedError::file(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let file = parse(path, &text)?;
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    let (body, body_error) = match &file.source.text {
        None => (None, None),
        Some(name) => match read_body(path, name.get_ref()) {
            Ok(body) => {
                hasher.update([0u8]);
                hasher.update(body.as_bytes());
                (Some(body), None)
            }
            Err(message) => (None, Some(SeedError::at(path, &text, name.span(), message))),
        },
    };
    let hash = format!("{:x}", hasher.finalize());
    Ok(Parsed {
        path: path.to_path_buf(),
        text,
        file,
        body,
        body_error,
        hash,
    })
}

/// The article's text named by `[source] text`: a relative path that stays inside the seed file's
/// folder, even through symbolic links.
fn read_body(seed_file: &Path, name: &str) -> Result<String, String> {
    let rel = Path::new(name);
    let escapes = rel.components().any(|c| !matches!(c, Component::Normal(_)));
    if name.is_empty() || rel.is_absolute() || escapes {
        return Err(format!(
            "`text` must be a file name inside the seed folder, not {name:?}"
        ));
    }
    let folder = seed_file.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let target = folder.join(rel);
    let real = target
        .canonicalize()
        .map_err(|e| format!("cannot read the article's text {}: {e}", target.display()))?;
    let real_folder = folder
        .canonicalize()
        .map_err(|e| format!("cannot resolve the seed folder {}: {e}", folder.display()))?;
    if !real.starts_with(&real_folder) {
        return Err(format!(
            "`text` {name:?} leads outside the seed folder (to {})",
            real.display()
        ));
    }
    let bytes = read_limited(&real)
        .map_err(|e| format!("cannot read the article's text {}: {e}", target.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("the article's text {} is not UTF-8", target.display()))
}

const KNOWN_PEOPLE: &str = "
    SELECT p.id, p.name, NULL, p.source_id, ifnull(s.seed_file, s.id)
    FROM people p JOIN sources s ON s.id = p.source_id";
const KNOWN_ORGANISATIONS: &str = "
    SELECT o.id, o.name, o.parent_id, o.source_id, ifnull(s.seed_file, s.id)
    FROM organisations o JOIN sources s ON s.id = o.source_id";
const KNOWN_PLACES: &str = "
    SELECT p.id, p.name, NULL, p.source_id, ifnull(s.seed_file, s.id)
    FROM places p JOIN sources s ON s.id = p.source_id";
const KNOWN_EVENTS: &str = "
    SELECT e.id, e.title, NULL, e.source_id, ifnull(s.seed_file, s.id)
    FROM events e JOIN sources s ON s.id = e.source_id";

/// The ids the database already holds.
pub fn known(conn: &Connection) -> Result<Known> {
    let load = |sql: &str| -> Result<HashMap<String, KnownEntity>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                KnownEntity {
                    name: r.get(1)?,
                    parent: r.get(2)?,
                    source_id: r.get(3)?,
                    file: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(Known {
        people: load(KNOWN_PEOPLE)?,
        organisations: load(KNOWN_ORGANISATIONS)?,
        places: load(KNOWN_PLACES)?,
        events: load(KNOWN_EVENTS)?,
    })
}

/// Read, parse and check every seed file under `paths` against the database, writing nothing.
pub fn prepare(
    conn: &Connection,
    paths: &[PathBuf],
    progress: &mut dyn Progress,
) -> Result<Vec<Article>> {
    let files = collect_files(paths)?;
    progress.files(files.len());
    let mut parsed = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for f in &files {
        match read(f) {
            Ok(p) => parsed.push(p),
            Err(e) => errors.push(e),
        }
        progress.read();
    }
    let known = known(conn).context("reading the ids the database holds")?;
    match check::check(parsed, &known) {
        Ok(articles) if errors.is_empty() => Ok(articles),
        Ok(_) => Err(SeedErrors(errors).into()),
        Err(more) => {
            errors.extend(more);
            Err(SeedErrors(errors).into())
        }
    }
}

/// Check and load seed files: everything is checked before anything is written, then all of it
/// is written in one transaction.
pub fn seed(
    conn: &mut Connection,
    paths: &[PathBuf],
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let articles = prepare(conn, paths, progress)?;
    progress.checked();
    let tx = conn.transaction()?;
    let summary = apply_tx(&tx, &articles, progress)?;
    tx.commit().context("committing the seed")?;
    Ok(summary)
}

const SOURCE_HASH: &str = "SELECT seed_hash FROM sources WHERE id = ?1";
const INSERT_SOURCE: &str = "
    INSERT INTO sources (id, title, publisher, published, url, body, seed_file, seed_hash)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
    ON CONFLICT (id) DO UPDATE SET
        title = excluded.title, publisher = excluded.publisher, published = excluded.published,
        url = excluded.url, body = excluded.body, seed_file = excluded.seed_file,
        seed_hash = excluded.seed_hash";
/// Facts an article stated, removed before a changed article is written again.
const DELETE_SOURCE_FACTS: [&str; 8] = [
    "DELETE FROM quotes WHERE source_id = ?1",
    "DELETE FROM figures WHERE source_id = ?1",
    "DELETE FROM event_participants WHERE source_id = ?1",
    "DELETE FROM event_sources WHERE source_id = ?1",
    "DELETE FROM person_roles WHERE source_id = ?1",
    "DELETE FROM person_aliases WHERE source_id = ?1",
    "DELETE FROM organisation_aliases WHERE source_id = ?1",
    "DELETE FROM place_aliases WHERE source_id = ?1",
];
const UPSERT_PERSON: &str = "
    INSERT INTO people (id, name, source_id) VALUES (?1, ?2, ?3)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE source_id = excluded.source_id";
const INSERT_PERSON_ALIAS: &str =
    "INSERT OR IGNORE INTO person_aliases (person_id, alias, source_id) VALUES (?1, ?2, ?3)";
const INSERT_PERSON_ROLE: &str = "
    INSERT OR IGNORE INTO person_roles (person_id, title, organisation_id, source_id)
    VALUES (?1, ?2, ?3, ?4)";
const UPSERT_ORGANISATION: &str = "
    INSERT INTO organisations (id, name, kind, parent_id, source_id) VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
        parent_id = excluded.parent_id
    WHERE source_id = excluded.source_id";
const INSERT_ORGANISATION_ALIAS: &str = "
    INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, source_id)
    VALUES (?1, ?2, ?3)";
const UPSERT_PLACE: &str = "
    INSERT INTO places (id, name, source_id) VALUES (?1, ?2, ?3)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE source_id = excluded.source_id";
const INSERT_PLACE_ALIAS: &str =
    "INSERT OR IGNORE INTO place_aliases (place_id, alias, source_id) VALUES (?1, ?2, ?3)";
const UPSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, summary, place_id, date, earliest, latest, precision,
        approximate, uncertain, ongoing, date_human, date_text, expected, source_id)
    VALUES (:id, :kind, :title, :summary, :place, :date, :earliest, :latest, :precision,
        :approximate, :uncertain, :ongoing, :date_human, :date_text, :expected, :source)
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, summary = excluded.summary,
        place_id = excluded.place_id, date = excluded.date, earliest = excluded.earliest,
        latest = excluded.latest, precision = excluded.precision,
        approximate = excluded.approximate, uncertain = excluded.uncertain,
        ongoing = excluded.ongoing, date_human = excluded.date_human,
        date_text = excluded.date_text, expected = excluded.expected
    WHERE source_id = excluded.source_id";
const INSERT_EVENT_SOURCE: &str =
    "INSERT INTO event_sources (event_id, source_id, date, date_text) VALUES (?1, ?2, ?3, ?4)";
const INSERT_PARTICIPANT: &str = "
    INSERT INTO event_participants (event_id, person_id, organisation_id, role, source_id)
    VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_FIGURE: &str = "
    INSERT INTO figures (event_id, source_id, value, low, high, qualifier, unit, measure,
        about_person_id, about_organisation_id, claimed_by_person_id, claimed_by_organisation_id,
        text)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const INSERT_QUOTE: &str = "
    INSERT INTO quotes (source_id, event_id, speaker_person_id, speaker_organisation_id, text)
    VALUES (?1, ?2, ?3, ?4, ?5)";
/// Events no article reports any longer (a changed article dropped them).
const DELETE_UNREPORTED_EVENTS: &str = "
    DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = events.id)";

/// An actor as the pair of columns (person id, organisation id) that store it.
fn split(actor: Option<&Actor>) -> (Option<&str>, Option<&str>) {
    match actor {
        Some(Actor::Person(id)) => (Some(id), None),
        Some(Actor::Organisation(id)) => (None, Some(id)),
        None => (None, None),
    }
}

/// Write checked articles. Unchanged articles (same hash) are skipped; a changed one has what it
/// stated before removed first. The caller owns the transaction.
pub fn apply_tx(
    tx: &Transaction,
    articles: &[Article],
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut summary = Summary::default();
    for a in articles {
        let previous: Option<Option<String>> = tx
            .query_row(SOURCE_HASH, [&a.source.id], |r| r.get(0))
            .optional()?;
        let status = match &previous {
            Some(Some(hash)) if *hash == a.hash => Status::Unchanged,
            Some(_) => Status::Updated,
            None => Status::Added,
        };
        if status != Status::Unchanged {
            write_article_tx(tx, a, status == Status::Updated)
                .with_context(|| format!("writing {}", a.file.display()))?;
        }
        summary.files.push(FileSummary {
            file: a.file.clone(),
            source: a.source.id.clone(),
            status,
            events: a.events.len(),
            people: a.people.len(),
            organisations: a.organisations.len(),
            places: a.places.len(),
            figures: a.figures.len(),
            quotes: a.quotes.len(),
        });
        progress.written(a.events.len());
    }
    tx.execute(DELETE_UNREPORTED_EVENTS, [])?;
    Ok(summary)
}

fn write_article_tx(tx: &Transaction, a: &Article, replace: bool) -> Result<()> {
    let src = &a.source.id;
    let published = a.source.published.format("%Y-%m-%d").to_string();
    let file = a.file.display().to_string();
    tx.prepare_cached(INSERT_SOURCE)?.execute(params![
        src,
        a.source.title,
        a.source.publisher,
        published,
        a.source.url,
        a.source.body,
        file,
        a.hash
    ])?;
    if replace {
        for sql in DELETE_SOURCE_FACTS {
            tx.prepare_cached(sql)?.execute([src])?;
        }
    }
    for o in &a.organisations {
        tx.prepare_cached(UPSERT_ORGANISATION)?
            .execute(params![o.id, o.name, o.kind, o.parent, src])?;
        for alias in &o.aliases {
            tx.prepare_cached(INSERT_ORGANISATION_ALIAS)?
                .execute(params![o.id, alias, src])?;
        }
    }
    for p in &a.people {
        tx.prepare_cached(UPSERT_PERSON)?
            .execute(params![p.id, p.name, src])?;
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
        tx.prepare_cached(UPSERT_PLACE)?
            .execute(params![p.id, p.name, src])?;
        for alias in &p.aliases {
            tx.prepare_cached(INSERT_PLACE_ALIAS)?
                .execute(params![p.id, alias, src])?;
        }
    }
    for e in &a.events {
        let d = &e.date;
        let day = |x: Option<chrono::NaiveDate>| x.map(|d| d.format("%Y-%m-%d").to_string());
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
            })?;
        tx.prepare_cached(INSERT_EVENT_SOURCE)?.execute(params![
            e.id,
            src,
            d.to_string(),
            e.date_text
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
            f.text
        ])?;
    }
    for q in &a.quotes {
        let (person, org) = split(Some(&q.speaker));
        tx.prepare_cached(INSERT_QUOTE)?
            .execute(params![src, q.event, person, org, q.text])?;
    }
    Ok(())
}
