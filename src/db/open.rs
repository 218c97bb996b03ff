//! Opening the database: every way a command gets a [`Connection`], each with the settings every
//! connection needs (foreign keys on, a busy timeout, plans that do not depend on bound values),
//! and a plainer account of a failure whose cause is the database's state ([`explain`]).
//!
//! [`open`] and [`open_or_create`] open read-write, switch to WAL and apply pending migrations
//! ([`super::migrate`]); a new database is made whole at a temporary path first
//! ([`super::create`]). The others open an existing file as it is, never migrating it:
//! [`open_unmigrated`] for `doctor`, [`open_as_is`] and [`open_if_present`] read-only for `check`
//! and `draft`, [`open_read_only`] for `annals sql`.
//!
//! A database file that cannot be written (a read-only file or folder) is opened read-only, so
//! queries still work and writes fail with a message saying why. When its folder is read-only and
//! no `-wal` file is beside it, SQLite cannot create the shared-memory file WAL readers need, so the
//! file is opened as immutable (the main file then holds every committed change): one function,
//! `connect_with`, does this for every way of opening.
//!
//! A test can cap every database at a number of pages to simulate a full disk
//! ([`crate::hooks`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, ErrorCode, OpenFlags, MAIN_DB};

/// How long a connection waits for another writer before it reports the database as busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The oldest schema version whose record the commands that read a database as it is (`check`,
/// `draft`) can read: version 8 keeps each article's own statements (`definitions`, the
/// statements beside each report), places within places and organisations' parents.
pub const OLDEST_READABLE: i64 = 8;

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
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            super::create::publish_new(&target, fill)?
        }
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
pub fn sqlite_path(path: &Path) -> Cow<'_, Path> {
    if path.is_relative() {
        Cow::Owned(Path::new(".").join(path))
    } else {
        Cow::Borrowed(path)
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
    plan_independently_of_values(&conn)?;
    crate::geo::register(&conn)?;
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
    let version = super::schema_version(&conn)
        .with_context(|| format!("{} is not an annals database", path.display()))?;
    Ok((conn, version))
}

/// The database at `path`, read-only and as it is, when the file exists; `None` when it does
/// not. A schema older than [`OLDEST_READABLE`] is refused, saying that `command` never changes
/// a database.
pub fn open_if_present(path: &Path, command: &str) -> Result<Option<Connection>> {
    if !path.is_file() {
        return Ok(None);
    }
    let (conn, version) = open_as_is(path)?;
    if version < OLDEST_READABLE {
        bail!(
            "database {} has schema version {version}; run `annals migrate` first ({command} \
             never changes a database)",
            path.display()
        );
    }
    Ok(Some(conn))
}

/// An in-memory database with the full schema, for tests and dry runs.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    settings(&conn)?;
    set_up(&mut conn)?;
    Ok(conn)
}

const READ_ONLY: OpenFlags =
    OpenFlags::SQLITE_OPEN_READ_ONLY.union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// The file at `path`, opened read-only and read once, with the busy timeout and nothing else
/// set.
fn connect_read_only(path: &Path) -> Result<Connection> {
    connect_with(path, READ_ONLY, |conn| Ok(conn.busy_timeout(BUSY_TIMEOUT)?))
}

/// Open the file (read-write when possible, read-only when not) with every connection's
/// [`settings`], and check that it is a database.
pub(super) fn connect(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    connect_with(path, flags, settings)
}

/// Open the file at `path` with `flags`, `configure` the connection and read the file once, so
/// that a file that is not a database fails here. When SQLite cannot read it because it cannot
/// create the WAL's shared-memory file (a read-only folder) and no `-wal` file holds changes the
/// main file lacks, the file is opened again as immutable and read-only, which needs no
/// companion files, and configured the same way.
fn connect_with(
    path: &Path,
    flags: OpenFlags,
    configure: fn(&Connection) -> Result<()>,
) -> Result<Connection> {
    let conn = Connection::open_with_flags(sqlite_path(path), flags)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    configure(&conn)?;
    let Err(e) = readable(&conn) else {
        return Ok(conn);
    };
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        bail!("{} is not an SQLite database", path.display());
    }
    let no_shared_memory = matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    ) && path.exists()
        && !wal_file(path).exists();
    if !no_shared_memory {
        return Err(e).with_context(|| format!("cannot read database {}", path.display()));
    }
    drop(conn);
    let conn =
        Connection::open_with_flags(immutable_uri(path), READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
            .and_then(|c| readable(&c).map(|()| c))
            .map_err(|_| e)
            .with_context(|| format!("cannot read database {}", path.display()))?;
    configure(&conn)?;
    Ok(conn)
}

/// The first statement that reads the file: a file that is not a database fails here.
fn readable(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
}

/// What every read-write connection (and every in-memory one) is set to.
fn settings(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    plan_independently_of_values(conn)?;
    crate::geo::register(conn)?;
    // Outside any transaction: inside one, PRAGMA foreign_keys is silently a no-op.
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if !fk {
        bail!("this SQLite cannot enforce foreign keys");
    }
    if let Some(pages) = crate::hooks::max_pages() {
        conn.pragma_update(None, "max_page_count", pages)?;
    }
    Ok(())
}

/// The WAL file SQLite keeps beside the database at `path`.
pub(super) fn wal_file(path: &Path) -> PathBuf {
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

/// Make a writable connection's database WAL with the page size of a new database, then apply
/// pending migrations (a read-only one is only checked).
pub(super) fn set_up(conn: &mut Connection) -> Result<()> {
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
    super::migrate::migrate(conn)
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
    use super::*;

    #[test]
    fn plans_do_not_depend_on_bound_values() {
        let conn = open_in_memory().unwrap();
        assert!(conn
            .db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
            .unwrap());
    }

    #[test]
    fn an_immutable_uri_escapes_what_a_uri_would_read() {
        assert_eq!(
            immutable_uri(Path::new("/data/a b?#%.db")),
            "file:/data/a%20b%3F%23%25.db?mode=ro&immutable=1"
        );
        assert_eq!(
            immutable_uri(Path::new("annals.db")),
            "file:./annals.db?mode=ro&immutable=1"
        );
    }
}
