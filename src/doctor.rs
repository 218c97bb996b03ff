//! Examining a database without changing it: its schema history against this build's migrations,
//! SQLite's integrity and foreign-key checks, row counts, and whether the seed files each source
//! was loaded from still hash to what was loaded. Returns a [`Report`]; never prints.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::db::{self, SchemaStatus};
use crate::seed::load;

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
    /// Each source loaded from a seed file, and how that file compares.
    pub seeds: Vec<SeedCheck>,
}

#[derive(Debug, Clone, Serialize)]
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
    /// The file is not there (paths are as `annals seed` was given them).
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

/// Examine the database behind `conn`. Reads only; seed file paths are resolved against the
/// current folder.
pub fn examine(conn: &Connection) -> Result<Report> {
    let schema = db::schema_status(conn)?;
    let integrity: Vec<String> = conn
        .prepare(INTEGRITY)?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
    let foreign_keys = conn
        .prepare(FOREIGN_KEYS)?
        .query_map([], |r| {
            Ok(ForeignKeyProblem {
                table: r.get(0)?,
                rowid: r.get(1)?,
                parent: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let names: Vec<String> = conn
        .prepare(TABLES)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = Vec::with_capacity(names.len());
    for name in names {
        // A table name read from the schema, quoted as an identifier; not user input.
        let sql = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
        let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        counts.push((name, n));
    }
    let seeds = if conn
        .query_row(HAS_SOURCES, [], |_| Ok(()))
        .optional()?
        .is_some()
    {
        seed_checks(conn)?
    } else {
        Vec::new()
    };
    Ok(Report {
        schema,
        integrity,
        foreign_keys,
        counts,
        seeds,
    })
}

fn seed_checks(conn: &Connection) -> Result<Vec<SeedCheck>> {
    let mut stmt = conn.prepare(SEEDED_SOURCES)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(source, file, hash)| {
            let path = PathBuf::from(&file);
            let state = compare(&path, hash.as_deref());
            SeedCheck {
                source,
                file: path,
                state,
            }
        })
        .collect())
}

/// Hash the file the way `annals seed` does and compare.
fn compare(path: &Path, loaded: Option<&str>) -> SeedState {
    if !path.exists() {
        return SeedState::Missing;
    }
    match load::read(path) {
        Ok(parsed) if Some(parsed.hash.as_str()) == loaded => SeedState::Unchanged,
        Ok(_) => SeedState::Changed,
        Err(e) => SeedState::Unreadable(e.message),
    }
}
