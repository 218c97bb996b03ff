//! Examining a database without changing it: its schema history against this build's migrations,
//! SQLite's integrity and foreign-key checks, row counts, whether the seed files each source
//! was loaded from still hash to what was loaded, and whether a fresh load of the seed files
//! gives the same record. Returns a [`Report`]; never prints.

use std::collections::{BTreeMap, HashMap};
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

/// The stored record compared with the seed files loaded afresh into a database in memory.
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
const TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
    AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
const HAS_SOURCES: &str = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sources'";
const SEEDED_SOURCES: &str =
    "SELECT id, seed_file, seed_hash FROM sources WHERE seed_file IS NOT NULL ORDER BY id";

/// Why the record is not compared when a seed file changed since it was loaded.
const CHANGED: &str = "seed files changed since they were loaded (see below)";

/// Examine the database behind `conn` against the seed files under `paths`. Reads only, in one
/// read transaction: the schema, the counts, the stored hashes and the record all come from one
/// snapshot, so a seed that commits meanwhile is seen entirely or not at all.
pub fn examine(conn: &Connection, paths: &[PathBuf]) -> Result<Report> {
    // Deferred: the snapshot is taken by the first read, and ends (rolled back) when dropped.
    let snapshot = conn.unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let schema = db::schema_status(conn)?;
    let integrity: Vec<String> = conn
        .prepare(INTEGRITY)?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
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
    let (files, mut unreadable_paths) = seed_files(paths);
    let names = files::StoredNames::new(Some(conn), &files);
    let found = Snapshot {
        names: &names,
        by_name: files.iter().map(|f| (names.of(f), f.clone())).collect(),
        files: &files,
        paths,
    };
    let mut seeds = if conn
        .query_row(HAS_SOURCES, [], |_| Ok(()))
        .optional()?
        .is_some()
    {
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
    let rebuild = if !schema.pending.is_empty() || !schema.unknown.is_empty() {
        Rebuild::Skipped("the schema is not up to date".into())
    } else if seeds.iter().any(|s| s.state != SeedState::Unchanged) {
        Rebuild::Skipped(CHANGED.into())
    } else if nothing {
        Rebuild::Skipped(format!("no seed files given ({unread}), and none loaded"))
    } else if !unreadable_paths.is_empty() {
        Rebuild::Skipped("a seed path given has no seed files (see below)".into())
    } else {
        match rebuild(conn, paths, files.len())? {
            Compared::Rebuilt(Rebuild::Same(n)) => Rebuild::Same(n),
            // A fresh load that failed or differs may have read files edited meanwhile: what
            // they hold now is looked at again.
            Compared::Rebuilt(r) => {
                let now = seed_checks(conn, &found)?;
                if now.iter().all(|s| s.state == SeedState::Unchanged) {
                    r
                } else {
                    seeds = now;
                    Rebuild::Skipped(CHANGED.into())
                }
            }
            Compared::ChangedMeanwhile(ids) => {
                for s in seeds.iter_mut().filter(|s| ids.contains(&s.source)) {
                    s.state = SeedState::Changed;
                }
                Rebuild::Skipped(CHANGED.into())
            }
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

/// Load the seed files under `paths` into a new database in memory and compare its record
/// with the one `conn` holds.
fn rebuild(conn: &Connection, paths: &[PathBuf], files: usize) -> Result<Compared> {
    let mut fresh = db::open_in_memory()?;
    if let Err(e) = crate::seed::seed(&mut fresh, paths, false, &mut crate::seed::NoProgress) {
        return Ok(Compared::Rebuilt(Rebuild::Failed(first_line(&format!(
            "{e:#}"
        )))));
    }
    let hashes = |c: &Connection| -> Result<HashMap<String, Option<String>>> {
        let mut stmt = c.prepare(SEED_HASHES)?;
        let rows = stmt.query_map([], |r| Ok((r.get("id")?, r.get("seed_hash")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let fresh_hashes = hashes(&fresh)?;
    let mut moved: Vec<String> = hashes(conn)?
        .into_iter()
        .filter(|(id, hash)| fresh_hashes.get(id) != Some(hash))
        .map(|(id, _)| id)
        .collect();
    if !moved.is_empty() {
        moved.sort();
        return Ok(Compared::ChangedMeanwhile(moved));
    }
    let (stored, rebuilt) = (record(conn)?, record(&fresh)?);
    if stored == rebuilt {
        return Ok(Compared::Rebuilt(Rebuild::Same(files)));
    }
    let mut lines = Vec::new();
    // Tables first: a view differs only where a table does.
    for (table, rows) in stored.iter().filter(|(name, _)| name.starts_with("table ")) {
        let empty = Vec::new();
        let other = rebuilt.get(table).unwrap_or(&empty);
        for (row, side) in only_in(rows, other)
            .into_iter()
            .map(|r| (r, "only in the database"))
            .chain(
                only_in(other, rows)
                    .into_iter()
                    .map(|r| (r, "only in a fresh load")),
            )
        {
            lines.push(format!("{table}: {side}: {row}"));
        }
    }
    if lines.is_empty() {
        for (view, rows) in &stored {
            let empty = Vec::new();
            let other = rebuilt.get(view).unwrap_or(&empty);
            for row in only_in(rows, other) {
                lines.push(format!("{view}: only in the database: {row}"));
            }
            for row in only_in(other, rows) {
                lines.push(format!("{view}: only in a fresh load: {row}"));
            }
        }
    }
    const SHOWN: usize = 10;
    if lines.len() > SHOWN {
        let more = lines.len() - SHOWN;
        lines.truncate(SHOWN);
        lines.push(format!("… and {more} more rows"));
    }
    Ok(Compared::Rebuilt(Rebuild::Differs(lines)))
}

/// The rows of sorted `a` that sorted `b` does not have (as many times as `a` has them more).
fn only_in<'a>(a: &'a [String], b: &[String]) -> Vec<&'a String> {
    let mut out = Vec::new();
    let mut j = 0;
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j < b.len() && b[j] == *x {
            j += 1;
        } else {
            out.push(x);
        }
    }
    out
}

/// Tables and views that are not the record: the schema's history, the full-text index's own
/// tables, the seeder's switch.
const NOT_RECORD: &str = "
    SELECT type, name FROM sqlite_master
    WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      AND name NOT LIKE '%\\_fts%' ESCAPE '\\'
      AND name NOT IN ('refinery_schema_history', 'search_sync')
    ORDER BY name";

/// Each column of a table: its name, declared type and place in the primary key.
const TABLE_COLUMNS: &str = "SELECT name, type, pk FROM pragma_table_info(?1)";

/// The record `conn` holds: for every table and view ("table events", "view timeline"), its
/// rows as text, sorted. Left out is
/// what says where SQLite put a row rather than what an article stated (a table's `INTEGER
/// PRIMARY KEY`, a view's integer `id` or `event_rowid`) and where each article was loaded from
/// (`sources.seed_file` and `seed_hash`).
pub fn record(conn: &Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let objects: Vec<(String, String)> = conn
        .prepare(NOT_RECORD)?
        .query_map([], |r| Ok((r.get("type")?, r.get("name")?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for (kind, name) in objects {
        let mut skip: Vec<String> = Vec::new();
        if kind == "table" {
            let mut info = conn.prepare(TABLE_COLUMNS)?;
            let cols: Vec<(String, String, i64)> = info
                .query_map([&name], |r| {
                    Ok((r.get("name")?, r.get("type")?, r.get("pk")?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            if cols.iter().filter(|c| c.2 > 0).count() == 1 {
                skip.extend(
                    cols.iter()
                        .filter(|c| c.2 == 1 && c.1.eq_ignore_ascii_case("INTEGER"))
                        .map(|c| c.0.clone()),
                );
            }
            if name == "sources" {
                skip.extend(["seed_file".into(), "seed_hash".into()]);
            }
        }
        // A name read from the schema, quoted as an identifier; not user input.
        let sql = format!("SELECT * FROM {}", db::quote_identifier(&name));
        let mut stmt = conn.prepare(&sql)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut rows = stmt.query([])?;
        let mut lines = Vec::new();
        while let Some(r) = rows.next()? {
            let mut cells = Vec::new();
            for (i, col) in columns.iter().enumerate() {
                let v = r.get_ref(i)?;
                let surrogate = kind == "view"
                    && (col == "id" || col == "event_rowid")
                    && matches!(v, rusqlite::types::ValueRef::Integer(_));
                if surrogate || skip.contains(col) {
                    continue;
                }
                cells.push(format!("{col}={}", value_text(v)));
            }
            lines.push(cells.join(" "));
        }
        lines.sort();
        out.insert(format!("{kind} {name}"), lines);
    }
    Ok(out)
}

/// A value as text that tells its type: NULL, 5, 5.0, "text", x'00ff'.
fn value_text(v: rusqlite::types::ValueRef) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!(
            "x'{}'",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
    }
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
/// missing one is shown where that name points).
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
    Ok(rows
        .into_iter()
        .map(|(source, file, hash)| {
            let (path, state) = match found.file(&file) {
                Ok(path) => {
                    let state = seed_state(&path, hash.as_deref());
                    (path, state)
                }
                Err(path) => (path, SeedState::Missing),
            };
            SeedCheck {
                source,
                file: path,
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
