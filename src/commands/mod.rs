//! One module per subcommand: check its arguments, open the database once, call the library and
//! hand the rows to `output`.

pub mod aggregate;
pub mod args;
pub mod check;
pub mod conflicts;
pub mod datasette;
pub mod doctor;
pub mod draft;
pub mod export;
pub mod lists;
pub mod migrate;
pub mod new;
pub mod search;
pub mod seed;
pub mod show;
pub mod sql;
pub mod timeline;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rusqlite::Connection;

use crate::{db, seed as seeder};

/// The folder a missing database is seeded from.
pub const DEFAULT_SEED_DIR: &str = "seed";

/// Open the database for a query command. When the file does not exist, create it, migrate it and
/// seed it from `./seed`, saying so in one line on `err`. The new database is made whole before it
/// takes its name ([`db::open_or_create`]): if that fails nothing is left behind, and if another
/// process made the database meanwhile, that one is used as it is.
pub fn open_for_query(path: &Path, err: &mut dyn Write) -> Result<Connection> {
    let folder_missing = path
        .parent()
        .is_some_and(|p| !p.as_os_str().is_empty() && !p.is_dir());
    if path.exists() || folder_missing {
        // db::open reports a missing folder, a directory or a file that is not a database.
        return db::open(path);
    }
    let seed_dir = PathBuf::from(DEFAULT_SEED_DIR);
    if !seed_dir.is_dir() {
        bail!(
            "there is no database at {} and no ./{DEFAULT_SEED_DIR} folder to create it from \
             (run `annals seed PATH` to create it)",
            path.display()
        );
    }
    let (conn, created) = db::open_or_create(path, |conn| {
        seeder::seed(
            conn,
            std::slice::from_ref(&seed_dir),
            false,
            &mut seeder::NoProgress,
        )
    })
    .with_context(|| format!("cannot create {} from ./{DEFAULT_SEED_DIR}", path.display()))?;
    if let Some(summary) = created {
        let events: usize = summary.files.iter().map(|f| f.events).sum();
        writeln!(
            err,
            "annals: created {} and loaded {} article(s), {} event(s) from ./{DEFAULT_SEED_DIR}",
            crate::sanitize::path(path),
            summary.files.len(),
            events
        )?;
    }
    Ok(conn)
}
