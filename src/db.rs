//! Opening the database: the only way to get a [`Connection`]. Sets the pragmas every connection
//! needs (foreign keys on, WAL, a busy timeout), checks the schema's history against this build's
//! migrations and applies pending ones from `migrations/`.
//!
//! Creating and migrating are safe when processes do them at once. A new database is built at a
//! temporary path and takes its name only whole, never replacing a file that appeared meanwhile
//! ([`open_or_create`]); no database file is ever removed. Migrations read the history and apply
//! what it lacks under one write lock, in one transaction.
//!
//! A database file that cannot be written (a read-only file or folder) is opened read-only, so
//! queries still work and writes fail with a message saying why. When its folder is read-only and
//! no `-wal` file is beside it, SQLite cannot create the shared-memory file WAL readers need, so the
//! file is opened as immutable (the main file then holds every committed change).
//!
//! Test hook: `ANNALS_TEST_MAX_PAGES=N` caps the database at N pages (`PRAGMA max_page_count`), to
//! simulate a full disk. It is not meant for anything else.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use chrono::SecondsFormat;
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{
    params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, MAIN_DB,
};

mod create;
mod rows;

pub use rows::{columns_for, each_row, from_row, rows};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// How long a connection waits for another writer before it reports the database as busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment variable that caps the database's size in pages (a test hook: a full disk).
pub const MAX_PAGES_VAR: &str = "ANNALS_TEST_MAX_PAGES";

/// Open (creating if needed) the database at `path` and bring its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    open_or_create(path, |_| Ok(())).map(|(conn, _)| conn)
}

/// Open the database at `path` as [`open`] does; when there is none, make it first, whole:
/// created, migrated and filled by `fill` at a temporary path beside it, then published under
/// `path` only if still nothing is there. Returns what `fill` returned when this call published
/// the database, `None` when it opened one that was there (or appeared meanwhile, made by another
/// process: what this call built is then discarded).
///
/// So processes that create the same new path at once end with one whole database, no process
/// ever sees a half-made one, and a failure removes only the temporary file this call made: no
/// database file is ever removed.
pub fn open_or_create<T>(
    path: &Path,
    fill: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<(Connection, Option<T>)> {
    if path.is_dir() {
        bail!("{} is a directory, not a database file", path.display());
    }
    // A symbolic link names the file it leads to: a new database is made there, by the same
    // safe path as any other, never by SQLite following a link to nothing.
    let target = follow_links(path)?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            bail!(
                "cannot create {}: the folder {} does not exist",
                shown(path, &target),
                parent.display()
            );
        }
    }
    let made = match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create::publish_new(&target, fill)?,
        _ => None,
    };
    let mut conn = connect(path, true)?;
    set_up(&mut conn).with_context(|| format!("cannot use database {}", path.display()))?;
    Ok((conn, made))
}

/// The path `path` leads to through symbolic links (itself when it is none), whether or not
/// anything is there: each link is read and followed, relative to the folder it is in.
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)
                    .with_context(|| format!("cannot read the link {}", at.display()))?;
                at = match at.parent() {
                    Some(folder) => folder.join(to),
                    None => to,
                };
            }
            _ => return Ok(at),
        }
    }
    bail!(
        "{} is a symbolic link that leads to itself (or through more than 40 links)",
        path.display()
    )
}

/// `path`, and where it leads when that is another path.
fn shown(path: &Path, target: &Path) -> String {
    if path == target {
        path.display().to_string()
    } else {
        format!("{} (a link to {})", path.display(), target.display())
    }
}

/// Open an existing database as it is, without changing its journal mode or applying migrations
/// (for `doctor`, which reports what `open` would do).
pub fn open_unmigrated(path: &Path) -> Result<Connection> {
    if path.is_dir() {
        bail!("{} is a directory, not a database file", path.display());
    }
    if !path.exists() {
        bail!("there is no database at {}", path.display());
    }
    connect(path, false)
}

/// `path` as SQLite must be given it to read it as a file name. SQLite gives some names a meaning
/// of their own: `:memory:` (and an empty name) is a database in memory that keeps nothing, and a
/// name that starts with `file:` is a URI (`file:x.db?mode=memory`). A relative path is therefore
/// given as `./PATH`, which SQLite reads as the file it names. `--db` is always a path.
pub fn sqlite_path(path: &Path) -> std::borrow::Cow<'_, Path> {
    if path.is_relative() {
        std::borrow::Cow::Owned(Path::new(".").join(path))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// Open the existing database at `path` read-only, for `annals sql`: SQLite itself refuses every
/// write, ATTACH is refused (no database may be attached), and extensions cannot be loaded (the
/// connection never enables them). Foreign keys and the busy timeout are set as in [`open`]; no
/// migration runs.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        bail!("there is no database file at {}", path.display());
    }
    let conn = connect_read_only(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    plan_independently_of_values(&conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    Ok(conn)
}

/// Open the existing database at `path` read-only and as it is: no pragma changed, no migration
/// run, nothing written (for `check`, which never changes a database). Returns the connection and
/// the schema version its history records; a file without that history is not an annals
/// database and is refused.
pub fn open_as_is(path: &Path) -> Result<(Connection, i64)> {
    let conn = connect_read_only(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version = schema_version(&conn)
        .with_context(|| format!("{} is not an annals database", path.display()))?;
    Ok((conn, version))
}

/// The database at `path`, read-only and as it is, when the file exists; `None` when it does
/// not. A schema older than `needs` is refused, saying that `command` never changes a database.
pub fn open_if_present(path: &Path, needs: i64, command: &str) -> Result<Option<Connection>> {
    if !path.is_file() {
        return Ok(None);
    }
    let (conn, version) = open_as_is(path)?;
    if version < needs {
        bail!(
            "database {} has schema version {version}; run `annals migrate` first ({command} \
             never changes a database)",
            path.display()
        );
    }
    Ok(Some(conn))
}

const READ_ONLY: OpenFlags =
    OpenFlags::SQLITE_OPEN_READ_ONLY.union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// The file at `path`, opened read-only, and read once. As in `connect`: in a folder SQLite
/// cannot create the WAL's shared-memory file in, the file is read as immutable when no `-wal`
/// file holds changes it lacks.
fn connect_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(sqlite_path(path), READ_ONLY)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    let Err(e) = readable(&conn) else {
        return Ok(conn);
    };
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        bail!("{} is not an SQLite database", path.display());
    }
    if !matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    ) || wal_file(path).exists()
    {
        return Err(e).with_context(|| format!("cannot read database {}", path.display()));
    }
    Connection::open_with_flags(immutable_uri(path), READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
        .and_then(|c| readable(&c).map(|()| c))
        .map_err(|_| e)
        .with_context(|| format!("cannot read database {}", path.display()))
}

/// An in-memory database with the full schema, for tests and dry runs.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    settings(&conn)?;
    set_up(&mut conn)?;
    Ok(conn)
}

/// Open the file (read-write when possible, read-only when not) and check that it is a database.
fn connect(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(sqlite_path(path), flags)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    settings(&conn)?;
    match readable(&conn) {
        Ok(()) => Ok(conn),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            bail!("{} is not an SQLite database", path.display())
        }
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
            ) && path.exists()
                && !wal_file(path).exists() =>
        {
            // A folder SQLite cannot create the WAL's shared-memory file in: read the file as
            // immutable, which needs no companion files.
            drop(conn);
            let conn = Connection::open_with_flags(
                immutable_uri(path),
                READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            )
            .and_then(|c| readable(&c).map(|()| c))
            .map_err(|_| e)
            .with_context(|| format!("cannot read database {}", path.display()))?;
            settings(&conn)?;
            Ok(conn)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read database {}", path.display())),
    }
}

/// The first statement that reads the file: a file that is not a database fails here.
fn readable(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
}

fn settings(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    plan_independently_of_values(conn)?;
    // Outside any transaction: inside one, PRAGMA foreign_keys is silently a no-op.
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if !fk {
        bail!("this SQLite cannot enforce foreign keys");
    }
    if let Some(pages) = std::env::var(MAX_PAGES_VAR)
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
    {
        conn.pragma_update(None, "max_page_count", pages)?;
    }
    Ok(())
}

fn wal_file(path: &Path) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    p.into()
}

/// `file:` URI for `path`, opened immutable and read-only.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in sqlite_path(path).to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

/// Plans do not depend on bound values: otherwise SQLite may re-prepare a statement each time a
/// parameter changes, which costs more than running it (about 0.2 ms per row of a listing).
fn plan_independently_of_values(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// Whether the connection cannot write (a read-only file or folder).
pub fn is_read_only(conn: &Connection) -> bool {
    conn.is_readonly(MAIN_DB).unwrap_or(false)
}

/// The page size of a new database, in bytes. 16 KiB rather than SQLite's 4 KiB: a large load
/// writes a quarter as many pages (each one a system call into the WAL and another at the
/// checkpoint) and its B-trees are a level shallower; timeline queries read no slower.
const PAGE_SIZE: i64 = 16 * 1024;

fn set_up(conn: &mut Connection) -> Result<()> {
    if !is_read_only(conn) {
        // Only a database with no table yet takes it; on any other this does nothing.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        if mode != "wal" && mode != "memory" {
            bail!("cannot switch the database to WAL mode (journal mode is {mode})");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    migrate(conn)
}

/// One migration as the database's history records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: i64,
    pub name: String,
    pub checksum: String,
}

/// The database's schema history compared with this build's migrations.
#[derive(Debug, Clone, Default)]
pub struct SchemaStatus {
    /// What the database's history records, in version order.
    pub applied: Vec<Applied>,
    /// This build's migrations the database has not had yet: (version, name).
    pub pending: Vec<(i64, String)>,
    /// Applied migrations this build does not have (made by a newer annals).
    pub unknown: Vec<Applied>,
    /// Applied migrations whose name or content differs from this build's file of that version.
    pub divergent: Vec<Applied>,
}

impl SchemaStatus {
    /// The highest applied version (0 for a new database).
    pub fn version(&self) -> i64 {
        self.applied.iter().map(|a| a.version).max().unwrap_or(0)
    }
}

const SCHEMA_VERSION: &str = "SELECT ifnull(max(version), 0) FROM refinery_schema_history";

/// The highest schema version the database's history records (an error when it has no history
/// table). Reads only.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(SCHEMA_VERSION, [], |r| r.get(0))?)
}

/// `name` quoted as an SQL identifier (`"a""b"` for `a"b`), for the names of tables, views,
/// indexes and triggers read from the schema. Never for values: those are bound parameters.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

const HAS_HISTORY: &str =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history'";
const HISTORY: &str =
    "SELECT version, name, checksum FROM refinery_schema_history ORDER BY version";

/// Compare the database's schema history with this build's migrations. Reads only.
pub fn schema_status(conn: &Connection) -> Result<SchemaStatus> {
    let mut status = SchemaStatus::default();
    if conn
        .query_row(HAS_HISTORY, [], |_| Ok(()))
        .optional()?
        .is_some()
    {
        let mut stmt = conn.prepare(HISTORY)?;
        let rows = stmt.query_map([], |r| {
            Ok(Applied {
                version: r.get("version")?,
                name: r.get::<_, Option<String>>("name")?.unwrap_or_default(),
                checksum: r.get::<_, Option<String>>("checksum")?.unwrap_or_default(),
            })
        })?;
        status.applied = rows.collect::<rusqlite::Result<_>>()?;
    }
    let runner = embedded::migrations::runner();
    let local = runner.get_migrations();
    for a in &status.applied {
        match local.iter().find(|m| i64::from(m.version()) == a.version) {
            None => status.unknown.push(a.clone()),
            Some(m) if m.name() != a.name || m.checksum().to_string() != a.checksum => {
                status.divergent.push(a.clone())
            }
            Some(_) => {}
        }
    }
    let mut pending: Vec<(i64, String)> = local
        .iter()
        .filter(|m| {
            !status
                .applied
                .iter()
                .any(|a| a.version == i64::from(m.version()))
        })
        .map(|m| (i64::from(m.version()), m.name().to_string()))
        .collect();
    pending.sort();
    status.pending = pending;
    Ok(status)
}

/// Apply pending migrations. A database that has a migration this build does not know, or whose
/// applied migration differs from this build's file, is refused before anything is written.
///
/// Reading the history and applying what it lacks happen under one write lock (`BEGIN
/// IMMEDIATE`), in one transaction: when two processes open an old database at once, one waits
/// for the other and then finds nothing left to apply. A migration that fails, or leaves a
/// reference that does not resolve, changes nothing.
fn migrate(conn: &mut Connection) -> Result<()> {
    // Without the lock first: a database that is up to date (or read-only) is only read.
    let status = schema_status(conn).context("reading the schema's history")?;
    refuse_unknown_history(&status)?;
    if status.pending.is_empty() {
        return Ok(());
    }
    if is_read_only(conn) {
        bail!(
            "the database is read-only and needs schema migration V{} \"{}\" first; \
             run `annals migrate` where the file is writable",
            status.pending[0].0,
            status.pending[0].1
        );
    }
    // A migration that changes a table makes it again (SQLite's ALTER TABLE documentation):
    // dropping the old one must not fire the ON DELETE actions of the rows that refer to it, so
    // foreign keys are off while migrations run (only outside a transaction does this take
    // effect), and every key is checked once they have.
    conn.pragma_update(None, "foreign_keys", false)?;
    let ran = migrate_locked(conn);
    conn.pragma_update(None, "foreign_keys", true)?;
    ran
}

/// Refuse a history with a migration this build does not know or one that differs from its file.
fn refuse_unknown_history(status: &SchemaStatus) -> Result<()> {
    if let Some(a) = status.unknown.first() {
        bail!(
            "it has schema migration V{} \"{}\", which this annals does not know: it was made \
             by a newer annals. Use that version (or a newer one) to open it; nothing was changed",
            a.version,
            a.name
        );
    }
    if let Some(a) = status.divergent.first() {
        bail!(
            "its schema migration V{} \"{}\" differs from this annals' migration of that version \
             (the migration file was changed after the database was made). Use the annals that \
             made it, or rebuild the database from its seed files; nothing was changed",
            a.version,
            a.name
        );
    }
    Ok(())
}

/// Tables of annals' own schema: a database holding them has had migrations, whatever its history
/// says.
const HAS_RECORD_TABLES: &str =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('sources', 'events')";

/// The history table as refinery makes it, so that either can read what the other wrote.
const CREATE_HISTORY: &str = "CREATE TABLE IF NOT EXISTS refinery_schema_history(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255));";
/// One applied migration, in refinery's format: `applied_on` in RFC 3339, the checksum as text.
const RECORD_MIGRATION: &str = "INSERT INTO refinery_schema_history \
     (version, name, applied_on, checksum) VALUES (?1, ?2, ?3, ?4)";

/// Take the write lock, read the history again (another process may have migrated the database
/// since it was read without the lock) and apply what is still pending, all in one transaction.
fn migrate_locked(conn: &mut Connection) -> Result<()> {
    // Waits for another writer up to the busy timeout.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let status = schema_status(&tx).context("reading the schema's history")?;
    refuse_unknown_history(&status)?;
    let latest = status.version();
    if let Some((version, name)) = status.pending.iter().find(|(v, _)| *v < latest) {
        bail!(
            "its schema history lacks migration V{version} \"{name}\" but has V{latest}, which \
             came after it; nothing was changed"
        );
    }
    if status.pending.is_empty() {
        // Migrated by another process meanwhile; the transaction ends without writing.
        return Ok(());
    }
    if status.applied.is_empty()
        && tx
            .query_row(HAS_RECORD_TABLES, [], |_| Ok(()))
            .optional()?
            .is_some()
    {
        bail!(
            "it holds annals' tables but its schema history (refinery_schema_history) is empty \
             or missing, so which migrations it has is unknown; restore the history, or rebuild \
             the database from its seed files; nothing was changed"
        );
    }
    tx.execute_batch(CREATE_HISTORY)?;
    let runner = embedded::migrations::runner();
    for (version, name) in &status.pending {
        let m = runner
            .get_migrations()
            .iter()
            .find(|m| i64::from(m.version()) == *version)
            .expect("a pending migration is one of this build's");
        tx.execute_batch(m.sql().unwrap_or_default())
            // SQLite's message, without the migration's whole SQL that rusqlite appends.
            .map_err(|e| match e {
                rusqlite::Error::SqlInputError { msg, .. } => anyhow::anyhow!(msg),
                e => anyhow::anyhow!(e),
            })
            .with_context(|| {
                format!("schema migration V{version} \"{name}\" failed; nothing was changed")
            })?;
        let applied_on = chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Nanos, true);
        tx.execute(
            RECORD_MIGRATION,
            params![version, name, applied_on, m.checksum().to_string()],
        )?;
    }
    if let Some(broken) = broken_reference(&tx)? {
        bail!("after the schema migration, {broken}; nothing was changed");
    }
    tx.commit()?;
    Ok(())
}

/// The first row that breaks a foreign key, if any: its table and rowid, and the table it
/// refers to.
const FOREIGN_KEY_VIOLATION: &str = "
    SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1";

/// The first reference in the database that does not resolve, described ("row 1 of
/// event_sources refers to a row of events that does not exist"); `None` when every one does.
/// For the writers that check foreign keys once, after their work, rather than row by row.
pub fn broken_reference(conn: &Connection) -> Result<Option<String>> {
    let broken: Option<(String, Option<i64>, String)> = conn
        .query_row(FOREIGN_KEY_VIOLATION, [], |r| {
            Ok((r.get("table")?, r.get("rowid")?, r.get("parent")?))
        })
        .optional()?;
    Ok(broken.map(|(table, rowid, parent)| {
        let row = rowid.map_or_else(|| "?".to_string(), |r| r.to_string());
        format!("row {row} of {table} refers to a row of {parent} that does not exist")
    }))
}

/// A plainer account of what went wrong when the cause is the database's state rather than the
/// input: busy (another writer held it past [`BUSY_TIMEOUT`]), read-only, or full.
pub fn explain(e: anyhow::Error, path: &Path) -> anyhow::Error {
    let code = e.chain().find_map(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .and_then(|e| e.sqlite_error_code())
    });
    let p = path.display();
    let hint = match code {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
            "the database {p} is busy: another process kept it locked for longer than {} s; \
             nothing was written, try again when it has finished",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::ReadOnly) => format!(
            "the database {p} is read-only (the file or its folder cannot be written): \
             queries work, but nothing can be written"
        ),
        Some(ErrorCode::DiskFull) => format!(
            "the database {p} or its disk is full; nothing was written, the database is as it was"
        ),
        _ => return e,
    };
    e.context(hint)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_broken_reference_is_named() {
        let conn = super::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        conn.execute(
            "INSERT INTO sources (id, title, publisher, published) \
             VALUES ('s', 't', 'p', '2024-01-01')",
            [],
        )
        .unwrap();
        assert_eq!(super::broken_reference(&conn).unwrap(), None);
        conn.execute(
            "INSERT INTO event_sources (event_id, source_id) VALUES ('nowhere', 's')",
            [],
        )
        .unwrap();
        assert_eq!(
            super::broken_reference(&conn).unwrap().as_deref(),
            Some("row 1 of event_sources refers to a row of events that does not exist")
        );
    }

    use super::*;

    /// Every `CREATE` statement in the database, by name.
    fn schema(conn: &Connection) -> Vec<(String, Option<String>)> {
        conn.prepare("SELECT name, sql FROM sqlite_master ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn refinery_reads_the_history_annals_writes_and_makes_the_same_schema() {
        let mut ours = open_in_memory().unwrap();
        let runner = embedded::migrations::runner();
        let mut local = runner.get_migrations().clone();
        local.sort();
        // Parses every row (refinery unwraps its parse of `applied_on`).
        let applied = runner.get_applied_migrations(&mut ours).unwrap();
        assert_eq!(applied, local, "versions, names and checksums");
        assert!(runner
            .run(&mut ours)
            .unwrap()
            .applied_migrations()
            .is_empty());

        let mut theirs = Connection::open_in_memory().unwrap();
        embedded::migrations::runner().run(&mut theirs).unwrap();
        assert_eq!(schema(&ours), schema(&theirs));
    }

    #[test]
    fn identifiers_are_quoted_whole() {
        assert_eq!(quote_identifier("events"), "\"events\"");
        assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn plans_do_not_depend_on_bound_values() {
        let conn = open_in_memory().unwrap();
        assert!(conn
            .db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
            .unwrap());
    }
}
