//! `annals doctor`: reports without changing anything, and fails when something is wrong.

use rusqlite::Connection;

use crate::util::Env;

const SEED_FILE: &str = "seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml";

/// Run doctor, check it left the database file as it was, return (exit code, stdout, stderr).
fn doctor(env: &Env) -> (Option<i32>, String, String) {
    let before = env.file_state(&env.db());
    let out = env.output(&["doctor"]);
    assert_eq!(
        env.file_state(&env.db()),
        before,
        "doctor changed the database"
    );
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_healthy_database_passes() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let (code, out, err) = doctor(&env);
    assert_eq!(code, Some(0), "{out}{err}");
    for line in [
        "database      annals.db",
        "(up to date)",
        "integrity     ok",
        "foreign keys  ok",
        "  events                   12",
        "  sources                  1",
        "seed files    1 loaded: 1 unchanged, 0 changed, 0 missing, 0 unreadable",
        "no problems found",
    ] {
        assert_contains!(out, line);
    }
}

/// Where no temporary folder can be made, the fresh load is made in memory, and compared alike.
#[test]
fn without_a_temporary_folder_the_fresh_load_is_made_in_memory() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let out = env
        .cmd()
        .env("TMPDIR", env.path("no-such-folder"))
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_contains!(
        text,
        "rebuild       the same record as a fresh load of seed (1 file(s))"
    );
}

#[test]
fn changed_and_missing_seed_files_are_problems() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let file = env.path(SEED_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("value = 93", "value = 94")).unwrap();
    let (code, out, err) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("seed file {SEED_FILE} (source anews-2023-07-19-nato-chief-serbia) is changed since it was loaded")), "{out}");
    assert_contains!(err, "error: 1 problem(s) found in annals.db");

    // The article's text counts too.
    std::fs::write(&file, &text).unwrap();
    assert_eq!(doctor(&env).0, Some(0));
    let body = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt");
    let mut t = std::fs::read_to_string(&body).unwrap();
    t.push_str("\nA correction.\n");
    std::fs::write(&body, t).unwrap();
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1));
    assert_contains!(out, "is changed since it was loaded");

    std::fs::remove_file(&file).unwrap();
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(&format!(
            "seed file {SEED_FILE} (source anews-2023-07-19-nato-chief-serbia) is missing"
        )),
        "{out}"
    );
}

#[test]
fn a_path_without_seed_files_is_named_and_hides_no_other_file() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    std::fs::create_dir(env.path("empty")).unwrap();
    let out = env.output(&["doctor", "seed", "more", "empty"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    // The loaded file is found in seed/, whatever the other paths give.
    assert_contains!(
        text,
        "seed files    1 loaded: 1 unchanged, 0 changed, 0 missing, 0 unreadable"
    );
    assert_contains!(text, "  seed path more: no such file or folder");
    assert_contains!(
        text,
        "  seed path empty: no seed files (*.toml) in this folder"
    );
    assert_contains!(
        text,
        "rebuild       skipped: a seed path given has no seed files (see below)"
    );
    assert!(!text.contains("is missing"), "{text}");
    assert_contains!(
        String::from_utf8(out.stderr).unwrap(),
        "2 problem(s) found in annals.db"
    );
}

#[test]
fn a_broken_reference_is_a_problem() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = Connection::open(env.db()).unwrap();
    conn.execute("PRAGMA foreign_keys = OFF", []).unwrap();
    conn.execute(
        "INSERT INTO places (id, name, source_id) VALUES ('nowhere', 'Nowhere', 'no-such-source')",
        [],
    )
    .unwrap();
    drop(conn);
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert_contains!(out, "foreign keys  1 broken reference(s)");
    assert!(
        out.contains("foreign key: a row of places (rowid "),
        "{out}"
    );
    assert!(out.contains(") refers to a missing sources row"), "{out}");
}

#[test]
fn pending_migrations_are_reported_not_applied() {
    let env = Env::empty();
    // An SQLite file annals has never opened.
    let conn = Connection::open(env.db()).unwrap();
    conn.execute("CREATE TABLE notes (text TEXT)", []).unwrap();
    drop(conn);
    let (code, out, err) = doctor(&env);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("schema        version 0 ("), "{out}");
    assert!(
        out.contains(
            "pending migration(s), applied by the next command that opens it: V1 \"schema\""
        ),
        "{out}"
    );
    assert_contains!(out, "  notes  0");
}

#[test]
fn a_database_loaded_from_no_seed_file_has_nothing_to_rebuild() {
    let env = Env::empty();
    env.ok(&["migrate"]);
    let (code, out, err) = doctor(&env);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_contains!(
        out,
        "rebuild       skipped: no seed files given (seed: no such file or folder), and none loaded"
    );
    assert_contains!(out, "no problems found");
}

#[test]
fn no_database_is_an_error() {
    let env = Env::empty();
    let err = env.fails(&["doctor"]);
    assert_contains!(err, "there is no database at annals.db");
    assert!(!env.db().exists());
}

/// `doctor` in a loop while another process edits the seed files (each replaced whole, by a
/// rename) and seeds them, over and over: doctor reads the stored hashes and the record in one
/// snapshot, and loads afresh only the bytes it found loaded, so it never reports a difference
/// between the record and the files; at most that files changed since they were loaded.
#[test]
fn doctor_while_seed_commits_never_reports_a_difference() {
    use crate::util::{bin, write_corpus};
    let env = Env::empty();
    let (seed, stage) = (env.path("seed"), env.path("stage"));
    write_corpus(&seed, "race", 0..24, 20, 1);
    env.ok(&["seed"]);
    let dir = env.dir.path().to_path_buf();
    // How many doctor runs compared the record, which the writer waits on in some rounds: on a
    // loaded machine a doctor run may outlast every fixed pause.
    let compared = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&compared);
    let writer = std::thread::spawn(move || {
        for round in 0..16u32 {
            write_corpus(&stage, "race", 0..24, 20, 2 + round % 2);
            for entry in std::fs::read_dir(&stage).unwrap() {
                let p = entry.unwrap().path();
                std::fs::rename(&p, seed.join(p.file_name().unwrap())).unwrap();
            }
            let out = std::process::Command::new(bin())
                .current_dir(&dir)
                .env_remove("ANNALS_DB")
                .arg("seed")
                .output()
                .unwrap();
            crate::util::assert_succeeded("seed", &out);
            // A while with the files as loaded, for doctor to compare them, ending at
            // different moments of its run; every fourth round until a run has compared (at
            // most 20 s).
            let before = seen.load(std::sync::atomic::Ordering::SeqCst);
            let start = std::time::Instant::now();
            std::thread::sleep(std::time::Duration::from_millis(
                50 + 100 * u64::from(round % 4),
            ));
            while round % 4 == 3
                && seen.load(std::sync::atomic::Ordering::SeqCst) == before
                && start.elapsed() < std::time::Duration::from_secs(20)
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    });
    let mut runs = 0;
    while !writer.is_finished() {
        let out = env.output(&["doctor"]);
        let text = String::from_utf8(out.stdout).unwrap();
        let problems: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "problems")
            .skip(1)
            .collect();
        assert!(
            problems
                .iter()
                .all(|p| p.starts_with("  seed file ")
                    && p.ends_with(" is changed since it was loaded")),
            "{text}"
        );
        assert_eq!(
            out.status.code(),
            Some(if problems.is_empty() { 0 } else { 1 }),
            "{text}"
        );
        runs += 1;
        if text.contains("rebuild       the same record as a fresh load") {
            compared.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    writer.join().unwrap();
    let compared = compared.load(std::sync::atomic::Ordering::SeqCst);
    assert!(runs > 0 && compared > 0, "{runs} runs, {compared} compared");
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(0), "{out}");
}

/// 40 articles of 50 events, each with two participants and a figure, seeded: 2,000 figures
/// and 4,000 participants, compared row by row with a fresh load.
fn large_ish() -> Env {
    let env = Env::empty();
    crate::util::write_corpus(&env.path("seed"), "deep", 0..40, 50, 1);
    env.ok(&["seed"]);
    env
}

#[test]
fn a_difference_deep_in_a_large_table_is_found() {
    let env = large_ish();
    let conn = Connection::open(env.db()).unwrap();
    // The last figure of the last article: at the end of the table, whatever order it is read in.
    let changed = conn
        .execute(
            "UPDATE figures SET value = 999 WHERE event_id = 'deep-39-event-49'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert_contains!(out, "rebuild       differs from a fresh load of seed");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("table ")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(
            "    table figures: only in the database: event_id=\"deep-39-event-49\" \
             source_id=\"deep-0039\" value=999 "
        ),
        "{out}"
    );
    assert!(
        lines[1].starts_with(
            "    table figures: only in a fresh load: event_id=\"deep-39-event-49\" \
             source_id=\"deep-0039\" value=49 "
        ),
        "{out}"
    );
}

#[test]
fn many_differences_are_counted_not_listed() {
    let env = large_ish();
    let conn = Connection::open(env.db()).unwrap();
    conn.execute("UPDATE figures SET value = value + 1000", [])
        .unwrap();
    drop(conn);
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    // Each of the 2,000 figures once on each side: ten listed, the rest counted.
    assert_eq!(
        out.matches("    table figures: only in").count(),
        10,
        "{out}"
    );
    assert_contains!(out, "    … and 3990 more rows");
}

#[test]
fn an_articles_rows_in_another_order_are_a_difference() {
    let env = large_ish();
    let conn = Connection::open(env.db()).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM figures WHERE source_id = 'deep-0020' ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // The same rows, their row numbers swapped: what a view orders the article's figures by.
    conn.execute_batch(&format!(
        "UPDATE figures SET id = -1 WHERE id = {a};
         UPDATE figures SET id = {a} WHERE id = {b};
         UPDATE figures SET id = {b} WHERE id = -1;",
        a = ids[0],
        b = ids[1]
    ))
    .unwrap();
    drop(conn);
    let (code, out, _) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert_contains!(
        out,
        "table figures: the rows of source \"deep-0020\" stand in another order in the \
         database than in a fresh load"
    );
    assert!(!out.contains("only in"), "{out}");
}
