//! Making a new database file: built whole at a temporary path beside its name, then given its
//! name with a hard link, which fails rather than replace a file that appeared meanwhile. No one
//! sees a half-made database, and nothing but the temporary file this run made is removed.
//!
//! A run killed while it builds leaves its temporary file (`NAME.creating-PID-N`) behind; it is
//! never a database anyone uses, and can be deleted.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{bail, Context, Result};
use rusqlite::Connection;

/// Build the database for `path` at a temporary path (created, migrated, then filled by `fill`)
/// and publish it under `path` unless a file has that name by then. `Some` with what `fill`
/// returned when it was published, `None` when another file took the name first. The temporary
/// file and its companions are removed either way.
pub(super) fn publish_new<T>(
    path: &Path,
    fill: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<Option<T>> {
    let temp = Temp::create(path)?;
    // An empty file is an empty database.
    let mut conn = super::open::connect(&temp.path, false)?;
    super::open::set_up(&mut conn)
        .with_context(|| format!("cannot use database {}", path.display()))?;
    let made = fill(&mut conn)?;
    close(conn, &temp.path).with_context(|| format!("cannot create {}", path.display()))?;
    match fs::hard_link(&temp.path, path) {
        Ok(()) => {
            sync_folder(path);
            Ok(Some(made))
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e).with_context(|| {
            format!(
                "cannot create {}: cannot link the new database {} to that name",
                path.display(),
                temp.path.display()
            )
        }),
    }
}

/// Close the new database with every page in its main file and nothing in its WAL, on disk:
/// only such a file can be given another name (its WAL's name would not follow).
fn close(conn: Connection, temp: &Path) -> Result<()> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    conn.close().map_err(|(_, e)| e)?;
    let wal = super::open::wal_file(temp);
    let wal_len = fs::metadata(&wal).map_or(0, |m| m.len());
    if busy != 0 || wal_len != 0 {
        bail!("the new database's WAL {} was not emptied", wal.display());
    }
    File::open(temp)?.sync_all()?;
    Ok(())
}

/// Make the new name last across a crash. Where a folder cannot be opened or synced (not every
/// system allows it), the name is as durable as that system makes it.
fn sync_folder(path: &Path) {
    let folder = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p,
        None => Path::new("."),
    };
    if let Ok(f) = File::open(folder) {
        let _ = f.sync_all();
    }
}

/// A file this run created (`create_new`, so never one that was there), removed with SQLite's
/// companions of it when dropped.
struct Temp {
    path: PathBuf,
}

impl Temp {
    fn create(path: &Path) -> Result<Temp> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let Some(name) = path.file_name() else {
            bail!("cannot create {}: it names no file", path.display());
        };
        let mut attempts = 0;
        loop {
            attempts += 1;
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let mut temp = name.to_owned();
            temp.push(format!(".creating-{}-{n}", std::process::id()));
            let temp = path.with_file_name(temp);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(_) => return Ok(Temp { path: temp }),
                // Left by a killed run that had this process id: not ours, so not touched.
                Err(e) if e.kind() == ErrorKind::AlreadyExists && attempts < 1000 => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()))
                }
            }
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.path.as_os_str().to_owned();
            p.push(suffix);
            let _ = fs::remove_file(PathBuf::from(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_database_is_published_whole_and_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let made = publish_new(&path, |conn| {
            assert!(!path.exists(), "nothing has the name while it is built");
            Ok(conn.execute(
                "INSERT INTO sources (id, title, publisher, published) \
                 VALUES ('s', 't', 'p', '2024-01-01')",
                [],
            )?)
        })
        .unwrap();
        assert_eq!(made, Some(1));
        assert_eq!(names(dir.path()), ["a.db"]);
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sources: i64 = conn
            .query_row("SELECT count(*) FROM sources", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sources, 1);
    }

    #[test]
    fn a_name_taken_meanwhile_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let made = publish_new(&path, |_| {
            fs::write(&path, "another process's database")?;
            Ok(())
        })
        .unwrap();
        assert_eq!(made, None);
        assert_eq!(names(dir.path()), ["a.db"]);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "another process's database"
        );
    }

    #[test]
    fn a_failed_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let e = publish_new(&path, |_| -> Result<()> { bail!("the seed files are bad") });
        assert_eq!(e.unwrap_err().to_string(), "the seed files are bad");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn temporary_files_of_other_runs_are_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let pid = std::process::id();
        let stale: Vec<PathBuf> = (0..200)
            .map(|n| dir.path().join(format!("a.db.creating-{pid}-{n}")))
            .collect();
        for p in &stale {
            fs::write(p, "left by a killed run").unwrap();
        }
        publish_new(&path, |_| Ok(())).unwrap();
        assert!(path.is_file());
        for p in &stale {
            assert_eq!(fs::read_to_string(p).unwrap(), "left by a killed run");
        }
        assert_eq!(names(dir.path()).len(), stale.len() + 1);
    }
}
