//! Reading seed files from disk and writing checked articles to the database in one transaction.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::check::{
    self, Actor, Article, Checked, Checker, FileChecker, Known, KnownEntity, KnownEvent,
    KnownReport, Parsed,
};
use super::error::{SeedError, SeedErrors};
use super::fts;
use super::model::SeedFile;
use super::progress::{NoProgress, Progress};
use super::reports::{self, Combined};
use crate::date::FuzzyDate;
use crate::query::timeline::iso;

/// The largest seed file or article text read; anything bigger is refused unread.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What happened to one seed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Updated,
    Unchanged,
    /// The seed file no longer exists; `--prune` removed what it stated.
    Pruned,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
            Status::Pruned => "pruned",
        }
    }
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

    /// Whether the run wrote anything.
    pub fn wrote(&self) -> bool {
        self.files.iter().any(|f| f.status != Status::Unchanged)
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
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        SeedError {
            line: Some(valid.matches('\n').count() + 1),
            column: Some(valid[line_start..].chars().count() + 1),
            ..SeedError::file(
                path,
                format!("not UTF-8 text (invalid byte at offset {at})"),
            )
        }
    })?;
    let file = parse(path, &text)?;
    let (body, body_error) = match &file.source.text {
        None => (None, None),
        Some(name) => match read_body(path, name.get_ref()) {
            Ok(body) => (Some(body), None),
            Err(message) => (None, Some(SeedError::at(path, &text, name.span(), message))),
        },
    };
    let hash = hash_of(&text, body.as_deref());
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
    SELECT d.id, p.name, NULL, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN people p ON p.id = d.id JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'person' ORDER BY s.published, s.id";
const KNOWN_ORGANISATIONS: &str = "
    SELECT d.id, o.name, o.parent_id, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN organisations o ON o.id = d.id JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'organisation' ORDER BY s.published, s.id";
const KNOWN_PLACES: &str = "
    SELECT d.id, p.name, NULL, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN places p ON p.id = d.id JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'place' ORDER BY s.published, s.id";
const KNOWN_EVENTS: &str = "
    SELECT e.id, e.kind, e.title, e.summary, e.place_id, e.source_id, ifnull(s.seed_file, s.id)
    FROM events e JOIN sources s ON s.id = e.source_id";
const KNOWN_REPORTS: &str = "
    SELECT es.event_id, es.source_id, ifnull(s.seed_file, s.id), es.date, es.disputed
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    ORDER BY s.published, s.id";

const KNOWN_EVENT: &str = "
    SELECT e.id, e.kind, e.title, e.summary, e.place_id, e.source_id, ifnull(s.seed_file, s.id)
    FROM events e JOIN sources s ON s.id = e.source_id WHERE e.id = ?1";
const KNOWN_REPORTS_OF: &str = "
    SELECT es.event_id, es.source_id, ifnull(s.seed_file, s.id), es.date, es.disputed
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
pub fn known_for(conn: &Connection, files: &[PathBuf]) -> Result<Known> {
    let stored: i64 = conn.query_row(STORED_EVENTS, [], |r| r.get(0))?;
    if files.len() > FEW_FILES || stored < files.len() as i64 * EVENTS_PER_FILE {
        return known(conn);
    }
    let mut strings = BTreeSet::new();
    for f in files {
        // An unreadable or malformed file names nothing; the passes report it.
        let Ok(bytes) = read_limited(f) else { continue };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if let Ok(value) = text.parse::<toml::Table>() {
            strings_in(&toml::Value::Table(value), &mut strings);
        }
    }
    let mut events = HashMap::new();
    let mut event = conn.prepare(KNOWN_EVENT)?;
    let mut reports = conn.prepare(KNOWN_REPORTS_OF)?;
    for id in &strings {
        let Some((id, mut e)) = event.query_row([id], known_event).optional()? else {
            continue;
        };
        let mut rows = reports.query([&id])?;
        while let Some(r) = rows.next()? {
            e.reports.push(known_report(r)?);
        }
        events.insert(id, e);
    }
    Ok(Known {
        events,
        ..known_entities(conn)?
    })
}

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

fn known_event(r: &rusqlite::Row) -> rusqlite::Result<(String, KnownEvent)> {
    Ok((
        r.get(0)?,
        KnownEvent {
            kind: r.get(1)?,
            title: r.get(2)?,
            summary: r.get(3)?,
            place: r.get(4)?,
            source_id: r.get(5)?,
            file: r.get(6)?,
            reports: Vec::new(),
        },
    ))
}

/// A report row (event id, source id, file, date, disputed) without its event id.
fn known_report(r: &rusqlite::Row) -> rusqlite::Result<KnownReport> {
    let date: Option<String> = r.get(3)?;
    Ok(KnownReport {
        source_id: r.get(1)?,
        file: r.get(2)?,
        date: date.and_then(|d| FuzzyDate::parse(&d).ok()),
        disputed: r.get(4)?,
    })
}

/// The people, organisations and places the database holds, with every article defining each.
fn known_entities(conn: &Connection) -> Result<Known> {
    let load = |sql: &str| -> Result<HashMap<String, Vec<KnownEntity>>> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut out: HashMap<String, Vec<KnownEntity>> = HashMap::new();
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?).or_default().push(KnownEntity {
                name: r.get(1)?,
                parent: r.get(2)?,
                source_id: r.get(3)?,
                file: r.get(4)?,
            });
        }
        Ok(out)
    };
    Ok(Known {
        people: load(KNOWN_PEOPLE)?,
        organisations: load(KNOWN_ORGANISATIONS)?,
        places: load(KNOWN_PLACES)?,
        events: HashMap::new(),
    })
}

/// The ids the database already holds, with every article defining or reporting each.
pub fn known(conn: &Connection) -> Result<Known> {
    let mut events: HashMap<String, KnownEvent> = HashMap::new();
    let mut stmt = conn.prepare(KNOWN_EVENTS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, e) = known_event(r)?;
        events.insert(id, e);
    }
    let mut stmt = conn.prepare(KNOWN_REPORTS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if let Some(e) = events.get_mut(&id) {
            e.reports.push(known_report(r)?);
        }
    }
    Ok(Known {
        events,
        ..known_entities(conn)?
    })
}

const STORED_SOURCES: &str =
    "SELECT id, seed_file FROM sources WHERE seed_file IS NOT NULL ORDER BY id";

/// Stored articles whose seed file no longer exists and that this run does not load.
fn gone(conn: &Connection, loaded: &HashSet<String>) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(STORED_SOURCES)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, file) = row?;
        if !loaded.contains(&id) && !Path::new(&file).exists() {
            out.push((id, file));
        }
    }
    Ok(out)
}

/// Run `work` on each of `files` (reading and parsing it, and perhaps checking it) on `readers`
/// threads beside this one, handing each result to `f` in file order as it is ready. At most a
/// few files per reader are in memory at once; an error from `f` stops the reading.
fn stream<T: Send>(
    files: &[PathBuf],
    readers: usize,
    work: impl Fn(&Path) -> T + Sync,
    mut f: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let readers = readers.max(1);
    let work = &work;
    std::thread::scope(|s| {
        let mut receivers = Vec::with_capacity(readers);
        for first in 0..readers {
            let (send, receive) = std::sync::mpsc::sync_channel(STREAM_DEPTH);
            receivers.push(receive);
            s.spawn(move || {
                for path in files.iter().skip(first).step_by(readers) {
                    if send.send(work(path)).is_err() {
                        break;
                    }
                }
            });
        }
        for i in 0..files.len() {
            let Ok(parsed) = receivers[i % readers].recv() else {
                anyhow::bail!("reading {} stopped unexpectedly", files[i].display());
            };
            f(i, parsed)?;
        }
        Ok(())
    })
}

/// Readers for the first pass, which only parses and notes definitions: one per core.
fn first_pass_readers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// How many parsed files may wait between the reading thread and the checker.
const STREAM_DEPTH: usize = 32;

const STORED_SOURCE_IDS: &str = "SELECT id, seed_file FROM sources";

/// What the first pass over the files learnt: the checker, each readable file's article id and
/// hash (`None` for a file that could not be read or parsed), and the stored articles to prune.
struct FirstPass<'k> {
    checker: Checker<'k>,
    ids: Vec<Option<(String, String)>>,
    pruned: Vec<(String, String)>,
}

/// The first pass: every file's definitions and event reports, then every event's reports
/// together. Which stored articles this run replaces (loads again or prunes) is only certain
/// once every file has been read; the pass starts from the articles stored under these files'
/// paths, and runs again in the rare case that guess was wrong (an article moved to another
/// file, or a file that now gives another id).
fn first_pass<'k>(
    conn: Option<&Connection>,
    known: &'k Known,
    files: &[PathBuf],
    kept: &[(String, PathBuf)],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<FirstPass<'k>> {
    let mut stored_ids = HashSet::new();
    let mut by_file = HashMap::new();
    if let Some(conn) = conn {
        let mut stmt = conn.prepare(STORED_SOURCE_IDS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if let Some(file) = r.get::<_, Option<String>>(1)? {
                by_file.insert(file, id.clone());
            }
            stored_ids.insert(id);
        }
    }
    let guess: HashSet<String> = files
        .iter()
        .filter_map(|f| by_file.get(&f.display().to_string()).cloned())
        .collect();
    let pruned = match conn {
        Some(conn) if prune => gone(conn, &guess)?,
        _ => Vec::new(),
    };
    let stored_only = |ids: &HashSet<String>| -> BTreeSet<String> {
        ids.iter()
            .filter(|id| stored_ids.contains(*id))
            .cloned()
            .collect()
    };
    let mut replaced: HashSet<String> = guess
        .into_iter()
        .chain(pruned.into_iter().map(|(id, _)| id))
        .collect();
    for attempt in 0..2 {
        let mut checker = Checker::new(known, replaced.clone());
        for (id, file) in kept {
            checker.keep(id, file);
        }
        let mut ids = vec![None; files.len()];
        stream(files, first_pass_readers(), read, |i, parsed| {
            match parsed {
                Ok(p) => {
                    checker.define(i, &p);
                    ids[i] = Some((check::source_id_of(&p), p.hash));
                }
                Err(e) => checker.unreadable(i, e),
            }
            if attempt == 0 {
                progress.read();
            }
            Ok(())
        })?;
        let loaded: HashSet<String> = ids.iter().flatten().map(|(id, _)| id.clone()).collect();
        let pruned = match conn {
            Some(conn) if prune => {
                let present = loaded
                    .iter()
                    .chain(kept.iter().map(|(id, _)| id))
                    .cloned()
                    .collect();
                gone(conn, &present)?
            }
            _ => Vec::new(),
        };
        let actual: HashSet<String> = loaded
            .into_iter()
            .chain(pruned.iter().map(|(id, _)| id.clone()))
            .collect();
        if attempt == 1 || stored_only(&actual) == stored_only(&replaced) {
            return Ok(FirstPass {
                checker,
                ids,
                pruned,
            });
        }
        replaced = actual;
    }
    unreachable!("the second attempt always returns")
}

/// Read, parse and check every seed file under `paths` against the database (when there is
/// one), writing nothing. Each checked article goes to `each`, in file order, as it is checked;
/// an `Err` return means some file has errors, and what `each` was given must be set aside.
/// Returns how many files were checked.
pub fn prepare(
    conn: Option<&Connection>,
    paths: &[PathBuf],
    each: &mut dyn FnMut(&Article),
) -> Result<usize> {
    let files = collect_files(paths)?;
    let known = match conn {
        Some(conn) => known_for(conn, &files).context("reading the ids the database holds")?,
        None => Known::default(),
    };
    let FirstPass {
        mut checker, ids, ..
    } = first_pass(conn, &known, &files, &[], false, &mut NoProgress)?;
    let mut checked = 0;
    let file_checker = checker.file_checker();
    stream(
        &files,
        1,
        |f| read_and_check(&file_checker, f),
        |i, parsed| {
            second_pass_file(&mut checker, &ids, i, parsed, |a| {
                checked += 1;
                each(&a);
                Ok(())
            })
        },
    )?;
    let errors = checker.into_errors();
    if !errors.is_empty() {
        return Err(SeedErrors(errors).into());
    }
    Ok(checked)
}

/// The second pass's reading thread: a file read and given its own checks.
fn read_and_check(checker: &FileChecker, path: &Path) -> Result<(Parsed, Checked), SeedError> {
    let parsed = read(path)?;
    let checked = checker.check(&parsed);
    Ok((parsed, checked))
}

/// One file of the second pass: read again, it must be as the first pass read it; checked, its
/// article goes to `each` unless the run has already failed.
fn second_pass_file(
    checker: &mut Checker,
    ids: &[Option<(String, String)>],
    i: usize,
    parsed: Result<(Parsed, Checked), SeedError>,
    each: impl FnOnce(Article) -> Result<()>,
) -> Result<()> {
    // A file unreadable in the first pass is reported from there.
    let Some((_, hash)) = &ids[i] else {
        return Ok(());
    };
    let (parsed, checked) = match parsed {
        Ok((p, c)) if p.hash == *hash => (p, c),
        Ok((p, _)) => {
            checker.unreadable(
                i,
                SeedError::file(&p.path, "the file changed while it was being seeded"),
            );
            return Ok(());
        }
        Err(e) => {
            checker.unreadable(i, e);
            return Ok(());
        }
    };
    let article = checker.article(i, &parsed, checked);
    drop(parsed);
    if checker.failed() {
        return Ok(());
    }
    each(article)
}

/// Check and load seed files in one transaction: nothing is written unless every file is
/// without error. The transaction takes the write lock first (waiting for another writer up to
/// the busy timeout), so the checks see exactly the state the writes apply to. The files are
/// read twice as a stream, never all held at once: first for what checks across files need,
/// then to check each file and write it. Files stored unchanged (same path, same bytes) are
/// kept as stored and not parsed; when every file is, and nothing is pruned, nothing is written
/// at all. A run that would replace or prune stored articles checks every file.
///
/// A first load (the database holds no article) checks foreign keys once, over every table,
/// just before it commits, instead of looking each reference up as its row is written: the
/// run deletes nothing, so no cascade is missed, and a broken reference still fails the run
/// with nothing written. Every other run checks them row by row.
pub fn seed(
    conn: &mut Connection,
    paths: &[PathBuf],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    // Statement journals (every insert that fires a trigger or checks a foreign key keeps one)
    // in memory rather than in a temporary file, and a page cache that holds a load's working
    // set of index pages instead of spilling them to the WAL mid-transaction.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let cache = std::env::var(SEED_CACHE_VAR)
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(SEED_CACHE_KIB);
    conn.pragma_update(None, "cache_size", cache)?;
    let first_load = conn.query_row(STORED_ARTICLES, [], |r| r.get::<_, i64>(0))? == 0;
    if first_load {
        // Only outside a transaction does this take effect.
        conn.pragma_update(None, "foreign_keys", false)?;
        let run = seed_tx(conn, paths, prune, progress, true);
        conn.pragma_update(None, "foreign_keys", true)?;
        if let Some(summary) = run? {
            return Ok(summary);
        }
    }
    Ok(seed_tx(conn, paths, prune, progress, false)?
        .expect("a run that checks keys row by row always runs"))
}

/// [`seed`] in one transaction. With `keys_at_commit` (foreign keys off on `conn`), `None`
/// when the database no longer holds no article once the write lock is taken (another run
/// loaded some first): nothing is written, and the caller runs again with keys checked row by
/// row.
fn seed_tx(
    conn: &mut Connection,
    paths: &[PathBuf],
    prune: bool,
    progress: &mut dyn Progress,
    keys_at_commit: bool,
) -> Result<Option<Summary>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if keys_at_commit && tx.query_row(STORED_ARTICLES, [], |r| r.get::<_, i64>(0))? != 0 {
        tx.rollback()?;
        return Ok(None);
    }
    let all = collect_files(paths)?;
    progress.files(all.len());
    // Files stored unchanged are kept as stored, like articles loaded by an earlier run: only
    // the others are parsed, checked and written.
    let same = unchanged(&tx, &all)?;
    let mut kept = Vec::new();
    let mut files = Vec::new();
    for (file, id) in all.iter().zip(&same) {
        match id {
            Some(id) => {
                progress.read();
                kept.push((id.clone(), file.clone()));
            }
            None => files.push(file.clone()),
        }
    }
    if files.is_empty() {
        let loaded = kept.iter().map(|(id, _)| id.clone()).collect();
        if !prune || gone(&tx, &loaded)?.is_empty() {
            progress.checked();
            let mut summary = Summary::default();
            for (id, file) in &kept {
                let line = unchanged_summary(&tx, file, id)?;
                progress.written(line.events);
                summary.files.push(line);
            }
            // Ends the transaction without writing a page: data_version stays as it was.
            tx.rollback()?;
            return Ok(Some(summary));
        }
    }
    let run = match check_and_write(&tx, &files, &kept, prune, progress)? {
        Some(run) => run,
        // The run replaces or prunes stored articles: the unchanged files may refer to what
        // those stated, so every file is checked again.
        None => {
            progress.files(all.len());
            check_and_write(&tx, &all, &[], prune, progress)?
                .expect("a run that keeps no file is never redone")
        }
    };
    let Run {
        mut summary,
        writer,
        pruned,
    } = run;
    // In the order the files were named; pruned articles last.
    let order: HashMap<&Path, usize> = all
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_path(), i))
        .collect();
    summary
        .files
        .sort_by_key(|f| order.get(f.file.as_path()).copied().unwrap_or(usize::MAX));
    for (id, file) in &pruned {
        summary.files.push(FileSummary::pruned(id, file));
    }
    match writer {
        Some(w) if summary.wrote() => {
            w.finish(&tx, &pruned)?;
            if keys_at_commit {
                if let Some(broken) = crate::db::broken_reference(&tx)? {
                    anyhow::bail!("{broken}; nothing was written");
                }
            }
            tx.commit().context("committing the seed")?;
        }
        _ => tx.rollback()?,
    }
    Ok(Some(summary))
}

/// A checked run, written within the transaction but not finished: its summary (files in the
/// order they were met), its writer, and the stored articles it prunes.
struct Run {
    summary: Summary,
    writer: Option<Writer>,
    pruned: Vec<(String, String)>,
}

/// Check `files` and write them, keeping the `kept` articles (unchanged files) as stored.
/// `None`, before anything is written, when there are kept articles and the run would replace
/// or prune stored articles: the caller then runs again over every file.
fn check_and_write(
    tx: &Transaction,
    files: &[PathBuf],
    kept: &[(String, PathBuf)],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<Option<Run>> {
    let known = known_for(tx, files).context("reading the ids the database holds")?;
    let FirstPass {
        mut checker,
        ids,
        pruned,
    } = first_pass(Some(tx), &known, files, kept, prune, progress)?;
    progress.checked();
    let mut status = Vec::with_capacity(files.len());
    for (file, id) in files.iter().zip(&ids) {
        status.push(match id {
            Some((id, hash)) => Some(status_of(tx, file, id, hash)?),
            None => None,
        });
    }
    let replaced: Vec<&str> = ids
        .iter()
        .zip(&status)
        .filter(|(_, s)| **s == Some(Status::Updated))
        .filter_map(|(id, _)| id.as_ref().map(|(id, _)| id.as_str()))
        .chain(pruned.iter().map(|(id, _)| id.as_str()))
        .collect();
    if !kept.is_empty() && !replaced.is_empty() {
        return Ok(None);
    }
    let writes =
        !checker.failed() && (!replaced.is_empty() || status.contains(&Some(Status::Added)));
    let mut writer = if writes {
        // Loading more articles than the database holds: indexes are built once at the end.
        let stored: i64 = tx.query_row(STORED_ARTICLES, [], |r| r.get(0))?;
        let loading = status
            .iter()
            .filter(|s| matches!(s, Some(Status::Added | Status::Updated)))
            .count();
        let bulk = loading as i64 >= stored.max(BULK_ARTICLES);
        Some(Writer::begin(tx, &replaced, bulk)?)
    } else {
        None
    };
    let mut summary = Summary::default();
    let file_checker = checker.file_checker();
    stream(
        files,
        1,
        |f| read_and_check(&file_checker, f),
        |i, parsed| {
            second_pass_file(&mut checker, &ids, i, parsed, |a| {
                let status = status[i].expect("a checked file has a status");
                if let Some(w) = writer.as_mut().filter(|_| status != Status::Unchanged) {
                    w.write(tx, &a)
                        .with_context(|| format!("writing {}", a.file.display()))?;
                }
                summary.files.push(FileSummary::of(&a, status));
                progress.written(a.events.len());
                Ok(())
            })
        },
    )?;
    let errors = checker.into_errors();
    if !errors.is_empty() {
        // Dropping the transaction rolls back whatever was written.
        return Err(SeedErrors(errors).into());
    }
    for (id, file) in kept {
        let line = unchanged_summary(tx, file, id)?;
        progress.written(line.events);
        summary.files.push(line);
    }
    Ok(Some(Run {
        summary,
        writer,
        pruned,
    }))
}

/// The fewest articles a run loads for its indexes to be built at the end rather than kept up
/// to date row by row (and then only when it loads at least as many as the database holds).
const BULK_ARTICLES: i64 = 100;

/// The page cache while seeding, in KiB (negative: a size, not a page count).
const SEED_CACHE_KIB: i64 = -64 * 1024;

/// Test hook: the seed's page cache in pages (`PRAGMA cache_size`), in place of
/// [`SEED_CACHE_KIB`]. A small cache makes a seed spill uncommitted pages into the WAL early in
/// its write, which the SIGKILL test needs to land kills on; it is not meant for anything else.
pub const SEED_CACHE_VAR: &str = "ANNALS_TEST_SEED_CACHE_PAGES";

const SOURCE_STATE: &str = "SELECT seed_hash, seed_file FROM sources WHERE id = ?1";

/// Whether the article `id` in `file` with content `hash` is new, changed or as stored.
fn status_of(conn: &Connection, file: &Path, id: &str, hash: &str) -> Result<Status> {
    let previous: Option<(Option<String>, Option<String>)> = conn
        .query_row(SOURCE_STATE, [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let file = file.display().to_string();
    Ok(match &previous {
        Some((Some(h), Some(f))) if h == hash && *f == file => Status::Unchanged,
        Some(_) => Status::Updated,
        None => Status::Added,
    })
}

impl FileSummary {
    fn of(a: &Article, status: Status) -> FileSummary {
        FileSummary {
            file: a.file.clone(),
            source: a.source.id.clone(),
            status,
            events: a.events.len(),
            people: a.people.len(),
            organisations: a.organisations.len(),
            places: a.places.len(),
            figures: a.figures.len(),
            quotes: a.quotes.len(),
        }
    }

    fn pruned(id: &str, file: &str) -> FileSummary {
        FileSummary {
            file: PathBuf::from(file),
            source: id.to_string(),
            status: Status::Pruned,
            events: 0,
            people: 0,
            organisations: 0,
            places: 0,
            figures: 0,
            quotes: 0,
        }
    }
}

const STORED_HASHES: &str =
    "SELECT seed_file, id, seed_hash FROM sources WHERE seed_file IS NOT NULL";
const STORED_COUNTS: &str = "
    SELECT (SELECT count(*) FROM event_sources WHERE source_id = ?1),
           ifnull(sum(kind = 'person'), 0), ifnull(sum(kind = 'organisation'), 0),
           ifnull(sum(kind = 'place'), 0),
           (SELECT count(*) FROM figures WHERE source_id = ?1),
           (SELECT count(*) FROM quotes WHERE source_id = ?1)
    FROM definitions WHERE source_id = ?1";

/// For each file, the id of the article stored under its path when the file's bytes (and its
/// text's) are the ones stored: found by hashing, without parsing. Files whose path is not
/// stored are not read.
fn unchanged(conn: &Connection, files: &[PathBuf]) -> Result<Vec<Option<String>>> {
    let mut stored: HashMap<String, (String, Option<String>)> = HashMap::new();
    let mut stmt = conn.prepare(STORED_HASHES)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        stored.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    let candidates: Vec<Option<(String, String)>> = files
        .iter()
        .map(|f| match stored.remove(&f.display().to_string()) {
            Some((id, Some(hash))) => Some((id, hash)),
            _ => None,
        })
        .collect();
    // Hashing is mostly reading files and resolving paths: spread over every core.
    let threads = first_pass_readers();
    let chunk = files.len().div_ceil(threads).max(1);
    let mut same = vec![None; files.len()];
    std::thread::scope(|s| {
        for ((files, candidates), out) in files
            .chunks(chunk)
            .zip(candidates.chunks(chunk))
            .zip(same.chunks_mut(chunk))
        {
            s.spawn(move || {
                for ((f, candidate), out) in files.iter().zip(candidates).zip(out) {
                    if let Some((id, hash)) = candidate {
                        if quick_hash(f).as_ref() == Some(hash) {
                            *out = Some(id.clone());
                        }
                    }
                }
            });
        }
    });
    Ok(same)
}

/// An unchanged file's line of the summary, with what its stored article holds.
fn unchanged_summary(conn: &Connection, file: &Path, id: &str) -> Result<FileSummary> {
    let mut stmt = conn.prepare_cached(STORED_COUNTS)?;
    let counts: [i64; 6] = stmt.query_row([id], |r| {
        Ok([
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ])
    })?;
    let counts = counts.map(|n| usize::try_from(n).unwrap_or_default());
    Ok(FileSummary {
        file: file.to_path_buf(),
        source: id.to_string(),
        status: Status::Unchanged,
        events: counts[0],
        people: counts[1],
        organisations: counts[2],
        places: counts[3],
        figures: counts[4],
        quotes: counts[5],
    })
}

/// Only `[source] text`, for finding the article's text without parsing the whole file.
#[derive(serde::Deserialize)]
struct Head {
    source: HeadSource,
}

#[derive(serde::Deserialize)]
struct HeadSource {
    text: Option<String>,
}

/// The hash [`read`] would give the file, found from its `[source]` table alone; `None` when
/// that table cannot be read so (the file is then parsed whole). Equal to the stored hash only
/// if the file and its text are byte for byte as loaded.
fn quick_hash(path: &Path) -> Option<String> {
    let text = String::from_utf8(read_limited(path).ok()?).ok()?;
    let start = text
        .match_indices("[source]")
        .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')?
        .0;
    let rest = &text[start + "[source]".len()..];
    let end = rest
        .match_indices("\n[")
        .next()
        .map_or(rest.len(), |(i, _)| i);
    let head: Head = toml::from_str(&text[start..start + "[source]".len() + end]).ok()?;
    let body = match &head.source.text {
        Some(name) => Some(read_body(path, name).ok()?),
        None => None,
    };
    Some(hash_of(&text, body.as_deref()))
}

/// SHA-256 of a seed file's text and, when it names one, the article's text.
fn hash_of(text: &str, body: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    if let Some(body) = body {
        hasher.update([0u8]);
        hasher.update(body.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// Writes checked articles within the seed's transaction, from [`Writer::begin`] (before the
/// first article) to [`Writer::finish`] (after the last).
struct Writer {
    /// Events whose reports changed: their dates are recomputed from all their reports.
    affected: BTreeSet<String>,
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
const STORED_ARTICLES: &str = "SELECT count(*) FROM sources";

impl Writer {
    /// Remove what the `replaced` articles (loaded again or pruned) stated before, and make
    /// references between articles checked at the end (an article may refer to one written
    /// after it).
    /// With `bulk`, the secondary indexes and the full-text triggers are set aside until
    /// [`Writer::finish`].
    fn begin(tx: &Transaction, replaced: &[&str], bulk: bool) -> Result<Writer> {
        let mut affected = BTreeSet::new();
        for src in replaced {
            let mut stmt = tx.prepare_cached(EVENTS_REPORTED_BY)?;
            for id in stmt.query_map([src], |r| r.get::<_, String>(0))? {
                affected.insert(id?);
            }
        }
        // Only the events the replaced articles reported can change or go; new ones are added.
        let mut search = fts::Deferred::begin(
            tx,
            affected.iter().map(String::as_str),
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
            affected,
            search,
            set_aside,
        })
    }

    /// One added or updated article: its row, its definitions, its reports.
    fn write(&mut self, tx: &Transaction, a: &Article) -> Result<()> {
        write_definitions_tx(tx, a)?;
        write_reports_tx(tx, a)?;
        // An event this article alone reports, with its own date, was written with the date
        // its reports give: nothing to recompute.
        let settled = |e: &&check::Event| e.defines && e.sole && !e.resolved && !e.disputed;
        self.affected.extend(
            a.events
                .iter()
                .filter(|e| !settled(e))
                .map(|e| e.id.clone()),
        );
        Ok(())
    }

    /// After the last article: what no article states any longer goes, dates are recomputed,
    /// the `pruned` articles are removed, the full-text index is brought up to date.
    fn finish(self, tx: &Transaction, pruned: &[(String, String)]) -> Result<()> {
        // From here a broken reference fails the statement that makes it, with its message.
        tx.pragma_update(None, "defer_foreign_keys", false)?;
        for sql in &self.set_aside {
            tx.execute_batch(sql)?;
        }
        tidy_tx(tx, &self.affected)?;
        for (id, _) in pruned {
            tx.prepare_cached(DELETE_SOURCE)?.execute([id])?;
        }
        self.search.finish(tx)?;
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
/// An event as its defining article gives it. The date columns are set on insert from that
/// article's date and then recomputed from every report (`UPDATE_EVENT_DATE`).
const UPSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, summary, place_id, date, earliest, latest, precision,
        approximate, uncertain, ongoing, date_human, date_text, expected, source_id)
    VALUES (:id, :kind, :title, :summary, :place, :date, :earliest, :latest, :precision,
        :approximate, :uncertain, :ongoing, :date_human, :date_text, :expected, :source)
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, summary = excluded.summary,
        place_id = excluded.place_id, date_text = excluded.date_text,
        expected = excluded.expected, source_id = excluded.source_id";
const INSERT_EVENT_SOURCE: &str = "
    INSERT INTO event_sources (event_id, source_id, date, date_text, earliest, latest,
        date_resolved, disputed)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const INSERT_DEFINITION: &str =
    "INSERT OR IGNORE INTO definitions (kind, id, source_id) VALUES (?1, ?2, ?3)";
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
const EVENTS_REPORTED_BY: &str = "SELECT event_id FROM event_sources WHERE source_id = ?1";
/// A person, organisation or place whose introducing article no longer defines it passes to
/// the earliest article that still does; one that no article defines any longer goes.
const ORPHANS: [(&str, &str, &str); 3] = [
    (
        "person",
        "UPDATE people SET source_id = (SELECT d.source_id FROM definitions d
            JOIN sources s ON s.id = d.source_id
            WHERE d.kind = 'person' AND d.id = people.id ORDER BY s.published, s.id LIMIT 1)
         WHERE NOT EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'person'
                AND d.id = people.id AND d.source_id = people.source_id)
           AND EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'person' AND d.id = people.id)",
        "DELETE FROM people WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'person' AND d.id = people.id)",
    ),
    (
        "organisation",
        "UPDATE organisations SET source_id = (SELECT d.source_id FROM definitions d
            JOIN sources s ON s.id = d.source_id
            WHERE d.kind = 'organisation' AND d.id = organisations.id
            ORDER BY s.published, s.id LIMIT 1)
         WHERE NOT EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'organisation'
                AND d.id = organisations.id AND d.source_id = organisations.source_id)
           AND EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'organisation'
                AND d.id = organisations.id)",
        "DELETE FROM organisations WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'organisation' AND d.id = organisations.id)",
    ),
    (
        "place",
        "UPDATE places SET source_id = (SELECT d.source_id FROM definitions d
            JOIN sources s ON s.id = d.source_id
            WHERE d.kind = 'place' AND d.id = places.id ORDER BY s.published, s.id LIMIT 1)
         WHERE NOT EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'place'
                AND d.id = places.id AND d.source_id = places.source_id)
           AND EXISTS (SELECT 1 FROM definitions d WHERE d.kind = 'place' AND d.id = places.id)",
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
/// An event whose defining article no longer reports it passes to its earliest report.
const REASSIGN_EVENTS: &str = "
    UPDATE events SET source_id = (SELECT es.source_id FROM event_sources es
        JOIN sources s ON s.id = es.source_id
        WHERE es.event_id = events.id ORDER BY s.published, s.id LIMIT 1)
    WHERE NOT EXISTS (SELECT 1 FROM event_sources es
        WHERE es.event_id = events.id AND es.source_id = events.source_id)";
const EVENT_REPORTS: &str = "
    SELECT es.date, es.disputed, es.date_resolved FROM event_sources es
    JOIN sources s ON s.id = es.source_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";
/// Only an event whose date changes is written (and its date index entry with it).
const UPDATE_EVENT_DATE: &str = "
    UPDATE events SET date = :date, earliest = :earliest, latest = :latest,
        precision = :precision, approximate = :approximate, uncertain = :uncertain,
        ongoing = :ongoing, date_human = :date_human, disputed = :disputed,
        date_resolved = :resolved
    WHERE id = :id AND (date IS NOT :date OR earliest IS NOT :earliest OR latest IS NOT :latest
        OR precision IS NOT :precision OR approximate IS NOT :approximate
        OR uncertain IS NOT :uncertain OR ongoing IS NOT :ongoing
        OR date_human IS NOT :date_human OR disputed IS NOT :disputed
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

/// Remove what no article states any longer, pass what remains to an article that still states
/// it, and recompute the dates of the `affected` events.
fn tidy_tx(tx: &Transaction, affected: &BTreeSet<String>) -> Result<()> {
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
    tx.execute(REASSIGN_EVENTS, [])?;
    for (what, reassign, delete) in ORPHANS {
        tx.execute(reassign, [])?;
        tx.execute(delete, []).with_context(|| {
            format!(
                "a {what} that no article defines any longer is still referred to by a stored \
                 article; load that article again or prune it"
            )
        })?;
    }
    for id in affected {
        let mut stmt = tx.prepare_cached(EVENT_REPORTS)?;
        let rows: Vec<(Option<String>, bool, bool)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if rows.is_empty() {
            continue;
        }
        let dates: Vec<(Option<FuzzyDate>, bool)> = rows
            .iter()
            .map(|(d, disputed, _)| {
                (
                    d.as_deref().and_then(|d| FuzzyDate::parse(d).ok()),
                    *disputed,
                )
            })
            .collect();
        let resolved = rows
            .iter()
            .filter(|(d, _, _)| d.is_some())
            .all(|(_, _, resolved)| *resolved);
        let combined = match reports::combine(&dates) {
            Ok(Some(c)) => c,
            Ok(None) => continue,
            Err(_) => anyhow::bail!("the reports of event {id:?} give dates that no day fits"),
        };
        update_event_date_tx(tx, id, &combined, resolved)?;
    }
    Ok(())
}

fn update_event_date_tx(tx: &Transaction, id: &str, c: &Combined, resolved: bool) -> Result<()> {
    let d = c.date();
    tx.prepare_cached(UPDATE_EVENT_DATE)?
        .execute(rusqlite::named_params! {
            ":id": id,
            ":date": d.to_string(),
            ":earliest": day(d.earliest()),
            ":latest": day(d.latest()),
            ":precision": d.precision().as_str(),
            ":approximate": d.approximate(),
            ":uncertain": d.uncertain(),
            ":ongoing": d.ongoing(),
            ":date_human": c.human(),
            ":disputed": c.disputed(),
            ":resolved": resolved,
        })?;
    Ok(())
}

/// The article's row, the people, organisations and places it defines, and the events it
/// defines.
fn write_definitions_tx(tx: &Transaction, a: &Article) -> Result<()> {
    let src = &a.source.id;
    let published = iso(a.source.published);
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
    for o in &a.organisations {
        tx.prepare_cached(UPSERT_ORGANISATION)?
            .execute(params![o.id, o.name, o.kind, o.parent, src])?;
        tx.prepare_cached(INSERT_DEFINITION)?
            .execute(params!["organisation", o.id, src])?;
        for alias in &o.aliases {
            tx.prepare_cached(INSERT_ORGANISATION_ALIAS)?
                .execute(params![o.id, alias, src])?;
        }
    }
    for p in &a.people {
        tx.prepare_cached(UPSERT_PERSON)?
            .execute(params![p.id, p.name, src])?;
        tx.prepare_cached(INSERT_DEFINITION)?
            .execute(params!["person", p.id, src])?;
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
        tx.prepare_cached(INSERT_DEFINITION)?
            .execute(params!["place", p.id, src])?;
        for alias in &p.aliases {
            tx.prepare_cached(INSERT_PLACE_ALIAS)?
                .execute(params![p.id, alias, src])?;
        }
    }
    for e in a.events.iter().filter(|e| e.defines) {
        let Some(d) = &e.date else {
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
            })?;
    }
    Ok(())
}

/// The article's reports of events, with their participants, and its figures and quotes.
fn write_reports_tx(tx: &Transaction, a: &Article) -> Result<()> {
    let src = &a.source.id;
    for e in &a.events {
        let d = e.date.as_ref();
        tx.prepare_cached(INSERT_EVENT_SOURCE)?.execute(params![
            e.id,
            src,
            d.map(ToString::to_string),
            e.date_text,
            day(d.and_then(FuzzyDate::earliest)),
            day(d.and_then(FuzzyDate::latest)),
            e.resolved,
            e.disputed,
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
