//! The database file, and the only ways to get a [`Connection`] to it:
//!
//! - `open.rs`: opening, in each of the ways commands need ([`open`], [`open_or_create`],
//!   [`open_read_only`], [`open_if_present`] ...), with the pragmas every connection needs, the
//!   read-only and immutable fallbacks, and the hints that explain a busy, read-only or full
//!   database ([`explain`]);
//! - `migrate.rs`: the schema history compared with this build's migrations
//!   ([`schema_status`]) and what it lacks applied, under one write lock;
//! - `create.rs`: a new database file made whole at a temporary path, then given its name;
//! - `rows.rs`: rows read into types by their column names.
//!
//! Creating and migrating are safe when processes do them at once: a new database takes its name
//! only whole, never replacing a file that appeared meanwhile, and no database file is ever
//! removed; migrations read the history and apply what it lacks in one transaction.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

mod create;
mod migrate;
mod open;
mod rows;

pub use migrate::{schema_status, schema_version, Applied, SchemaStatus};
pub use open::{
    explain, is_read_only, open, open_as_is, open_if_present, open_in_memory, open_or_create,
    open_read_only, open_unmigrated, sqlite_path, BUSY_TIMEOUT, OLDEST_READABLE,
};
pub use rows::{columns_for, each_row, from_row, rows};

/// `name` quoted as an SQL identifier (`"a""b"` for `a"b`), for the names of tables, views,
/// indexes and triggers read from the schema. Never for values: those are bound parameters.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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

    #[test]
    fn identifiers_are_quoted_whole() {
        assert_eq!(super::quote_identifier("events"), "\"events\"");
        assert_eq!(super::quote_identifier("a\"b"), "\"a\"\"b\"");
    }
}
