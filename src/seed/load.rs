//! Reading seed files from disk and writing checked articles to the database in one transaction.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::check::{
    self, Article, Checked, Checker, FileChecker, Known, KnownEntity, KnownEvent, KnownReport,
    Parsed,
};
use super::error::{SeedError, SeedErrors};
use super::model::SeedFile;
use super::progress::{NoProgress, Progress};
use super::write::Writer;
use crate::date::FuzzyDate;

/// The largest seed file or article text read; anything bigger is refused unread.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What happened to one seed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Updated,
    Unchanged,
    /// `--prune` was given and no file of the run is the article: what it stated was removed.
    Pruned,
    /// The article's file now gives another article id: what the old article stated was
    /// removed.
    Replaced,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
            Status::Pruned => "pruned",
            Status::Replaced => "replaced",
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

/// Parse a seed file's text, or give its first problem. Pure: the path is only for messages.
pub fn parse(path: &Path, text: &str) -> Result<SeedFile, SeedError> {
    match parse_all(path, text) {
        Ok((file, unknown)) if unknown.is_empty() => Ok(file),
        Ok((_, mut errors)) | Err(mut errors) => Err(errors.remove(0)),
    }
}

/// Parse a seed file's text: the file and the unknown keys found in it, which are left out so
/// that the rest of the file is still read and checked (they are errors all the same). `Err`
/// when the file cannot be read as the format at all (syntax, a wrong type, a missing field),
/// with every unknown key as well. Pure: the path is only for messages.
pub fn parse_all(path: &Path, text: &str) -> Result<(SeedFile, Vec<SeedError>), Vec<SeedError>> {
    use serde::Deserialize;
    if text.trim().is_empty() {
        return Err(vec![SeedError::file(
            path,
            "the file is empty: a seed file needs a [source] table",
        )]);
    }
    let error = |e: toml::de::Error| {
        let message = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => SeedError::at(path, text, span, message),
            None => SeedError::file(path, message),
        }
    };
    let mut doc = toml::de::DeTable::parse(text).map_err(|e| vec![error(e)])?;
    let unknown: Vec<SeedError> = super::model::strip_unknown_keys(doc.get_mut())
        .into_iter()
        .map(|(span, message)| SeedError::at(path, text, span, message))
        .collect();
    match SeedFile::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(file) => Ok((file, unknown)),
        Err(e) => {
            let mut all = unknown;
            all.push(error(e));
            all.sort_by_key(|e| (e.line, e.column));
            Err(all)
        }
    }
}

/// A regular file's bytes, at most [`MAX_FILE_BYTES`] of them whatever its metadata says. A
/// named pipe, device or socket is refused before it is read (and opened without waiting for a
/// writer), so a seed never hangs holding the write lock.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_big = |n: u64| {
        format!(
            "the file is {} MB; files over {} MB are refused",
            n / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    let meta = fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("it is {}, not a regular file", file_kind(&meta)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| e.to_string())?;
    // What was opened is what was checked (the path may have changed in between).
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() {
        return Err(format!("it is {}, not a regular file", file_kind(&opened)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, for messages.
fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Read and parse one seed file and the article text it names. `Err`: every problem that stops
/// the file from being read.
pub fn read(path: &Path) -> Result<Parsed, Vec<SeedError>> {
    let bytes =
        read_limited(path).map_err(|e| vec![SeedError::file(path, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        vec![SeedError {
            line: Some(valid.matches('\n').count() + 1),
            column: Some(valid[line_start..].chars().count() + 1),
            ..SeedError::file(
                path,
                format!("not UTF-8 text (invalid byte at offset {at})"),
            )
        }]
    })?;
    let (file, unknown_keys) = parse_all(path, &text)?;
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
        unknown_keys,
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

/// What each stored article states of the people, organisations and places it lists:
/// (id, name, kind, parent, source id, file).
const KNOWN_PEOPLE: &str = "
    SELECT d.id, d.name, NULL, NULL, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'person' ORDER BY s.published, s.id";
const KNOWN_ORGANISATIONS: &str = "
    SELECT d.id, d.name, d.org_kind, d.parent_id, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'organisation' ORDER BY s.published, s.id";
const KNOWN_PLACES: &str = "
    SELECT d.id, d.name, NULL, d.parent_id, d.source_id, ifnull(s.seed_file, s.id)
    FROM definitions d JOIN sources s ON s.id = d.source_id
    WHERE d.kind = 'place' ORDER BY s.published, s.id";
/// Every stored report: (event id, source id, file, date, disputed, kind, title, summary,
/// place).
const KNOWN_REPORTS: &str = "
    SELECT es.event_id, es.source_id, ifnull(s.seed_file, s.id), es.date, es.disputed,
        es.kind, es.title, es.summary, es.place_id
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    ORDER BY s.published, s.id";
const KNOWN_REPORTS_OF: &str = "
    SELECT es.event_id, es.source_id, ifnull(s.seed_file, s.id), es.date, es.disputed,
        es.kind, es.title, es.summary, es.place_id
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
    let mut reports = conn.prepare(KNOWN_REPORTS_OF)?;
    for id in &strings {
        let mut e = KnownEvent::default();
        let mut rows = reports.query([id])?;
        while let Some(r) = rows.next()? {
            e.reports.push(known_report(r)?);
        }
        if !e.reports.is_empty() {
            events.insert(id.clone(), e);
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

/// A row of [`KNOWN_REPORTS`] without its event id.
fn known_report(r: &rusqlite::Row) -> rusqlite::Result<KnownReport> {
    let date: Option<String> = r.get(3)?;
    Ok(KnownReport {
        source_id: r.get(1)?,
        file: r.get(2)?,
        date: date.and_then(|d| FuzzyDate::parse(&d).ok()),
        disputed: r.get(4)?,
        kind: r.get(5)?,
        title: r.get(6)?,
        summary: r.get(7)?,
        place: r.get(8)?,
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
                kind: r.get(2)?,
                parent: r.get(3)?,
                source_id: r.get(4)?,
                file: r.get(5)?,
            });
        }
        Ok(out)
    };
    Ok(Known {
        people: load(KNOWN_PEOPLE)?,
        organisations: load(KNOWN_ORGANISATIONS)?,
        places: load(KNOWN_PLACES)?,
        events: HashMap::new(),
        event_hints: Vec::new(),
    })
}

/// The ids the database already holds, with every article defining or reporting each.
pub fn known(conn: &Connection) -> Result<Known> {
    let mut events: HashMap<String, KnownEvent> = HashMap::new();
    let mut stmt = conn.prepare(KNOWN_REPORTS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        events.entry(id).or_default().reports.push(known_report(r)?);
    }
    Ok(Known {
        events,
        ..known_entities(conn)?
    })
}

const STORED_SOURCES: &str = "SELECT id, seed_file FROM sources ORDER BY id";
const STORED_ARTICLES: &str = "SELECT count(*) FROM sources";

/// Stored articles this run removes, with their seed file: an article whose file (by name) the
/// run loads but which now gives another id ([`Status::Replaced`]), and with `prune` every
/// other stored article that is not among the `present` ones ([`Status::Pruned`]). Decided by
/// article ids, never by whether a file exists where a path once pointed.
fn removed(
    conn: &Connection,
    present: &HashSet<String>,
    names: &HashSet<String>,
    prune: bool,
) -> Result<Vec<(String, String, Status)>> {
    let mut stmt = conn.prepare(STORED_SOURCES)?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, file) = row?;
        if present.contains(&id) {
            continue;
        }
        let name = file.as_deref().map(|f| stored_name(Path::new(f)));
        let shown = file.clone().unwrap_or_else(|| id.clone());
        if name.is_some_and(|n| names.contains(&n)) {
            out.push((id, shown, Status::Replaced));
        } else if prune {
            out.push((id, shown, Status::Pruned));
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
    pruned: Vec<(String, String, Status)>,
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
                by_file.insert(stored_name(Path::new(&file)), id.clone());
            }
            stored_ids.insert(id);
        }
    }
    let names: HashSet<String> = files
        .iter()
        .chain(kept.iter().map(|(_, f)| f))
        .map(|f| stored_name(f))
        .collect();
    let guess: HashSet<String> = files
        .iter()
        .filter_map(|f| by_file.get(&stored_name(f)).cloned())
        .chain(kept.iter().map(|(id, _)| id.clone()))
        .collect();
    let pruned = match conn {
        Some(conn) => removed(conn, &guess, &names, prune)?,
        None => Vec::new(),
    };
    let stored_only = |ids: &HashSet<String>| -> BTreeSet<String> {
        ids.iter()
            .filter(|id| stored_ids.contains(*id))
            .cloned()
            .collect()
    };
    let mut replaced: HashSet<String> = guess
        .into_iter()
        .chain(pruned.into_iter().map(|(id, _, _)| id))
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
            Some(conn) => {
                let present = loaded
                    .iter()
                    .chain(kept.iter().map(|(id, _)| id))
                    .cloned()
                    .collect();
                removed(conn, &present, &names, prune)?
            }
            None => Vec::new(),
        };
        let actual: HashSet<String> = loaded
            .into_iter()
            .chain(pruned.iter().map(|(id, _, _)| id.clone()))
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
fn read_and_check(checker: &FileChecker, path: &Path) -> Result<(Parsed, Checked), Vec<SeedError>> {
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
    parsed: Result<(Parsed, Checked), Vec<SeedError>>,
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
                vec![SeedError::file(
                    &p.path,
                    "the file changed while it was being seeded",
                )],
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
        let names = kept.iter().map(|(_, f)| stored_name(f)).collect();
        if removed(&tx, &loaded, &names, prune)?.is_empty() {
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
    for (id, file, status) in &pruned {
        summary.files.push(FileSummary::removed(id, file, *status));
    }
    match writer {
        Some(w) if summary.wrote() => {
            w.finish(&tx, pruned.iter().map(|(id, _, _)| id.as_str()))?;
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
    pruned: Vec<(String, String, Status)>,
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
        .chain(pruned.iter().map(|(id, _, _)| id.as_str()))
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
    let file = stored_name(file);
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

    fn removed(id: &str, file: &str, status: Status) -> FileSummary {
        FileSummary {
            file: PathBuf::from(file),
            source: id.to_string(),
            status,
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
        let file: String = r.get(0)?;
        stored.insert(stored_name(Path::new(&file)), (r.get(1)?, r.get(2)?));
    }
    let candidates: Vec<Option<(String, String)>> = files
        .iter()
        .map(|f| match stored.remove(&stored_name(f)) {
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

/// How a seed file is named in the record (`sources.seed_file`): relative to its seed folder,
/// which is its name, since a folder's seed files are the `*.toml` files directly in it. The
/// same whatever the working directory or the path the file was given by.
pub fn stored_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
