//! One module per subcommand: check its arguments, open the database once, call the library and
//! hand the rows to `output`.

pub mod migrate;
pub mod seed;
pub mod timeline;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use rusqlite::Connection;

use crate::{db, seed as seeder};

/// The folder a missing database is seeded from.
pub const DEFAULT_SEED_DIR: &str = "seed";

/// Open the database for a query command. When the file does not exist, create it, migrate it and
/// seed it from `./seed`, saying so in one line on `err`; if that fails, remove the new file.
pub fn open_for_query(path: &Path, err: &mut dyn Write) -> Result<Connection> {
    if path.exists() {
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
    let created = db::open(path).and_then(|mut conn| {
        let summary = seeder::seed(
            &mut conn,
            std::slice::from_ref(&seed_dir),
            &mut seeder::NoProgress,
        )?;
        Ok((conn, summary))
    });
    match created {
        Ok((conn, summary)) => {
            let events: usize = summary.files.iter().map(|f| f.events).sum();
            writeln!(
                err,
                "annals: created {} and loaded {} article(s), {} event(s) from ./{DEFAULT_SEED_DIR}",
                path.display(),
                summary.files.len(),
                events
            )?;
            Ok(conn)
        }
        Err(e) => {
            remove_database(path);
            Err(e.context(format!(
                "cannot create {} from ./{DEFAULT_SEED_DIR}",
                path.display()
            )))
        }
    }
}

/// Remove a database file this run created, with its WAL companions.
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}
