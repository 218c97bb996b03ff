//! Concurrency: processes that upgrade the same database at once end with one whole, migrated
//! database.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use rusqlite::{Connection, OpenFlags};

use crate::util::{dump_file, fixtures, Env};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("annals")
}

/// `annals --db DB ARGS` in the env's folder, started and not waited for.
fn start(env: &Env, db: &str, args: &[&str]) -> Child {
    Command::new(bin())
        .current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

fn succeeded(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}{}",
        out.status,
        text(&out.stderr),
        text(&out.stdout)
    );
}

/// Every table's schema and rows ([`dump_file`]), with the time each migration was applied left
/// out: two loads of the same files give the same text.
fn canonical(db: &Path) -> String {
    let mut history = false;
    let mut out = String::new();
    for line in dump_file(db).lines() {
        if !line.starts_with(' ') {
            history = line.starts_with("refinery_schema_history:");
        }
        // A row (not a line of the table's SQL): version|name|applied_on|checksum
        let row = line
            .strip_prefix("  ")
            .filter(|r| history && r.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(row) = row {
            let mut cells: Vec<&str> = row.split('|').collect();
            assert_eq!(cells.len(), 4, "{row}");
            cells[2] = "(applied_on)";
            out.push_str(&format!("  {}\n", cells.join("|")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The database is sound and in WAL mode, and its folder holds nothing else but `keep` and
/// SQLite's own companions of it: no temporary file was left behind.
fn whole_and_alone(env: &Env, db: &str, keep: &[&str]) {
    let conn = Connection::open_with_flags(env.path(db), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let allowed = |n: &str| {
        keep.contains(&n)
            || n == db
            || n.strip_prefix(db)
                .is_some_and(|s| s == "-wal" || s == "-shm")
    };
    assert!(
        names.iter().all(|n| allowed(n)) && names.iter().any(|n| n == db),
        "{names:?}"
    );
}

/// Two commands opening a database of schema version 1 at once: one applies the migrations, the
/// other waits for its write lock and then finds nothing to apply. Both succeed, and the database
/// is as one upgrade leaves it, each migration recorded once.
#[test]
fn two_processes_upgrading_one_database_at_once() {
    let v1 = fixtures().join("schema-v1.db");
    let reference = Env::with_seed();
    std::fs::copy(&v1, reference.db()).unwrap();
    reference.ok(&["migrate"]);
    let upgraded = canonical(&reference.db());
    let shown = reference.ok(&["timeline"]);
    for round in 0..20 {
        let env = Env::with_seed();
        std::fs::copy(&v1, env.path("old.db")).unwrap();
        let migrate = start(&env, "old.db", &["migrate"]);
        let timeline = start(&env, "old.db", &["timeline"]);
        let migrate = migrate.wait_with_output().unwrap();
        let timeline = timeline.wait_with_output().unwrap();
        succeeded(&format!("round {round}: migrate"), &migrate);
        succeeded(&format!("round {round}: timeline"), &timeline);
        assert_eq!(text(&timeline.stdout), shown, "round {round}");
        whole_and_alone(&env, "old.db", &["seed"]);
        assert_eq!(canonical(&env.path("old.db")), upgraded, "round {round}");
    }
}
