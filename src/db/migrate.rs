//! Migrating the database: its schema history compared with this build's migrations
//! ([`schema_status`]), and what it lacks applied ([`migrate`], run by every opening that may
//! change the database, [`super::open`]).
//!
//! Migrations only move forward, each once. A database with a migration this build does not know
//! (made by a newer annals), or whose applied migration differs from this build's file, is
//! refused before anything is written. Reading the history and applying what it lacks happen
//! under one write lock (`BEGIN IMMEDIATE`), in one transaction, so processes that open an old
//! database at once end with one migrated database: one waits for the other, then finds nothing
//! left to apply.
//!
//! refinery serves for what it does well: `embed_migrations!` builds `migrations/` into the
//! binary, and its migrations give each file's version, name, SQL and checksum. Its history table
//! is kept as refinery makes it, so its runner reads what this module writes, and its runner
//! builds the same schema (a test checks both). Its runner (`Runner::run`) does not serve to
//! apply them, because of what refinery-core's rusqlite driver (0.10) does and annals must not:
//!
//! - it reads the history in one transaction and applies the migrations in others, each begun
//!   deferred: two processes that open an old database at once can both find a migration pending,
//!   and the second then fails on what the first made;
//! - it creates its history table first, a write, even when nothing is pending: an up-to-date
//!   database in a read-only file could not be opened;
//! - it applies migrations with foreign keys on, and a migration that makes a table again
//!   (SQLite's recipe for changing one) would then fire the `ON DELETE` actions of every row that
//!   refers to the old table; here foreign keys are off while migrations run, and every reference
//!   is checked once, before the commit ([`super::broken_reference`]);
//! - it panics on a history row it cannot parse (its driver unwraps `applied_on` and the
//!   checksum), where annals reports the database;
//! - its errors hold the migration's whole SQL, where annals names the migration and gives
//!   SQLite's message.

use anyhow::{bail, Context, Result};
use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::open::is_read_only;

mod embedded {
    refinery::embed_migrations!("migrations");
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
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
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
    refuse_gaps(&tx, &status)?;
    if status.pending.is_empty() {
        // Migrated by another process meanwhile; the transaction ends without writing.
        return Ok(());
    }
    tx.execute_batch(CREATE_HISTORY)?;
    for (version, name) in &status.pending {
        apply(&tx, *version, name)?;
    }
    if let Some(broken) = super::broken_reference(&tx)? {
        bail!("after the schema migration, {broken}; nothing was changed");
    }
    tx.commit()?;
    Ok(())
}

/// Refuse a history that cannot say what the database has: one that lacks a migration older than
/// one it records, or an empty one beside annals' tables.
fn refuse_gaps(tx: &Transaction, status: &SchemaStatus) -> Result<()> {
    let latest = status.version();
    if let Some((version, name)) = status.pending.iter().find(|(v, _)| *v < latest) {
        bail!(
            "its schema history lacks migration V{version} \"{name}\" but has V{latest}, which \
             came after it; nothing was changed"
        );
    }
    if !status.pending.is_empty()
        && status.applied.is_empty()
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
    Ok(())
}

/// Apply this build's migration `version` (named `name`) and record it in the history.
fn apply(tx: &Transaction, version: i64, name: &str) -> Result<()> {
    let runner = embedded::migrations::runner();
    let m = runner
        .get_migrations()
        .iter()
        .find(|m| i64::from(m.version()) == version)
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
    Ok(())
}

#[cfg(test)]
mod tests {
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
        let mut ours = crate::db::open_in_memory().unwrap();
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
}
