//! Examining a database without changing it: its schema history against this build's migrations,
//! SQLite's integrity and foreign-key checks, row counts, whether the seed files each source
//! was loaded from still hash to what was loaded, and whether a fresh load of the seed files
//! gives the same record. Returns a [`Report`]; never prints.

mod compare;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::{self, SchemaStatus};
use crate::seed::files;

/// What `examine` found.
#[derive(Debug)]
pub struct Report {
    pub schema: SchemaStatus,
    /// `PRAGMA integrity_check` lines other than `ok`.
    pub integrity: Vec<String>,
    /// `PRAGMA foreign_key_check` rows: a row of `table` (by rowid) whose reference to `parent`
    /// does not resolve.
    pub foreign_keys: Vec<ForeignKeyProblem>,
    /// Each table and how many rows it holds, by name.
    pub counts: Vec<(String, i64)>,
    /// Each seed path given that gives no seed file, and why (`more: no such file or folder`).
    pub unreadable_paths: Vec<String>,
    /// Each source loaded from a seed file, and how that file compares.
    pub seeds: Vec<SeedCheck>,
    /// The stored record against a fresh load of the seed files.
    pub rebuild: Rebuild,
}

/// The stored record compared with the seed files loaded afresh into a new database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuild {
    /// The same record, from this many seed files.
    Same(usize),
    /// Another record: the first differences, as "table: only in the database: row".
    Differs(Vec<String>),
    /// The seed files do not load (the first lines of the error).
    Failed(String),
    /// Not compared, and why (pending migrations; no seed files and nothing loaded from any).
    Skipped(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForeignKeyProblem {
    pub table: String,
    pub rowid: Option<i64>,
    pub parent: String,
}

/// A source's seed file compared with what was loaded from it.
#[derive(Debug, Clone)]
pub struct SeedCheck {
    pub source: String,
    pub file: PathBuf,
    pub state: SeedState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedState {
    /// The file (and its text) hash to what was loaded.
    Unchanged,
    /// The file or its text changed since it was loaded: `annals seed` would update it.
    Changed,
    /// No seed file of that name is in the seed folders given.
    Missing,
    /// The file is there but cannot be read or parsed.
    Unreadable(String),
}

impl Report {
    /// Everything that is wrong, one line each. Pending migrations are not wrong: the next
    /// command that opens the database applies them.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.schema.unknown {
            out.push(format!(
                "schema migration V{} \"{}\" is unknown to this annals (made by a newer one)",
                a.version, a.name
            ));
        }
        for a in &self.schema.divergent {
            out.push(format!(
                "schema migration V{} \"{}\" differs from this annals' file of that version",
                a.version, a.name
            ));
        }
        out.extend(self.integrity.iter().map(|l| format!("integrity: {l}")));
        for f in &self.foreign_keys {
            out.push(format!(
                "foreign key: a row of {} (rowid {}) refers to a missing {} row",
                f.table,
                f.rowid.map_or("-".into(), |r| r.to_string()),
                f.parent
            ));
        }
        out.extend(
            self.unreadable_paths
                .iter()
                .map(|p| format!("seed path {p}")),
        );
        for s in &self.seeds {
            let what = match &s.state {
                SeedState::Unchanged => continue,
                SeedState::Changed => "changed since it was loaded".to_string(),
                SeedState::Missing => "missing".to_string(),
                SeedState::Unreadable(e) => format!("unreadable: {e}"),
            };
            out.push(format!(
                "seed file {} (source {}) is {what}",
                s.file.display(),
                s.source
            ));
        }
        match &self.rebuild {
            Rebuild::Differs(lines) => {
                let mut p =
                    String::from("the stored record differs from a fresh load of the seed files:");
                for l in lines {
                    p.push_str("\n    ");
                    p.push_str(l);
                }
                out.push(p);
            }
            Rebuild::Failed(e) => out.push(format!("the seed files do not load afresh: {e}")),
            Rebuild::Same(_) | Rebuild::Skipped(_) => {}
        }
        out
    }
}

const INTEGRITY: &str = "PRAGMA integrity_check";
const FOREIGN_KEYS: &str = "PRAGMA foreign_key_check";
const HAS_EVENT_AREA: &str =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'event_area'";
/// Events whose area `event_geo` holds but the R*Tree `event_area` does not cover, and entries
/// of the R*Tree for no such event.
const EVENT_AREA_MISSES: &str = "
    SELECT (SELECT count(*) FROM event_geo g JOIN events e ON e.id = g.event_id
            LEFT JOIN event_area a ON a.id = e.rowid
            WHERE a.id IS NULL OR a.west > g.west OR a.east < g.east
               OR a.south > g.south OR a.north < g.north)
         + (SELECT count(*) FROM event_area a WHERE NOT EXISTS
            (SELECT 1 FROM events e JOIN event_geo g ON g.event_id = e.id WHERE e.rowid = a.id))";
const TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
    AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
const HAS_SOURCES: &str = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sources'";
const SEEDED_SOURCES: &str =
    "SELECT id, seed_file, seed_hash FROM sources WHERE seed_file IS NOT NULL ORDER BY id";

/// Why the record is not compared when a seed file changed since it was loaded.
const CHANGED: &str = "seed files changed since they were loaded (see below)";

/// Examine the database behind `conn` against the seed files under `paths`. Reads only, in one
/// read transaction: the schema, the counts, the stored hashes and the record all come from one
/// snapshot, so a seed that commits meanwhile is seen entirely or not at all. The fresh load
/// runs on a thread of its own while SQLite's checks read the stored database.
pub fn examine(conn: &Connection, paths: &[PathBuf]) -> Result<Report> {
    // Deferred: the snapshot is taken by the first read, and ends (rolled back) when dropped.
    let snapshot = conn.unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let schema = db::schema_status(conn)?;
    let (files, mut unreadable_paths) = seed_files(paths);
    let names = files::StoredNames::new(Some(conn), &files);
    let found = Snapshot {
        names: &names,
        by_name: files.iter().map(|f| (names.of(f), f.clone())).collect(),
        files: &files,
        paths,
    };
    let has_sources = conn
        .query_row(HAS_SOURCES, [], |_| Ok(()))
        .optional()?
        .is_some();
    let mut seeds = if has_sources {
        seed_checks(conn, &found)?
    } else {
        Vec::new()
    };
    // Nothing loaded and nothing to load (a database filled by other means): the paths given are
    // then no problem, only the reason nothing is compared.
    let nothing = seeds.is_empty() && files.is_empty();
    let unread = if nothing {
        std::mem::take(&mut unreadable_paths).join("; ")
    } else {
        String::new()
    };
    let skipped = if !schema.pending.is_empty() || !schema.unknown.is_empty() {
        Some("the schema is not up to date".to_string())
    } else if seeds.iter().any(|s| s.state != SeedState::Unchanged) {
        Some(CHANGED.to_string())
    } else if nothing {
        Some(format!("no seed files given ({unread}), and none loaded"))
    } else if !unreadable_paths.is_empty() {
        Some("a seed path given has no seed files (see below)".to_string())
    } else {
        None
    };
    let (checks, fresh) = std::thread::scope(|s| {
        let load = skipped.is_none().then(|| s.spawn(|| load_afresh(paths)));
        let checks = sqlite_checks(conn);
        let fresh = load.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (checks, fresh)
    });
    let (integrity, foreign_keys, counts) = checks?;
    // A fresh load ran exactly when nothing skipped it.
    let rebuild = match fresh {
        None => Rebuild::Skipped(skipped.unwrap_or_default()),
        Some(fresh) => {
            let compared = compare_afresh(conn, fresh?, files.len())?;
            settle(compared, &mut seeds, || seed_checks(conn, &found))?
        }
    };
    Ok(Report {
        schema,
        integrity,
        foreign_keys,
        counts,
        unreadable_paths,
        seeds,
        rebuild,
    })
}

/// What a comparison with a fresh load means for the report. A fresh load that failed or
/// differs may have read files edited meanwhile: what they hold `now` is looked at again, and a
/// changed file is then reported as such, not as a difference.
fn settle(
    compared: Compared,
    seeds: &mut Vec<SeedCheck>,
    now: impl FnOnce() -> Result<Vec<SeedCheck>>,
) -> Result<Rebuild> {
    Ok(match compared {
        Compared::Rebuilt(Rebuild::Same(n)) => Rebuild::Same(n),
        Compared::Rebuilt(r) => {
            let now = now()?;
            if now.iter().all(|s| s.state == SeedState::Unchanged) {
                r
            } else {
                *seeds = now;
                Rebuild::Skipped(CHANGED.into())
            }
        }
        Compared::ChangedMeanwhile(ids) => {
            for s in seeds.iter_mut().filter(|s| ids.contains(&s.source)) {
                s.state = SeedState::Changed;
            }
            Rebuild::Skipped(CHANGED.into())
        }
    })
}

/// What SQLite's own checks found, and each table's row count.
type SqliteChecks = (Vec<String>, Vec<ForeignKeyProblem>, Vec<(String, i64)>);

/// `PRAGMA integrity_check` (its lines other than `ok`), `PRAGMA foreign_key_check` and each
/// table's row count.
fn sqlite_checks(conn: &Connection) -> Result<SqliteChecks> {
    let mut integrity: Vec<String> = conn
        .prepare(INTEGRITY)?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
    if conn.query_row(HAS_EVENT_AREA, [], |r| r.get::<_, i64>(0))? > 0 {
        let misses: i64 = conn.query_row(EVENT_AREA_MISSES, [], |r| r.get(0))?;
        if misses > 0 {
            integrity.push(format!(
                "the index of events' areas (event_area) disagrees with event_geo on {misses} \
                 event(s)"
            ));
        }
    }
    let foreign_keys: Vec<ForeignKeyProblem> = db::rows(conn, FOREIGN_KEYS, [])?;
    let names: Vec<String> = conn
        .prepare(TABLES)?
        .query_map([], |r| r.get("name"))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = Vec::with_capacity(names.len());
    for name in names {
        // A table name read from the schema, quoted as an identifier; not user input.
        let sql = format!("SELECT count(*) FROM {}", db::quote_identifier(&name));
        let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        counts.push((name, n));
    }
    Ok((integrity, foreign_keys, counts))
}

/// The seed files in `paths`, and each path that has none, with why: one wrong path does not
/// hide the files the others have.
fn seed_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        match files::collect_files(std::slice::from_ref(path)) {
            Ok(files) => found.extend(files),
            Err(errors) => unreadable.extend(errors.0.iter().map(ToString::to_string)),
        }
    }
    found.sort();
    found.dedup();
    (found, unreadable)
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

/// What loading the seed files afresh gave: a comparison, or the stored articles whose files
/// the fresh load read with other bytes than those found unchanged a moment before (a file
/// edited while doctor ran), which are then not compared.
enum Compared {
    Rebuilt(Rebuild),
    ChangedMeanwhile(Vec<String>),
}

/// Each article loaded from a seed file, with that file's hash.
const SEED_HASHES: &str = "SELECT id, seed_hash FROM sources WHERE seed_file IS NOT NULL";

/// The seed files loaded afresh into a new database in a temporary folder (removed when this
/// is dropped), or why they do not load.
struct Fresh {
    _folder: Option<tempfile::TempDir>,
    loaded: Result<Connection, String>,
}

/// Load the seed files under `paths` into a new database in a temporary folder: on disk, not in
/// memory, so that a large record costs what seeding it costs. Where no temporary folder can
/// be made, the database is made in memory instead.
fn load_afresh(paths: &[PathBuf]) -> Result<Fresh> {
    let folder = tempfile::Builder::new().prefix("annals-doctor-").tempdir();
    let mut conn = match &folder {
        Ok(folder) => fresh_database(&folder.path().join("fresh.db"))?,
        Err(_) => db::open_in_memory()?,
    };
    let loaded = match crate::seed::seed(&mut conn, paths, false, &mut crate::seed::NoProgress) {
        Ok(_) => {
            // Back to SQLite's small page cache and temporary files for the comparison's sorts.
            conn.pragma_update(None, "cache_size", -2000)?;
            conn.pragma_update(None, "temp_store", "DEFAULT")?;
            Ok(conn)
        }
        Err(e) => Err(first_line(&format!("{e:#}"))),
    };
    Ok(Fresh {
        _folder: folder.ok(),
        loaded,
    })
}

/// Compare the record `conn` holds with a fresh load of its seed files ([`compare`]).
fn compare_afresh(conn: &Connection, fresh: Fresh, files: usize) -> Result<Compared> {
    let fresh = match &fresh.loaded {
        Ok(c) => c,
        Err(e) => return Ok(Compared::Rebuilt(Rebuild::Failed(e.clone()))),
    };
    let hashes = |c: &Connection| -> Result<HashMap<String, Option<String>>> {
        let mut stmt = c.prepare(SEED_HASHES)?;
        let rows = stmt.query_map([], |r| Ok((r.get("id")?, r.get("seed_hash")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let fresh_hashes = hashes(fresh)?;
    let mut moved: Vec<String> = hashes(conn)?
        .into_iter()
        .filter(|(id, hash)| fresh_hashes.get(id) != Some(hash))
        .map(|(id, _)| id)
        .collect();
    if !moved.is_empty() {
        moved.sort();
        return Ok(Compared::ChangedMeanwhile(moved));
    }
    let lines = compare::differences(conn, fresh)?;
    Ok(Compared::Rebuilt(if lines.is_empty() {
        Rebuild::Same(files)
    } else {
        Rebuild::Differs(lines)
    }))
}

/// A new database at `path` for a fresh load that nothing else reads and that is thrown away
/// after: nothing is synced to the disk.
fn fresh_database(path: &Path) -> Result<Connection> {
    let conn = db::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    Ok(conn)
}

/// The seed files given, by the name each has in the record.
struct Snapshot<'a> {
    names: &'a files::StoredNames,
    by_name: HashMap<String, PathBuf>,
    files: &'a [PathBuf],
    paths: &'a [PathBuf],
}

impl Snapshot<'_> {
    /// The file given that a stored name names, or where it would be. A bare file name (stored
    /// by an older annals) is looked for by that name, and shown in the first seed folder.
    fn file(&self, stored: &str) -> Result<PathBuf, PathBuf> {
        if let Some(path) = self.by_name.get(stored) {
            return Ok(path.clone());
        }
        if !files::is_bare_name(stored) {
            return Err(self.names.path_of(stored));
        }
        if let Some(path) = self.files.iter().find(|f| files::file_name(f) == stored) {
            return Ok(path.clone());
        }
        let folder = self
            .paths
            .iter()
            .find(|p| p.is_dir() || p.extension().is_none());
        Err(folder.map_or_else(|| PathBuf::from(stored), |f| f.join(stored)))
    }
}

/// Each stored article's seed file, found by its stored name among the seed files given (a
/// missing one is shown where that name points). The files are hashed first from their
/// `[source]` table alone, on every core; only a file whose hash differs is read whole, to say
/// whether it changed or cannot be read.
fn seed_checks(conn: &Connection, found: &Snapshot) -> Result<Vec<SeedCheck>> {
    let mut stmt = conn.prepare(SEEDED_SOURCES)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>("id")?,
                r.get::<_, String>("seed_file")?,
                r.get::<_, Option<String>>("seed_hash")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let located: Vec<Result<PathBuf, PathBuf>> =
        rows.iter().map(|(_, file, _)| found.file(file)).collect();
    let (paths, hashes): (Vec<PathBuf>, Vec<Option<&str>>) = located
        .iter()
        .zip(&rows)
        .filter_map(|(at, (_, _, hash))| at.as_ref().ok().map(|p| (p.clone(), hash.as_deref())))
        .unzip();
    let mut same = files::hashes_match(&paths, &hashes).into_iter();
    Ok(rows
        .into_iter()
        .zip(located)
        .map(|((source, _, hash), at)| {
            let (file, state) = match at {
                Ok(path) if same.next() == Some(true) => (path, SeedState::Unchanged),
                Ok(path) => {
                    let state = seed_state(&path, hash.as_deref());
                    (path, state)
                }
                Err(path) => (path, SeedState::Missing),
            };
            SeedCheck {
                source,
                file,
                state,
            }
        })
        .collect())
}

/// Hash the file the way `annals seed` does and compare.
fn seed_state(path: &Path, loaded: Option<&str>) -> SeedState {
    if !path.exists() {
        return SeedState::Missing;
    }
    match files::read(path) {
        Ok(parsed) if Some(parsed.hash.as_str()) == loaded => SeedState::Unchanged,
        Ok(_) => SeedState::Changed,
        Err(mut e) => SeedState::Unreadable(e.remove(0).message),
    }
}
