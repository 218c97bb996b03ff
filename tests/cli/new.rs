//! `annals new`: a skeleton seed file that checks and seeds as it is, and is never overwritten.

use crate::util::Env;

#[test]
fn new_writes_a_skeleton_that_checks_and_seeds() {
    let env = Env::with_seed();
    let out = env.ok(&[
        "new",
        "--publisher",
        "Test Wire",
        "--published",
        "2023-07-20",
        "--title",
        "Vučić and Kurti meet in Brussels",
        "--url",
        "https://example.com/a",
    ]);
    let path = "seed/2023-07-20-vucic-and-kurti-meet-in-brussels.toml";
    assert_eq!(out.trim(), path);
    let text = std::fs::read_to_string(env.path(path)).unwrap();
    assert_contains!(text, "title = \"Vučić and Kurti meet in Brussels\"");
    assert_contains!(text, "url = \"https://example.com/a\"");
    assert_contains!(text, "# [[events]]");
    let checked = env.ok(&["check"]);
    assert_contains!(checked, "2 file(s)");
    let seeded = env.ok(&["seed"]);
    assert!(
        seeded
            .contains("added     seed/2023-07-20-vucic-and-kurti-meet-in-brussels.toml: 0 events"),
        "{seeded}"
    );

    // Never overwritten.
    std::fs::write(env.path(path), "edited").unwrap();
    let err = env.fails(&[
        "new",
        "--publisher",
        "X",
        "--published",
        "2023-07-20",
        "--title",
        "Vučić and Kurti meet in Brussels",
    ]);
    assert_contains!(err, "already exists");
    assert_eq!(std::fs::read_to_string(env.path(path)).unwrap(), "edited");
}

#[test]
fn new_refuses_bad_arguments() {
    let env = Env::empty();
    let err = env.fails(&[
        "new",
        "--publisher",
        "X",
        "--published",
        "2023-02-30",
        "--title",
        "T",
    ]);
    assert_contains!(
        err,
        "--published must be a day, YYYY-MM-DD, not \"2023-02-30\""
    );
    let err = env.fails(&[
        "new",
        "--publisher",
        "X",
        "--published",
        "2023-02-03",
        "--title",
        "T",
        "--url",
        "ftp://x",
    ]);
    assert!(
        err.contains("--url must be a web link (https:// or http://"),
        "{err}"
    );
    assert!(!env.path("seed").exists());
}

/// The `--db` help of `check` and `new` says what they do with the database, and they do just
/// that: neither creates one.
#[test]
fn the_db_help_of_check_and_new_says_they_create_nothing() {
    let env = Env::with_seed();
    for cmd in ["check", "new"] {
        let help = env.ok(&[cmd, "--help"]);
        let db = help
            .split("--db <PATH>")
            .nth(1)
            .unwrap_or_else(|| panic!("{cmd}: no --db in {help}"));
        let db: String = db.split_whitespace().collect::<Vec<_>>().join(" ");
        // Up to the default, the end of --db's help.
        let end = db.find("[default: annals.db]").expect("--db's default") + 20;
        let db = &db[..end];
        assert_eq!(
            db,
            "The database file. What a command does with it depends on the command: the query \
             commands (timeline, aggregate, show, the lists, search, conflicts, sql, export) \
             create a missing one from ./seed; seed and migrate create a missing one; check, doctor \
             and draft only read it; new and datasette-metadata never open it. [env: ANNALS_DB=] \
             [default: annals.db]",
            "{cmd}"
        );
        assert!(!help.contains("migrates it and seeds it"), "{cmd}: {help}");
    }
    env.ok(&["check"]);
    env.ok(&[
        "new",
        "--publisher",
        "Test Wire",
        "--published",
        "2023-07-24",
        "--title",
        "Kurti says the north is calm",
    ]);
    assert!(!env.db().exists(), "check or new created a database");
}
