//! Concurrency: processes that create or upgrade the same database at once end with one whole,
//! migrated database holding everything each of them reported written, and leave no temporary
//! file behind.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use rusqlite::{Connection, OpenFlags};

use crate::util::{assert_succeeded, bin, dump_file, fixtures, Env};

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

const ROUNDS: usize = 200;

/// A first-run `timeline` (which creates the database and loads `./seed`) and `seed` on the same
/// new path, 200 times, each started first in turn. Both succeed every time; the database ends as
/// one clean load of the folder, made by exactly one of them; `timeline` shows all of it; and no
/// temporary file remains. (Before databases were built aside and published, `timeline` could
/// delete the database `seed` had just reported written.)
#[test]
fn a_first_run_query_and_a_seed_creating_one_database_at_once() {
    let reference = Env::with_seed();
    reference.ok(&["seed"]);
    let clean_load = canonical(&reference.db());
    let shown = reference.ok(&["timeline"]);
    let (mut made_by_timeline, mut made_by_seed) = (0, 0);
    for round in 0..ROUNDS {
        let env = Env::with_seed();
        let (timeline, seed) = if round % 2 == 0 {
            let t = start(&env, "new.db", &["timeline"]);
            (t, start(&env, "new.db", &["seed"]))
        } else {
            let s = start(&env, "new.db", &["seed"]);
            (start(&env, "new.db", &["timeline"]), s)
        };
        let timeline = timeline.wait_with_output().unwrap();
        let seed = seed.wait_with_output().unwrap();
        assert_succeeded(&format!("round {round}: timeline"), &timeline);
        assert_succeeded(&format!("round {round}: seed"), &seed);

        assert_eq!(text(&timeline.stdout), shown, "round {round}");
        let created = match text(&timeline.stderr) {
            "" => false,
            line if line.starts_with("annals: created new.db and loaded 1 article(s)") => true,
            other => panic!("round {round}: timeline said {other:?}"),
        };
        let said = text(&seed.stdout);
        let added = said.contains("1 file(s): 1 added");
        assert!(
            added || said.contains("1 file(s): 0 added, 0 updated, 1 unchanged"),
            "round {round}: seed said {said:?}"
        );
        assert!(
            created != added,
            "round {round}: exactly one of them loads the files (timeline created: {created}, \
             seed added: {added})"
        );
        made_by_timeline += usize::from(created);
        made_by_seed += usize::from(added);

        whole_and_alone(&env, "new.db", &["seed"]);
        assert_eq!(canonical(&env.path("new.db")), clean_load, "round {round}");
    }
    eprintln!("{ROUNDS} rounds: made by timeline {made_by_timeline}, by seed {made_by_seed}");
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
        assert_succeeded(&format!("round {round}: migrate"), &migrate);
        assert_succeeded(&format!("round {round}: timeline"), &timeline);
        assert_eq!(text(&timeline.stdout), shown, "round {round}");
        whole_and_alone(&env, "old.db", &["seed"]);
        assert_eq!(canonical(&env.path("old.db")), upgraded, "round {round}");
    }
}

/// A first-run `timeline` killed (SIGKILL) at random moments, 20 times: the database's name is
/// then either free or held by a whole, clean load, never by a half-made database. (A killed run
/// leaves its temporary `new.db.creating-*` file behind; nothing removes what it did not make.)
#[cfg(unix)]
#[test]
fn a_first_run_killed_at_any_moment_leaves_no_database_or_a_whole_one() {
    use std::time::Instant;
    let reference = Env::with_seed();
    let began = Instant::now();
    reference.ok(&["timeline"]);
    let whole_run = began.elapsed();
    let clean_load = canonical(&reference.db());
    let mut rng = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let (mut absent, mut whole) = (0, 0);
    for kill in 0..20 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Over the whole run and a little past it, so that some kills come after the publish.
        let after = whole_run.mul_f64(1.3 * (rng >> 11) as f64 / (1u64 << 53) as f64);
        let env = Env::with_seed();
        let mut child = start(&env, "new.db", &["timeline"]);
        std::thread::sleep(after);
        let _ = child.kill();
        child.wait().unwrap();
        let db = env.path("new.db");
        if db.exists() {
            assert_eq!(canonical(&db), clean_load, "kill {kill} after {after:?}");
            whole += 1;
        } else {
            absent += 1;
        }
        // Only its own temporary file is left, if any.
        for name in std::fs::read_dir(env.dir.path()).unwrap() {
            let name = name.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == "seed" || name.starts_with("new.db"),
                "kill {kill}: {name}"
            );
        }
    }
    eprintln!("20 kills: no database {absent}, a whole one {whole}");
}
