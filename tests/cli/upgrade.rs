//! Upgrades and the schema's history: databases made by earlier schema versions open with today's
//! binary with every row intact; a database from a newer annals, or one whose applied migration
//! differs from this build's, is refused with a message saying what to do, and left untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use crate::util::Env;

/// Every `tests/fixtures/schema-vN.db`.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("schema-v") && name.ends_with(".db")
        })
        .collect();
    found.sort();
    found
}

/// Each table's columns and rows (other than the schema history), rows keyed by column name.
type Tables = BTreeMap<String, (Vec<String>, Vec<BTreeMap<String, String>>)>;

fn tables(db: &Path) -> Tables {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let names: Vec<String> = crate::util::column(&conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'refinery_schema_history'");
    let mut out = Tables::new();
    for name in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let cols: Vec<String> = stmt.column_names().map(String::from).collect();
        let mut rows: Vec<BTreeMap<String, String>> = stmt
            .query_map([], |r| {
                let mut row = BTreeMap::new();
                for (i, c) in cols.iter().enumerate() {
                    row.insert(c.clone(), format!("{:?}", r.get::<_, Value>(i)?));
                }
                Ok(row)
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(name, (cols, rows));
    }
    out
}

#[test]
fn every_released_schema_upgrades_with_its_rows_intact() {
    let found = fixtures();
    assert!(!found.is_empty(), "no tests/fixtures/schema-v*.db");
    for fixture in found {
        let env = Env::with_seed();
        std::fs::copy(&fixture, env.db()).unwrap();
        let before = tables(&env.db());
        assert!(before["events"].1.len() >= 12, "{}", fixture.display());

        let out = env.ok(&["migrate"]);
        let latest = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.strip_prefix('V')?
                    .split("__")
                    .next()?
                    .parse::<i64>()
                    .ok()
            })
            .max()
            .unwrap();
        assert!(
            out.contains(&format!("schema version {latest}")),
            "{}: {out}",
            fixture.display()
        );
        let after = tables(&env.db());
        for (table, (cols, rows)) in &before {
            // The full-text indexes' own tables are made again by V11 (names, stems).
            if table.contains("_fts_") {
                continue;
            }
            let (now_cols, now_rows) = after
                .get(table)
                .unwrap_or_else(|| panic!("{}: table {table} is gone", fixture.display()));
            // Compare the columns the table still has; a later migration may add some. V8 names
            // each seed file by its name in the seed folder rather than by the path it was
            // given, and V10 clears the hashes so that the next seed merges again: both
            // compared below.
            let renamed =
                |c: &&String| table == "sources" && matches!(c.as_str(), "seed_file" | "seed_hash");
            let common: Vec<&String> = cols
                .iter()
                .filter(|c| now_cols.contains(c) && !renamed(c))
                .collect();
            if table == "sources" {
                let names = |rows: &[BTreeMap<String, String>]| -> Vec<String> {
                    let mut v: Vec<String> = rows
                        .iter()
                        .map(|r| {
                            let f = r["seed_file"].trim_end_matches("\")");
                            f.rsplit('/')
                                .next()
                                .unwrap_or(f)
                                .trim_start_matches("Text(\"")
                                .to_string()
                        })
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(names(rows), names(now_rows), "{}", fixture.display());
                assert!(
                    now_rows.iter().all(|r| r["seed_hash"] == "Null"),
                    "{}: a hash survived V10",
                    fixture.display()
                );
            }
            let project = |rows: &[BTreeMap<String, String>]| {
                let mut p: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| common.iter().map(|c| r[*c].clone()).collect())
                    .collect();
                p.sort();
                p
            };
            assert_eq!(
                project(rows),
                project(now_rows),
                "{}: rows of {table} changed in the upgrade",
                fixture.display()
            );
        }
        // Its pages stay as they were: only a new database takes annals' page size.
        assert_eq!(
            page_size(&env.db()),
            page_size(&fixture),
            "{}",
            fixture.display()
        );
        // Tables made again by a migration keep their rowids: the full-text indexes, which
        // refer to rows by rowid, still match their tables.
        let conn = Connection::open(env.db()).unwrap();
        for fts in ["events_fts", "quotes_fts", "figures_fts"] {
            conn.execute(
                // Rank 1: compare the index with the table's rows too, not only with itself.
                &format!("INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"),
                [],
            )
            .unwrap_or_else(|e| panic!("{}: {fts}: {e}", fixture.display()));
        }
        drop(conn);
        // The indexes were made again: an event is found by its place's alias, by a stem.
        let hits: Vec<serde_json::Value> =
            env.json(&["search", "north of Kosovo attack", "--format", "json"]);
        assert!(
            hits.iter()
                .any(|h| h["kind"] == "event" && h["id"] == "2023-05-attack-on-kfor"),
            "{}: {hits:?}",
            fixture.display()
        );
        // And the upgraded database answers as a new one does.
        let events: Vec<serde_json::Value> = env.json(&["timeline", "--format", "json"]);
        assert_eq!(events.len(), before["events"].1.len());
        // The next seed reads every file as changed and merges the record again: it is then the
        // record of a fresh load, and doctor finds nothing to report.
        assert_contains!(env.ok(&["seed"]), "updated");
        let fresh = Env::with_seed();
        fresh.ok(&["seed"]);
        assert_eq!(
            crate::util::record_of(&env.db()),
            crate::util::record_of(&fresh.db()),
            "{}",
            fixture.display()
        );
        env.ok(&["doctor"]);
    }
}

fn page_size(db: &Path) -> i64 {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_database_has_16_kib_pages() {
    let env = Env::with_seed();
    env.ok(&["migrate"]);
    assert_eq!(page_size(&env.db()), 16384);
    assert_eq!(
        page_size(&fixtures()[0]),
        4096,
        "the fixture is from before"
    );
}

/// A database with one more row in its schema history, as a newer annals would leave it.
fn from_a_newer_annals(env: &Env) {
    let conn = Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
         VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z', '42')",
        [],
    )
    .unwrap();
}

#[test]
fn a_database_from_a_newer_annals_is_refused_and_untouched() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    from_a_newer_annals(&env);
    let before = env.file_state(&env.db());
    for args in [&["timeline"][..], &["seed"], &["migrate"]] {
        let err = env.fails(args);
        assert!(
            err.contains(
                "annals.db: it has schema migration V9999 \"from_the_future\", which this annals \
                 does not know: it was made by a newer annals. Use that version (or a newer one) \
                 to open it; nothing was changed"
            ),
            "{args:?}: {err}"
        );
        assert_eq!(env.file_state(&env.db()), before, "{args:?}");
    }
    let out = env.output(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert_contains!(
        report,
        "schema migration V9999 \"from_the_future\" is unknown to this annals"
    );
    assert_eq!(env.file_state(&env.db()), before, "doctor");
}

#[test]
fn a_database_whose_applied_migration_differs_is_refused_and_untouched() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE refinery_schema_history SET checksum = '42' WHERE version = 1",
            [],
        )
        .unwrap();
    let before = env.file_state(&env.db());
    for args in [&["timeline"][..], &["seed"], &["migrate"]] {
        let err = env.fails(args);
        assert!(
            err.contains(
                "annals.db: its schema migration V1 \"schema\" differs from this annals' \
                 migration of that version (the migration file was changed after the database \
                 was made). Use the annals that made it, or rebuild the database from its seed \
                 files; nothing was changed"
            ),
            "{args:?}: {err}"
        );
        assert_eq!(env.file_state(&env.db()), before, "{args:?}");
    }
    let out = env.output(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("schema migration V1 \"schema\" differs from this annals' file of that version"));
}

#[test]
fn an_emptied_schema_history_is_refused_briefly_and_untouched() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = Connection::open(env.db()).unwrap();
    conn.execute("DELETE FROM refinery_schema_history", [])
        .unwrap();
    drop(conn);
    let before = env.dump();
    let err = env.fails(&["timeline"]);
    assert_contains!(
        err,
        "its schema history (refinery_schema_history) is empty or missing"
    );
    assert!(
        err.len() < 500,
        "the message dumps more than it says: {err}"
    );
    assert_eq!(env.dump(), before);
}

/// `check` and `draft` read a database as it is, never migrating it: both read one whose history
/// reaches version 8 (the oldest schema they can read), and both refuse one whose history stops
/// at version 7, saying the same thing, the database untouched.
#[test]
fn check_and_draft_read_from_the_same_schema_version_and_refuse_older_ones_alike() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let article = "seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt";
    let draft = ["draft", article, "--published", "2023-07-19"];
    let forget_from = |version: i64| {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute(
            "DELETE FROM refinery_schema_history WHERE version >= ?1",
            [version],
        )
        .unwrap();
    };
    forget_from(9);
    assert_contains!(env.ok(&["check"]), "checked: no errors");
    assert_contains!(env.ok(&draft), "[source]");
    forget_from(8);
    let before = env.dump();
    for (args, command) in [(&["check"][..], "check"), (&draft[..], "draft")] {
        let err = env.fails(args);
        assert_contains!(
            err,
            &format!(
                "has schema version 7; run `annals migrate` first ({command} never changes a \
                 database)"
            )
        );
    }
    assert_eq!(env.dump(), before);
}
