//! Hostile input: ids, names and search words full of quotes, semicolons, wildcards and SQL, given
//! to every command that takes them. Each gives no match or a clear error, never a match a
//! wildcard made, and the database is left exactly as it was. And `annals sql` is read-only at
//! the connection: writes, temporary tables, ATTACH, pragma settings and load_extension are
//! refused by SQLite while it prepares the statement.

use serde_json::Value;

use crate::util::Env;

const HOSTILE: [&str; 16] = [
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "' OR '1'='1",
    "%",
    "_",
    "%%",
    "a%",
    "%nato%",
    "k_or",
    "\\",
    "*",
    "nato*",
    "1; DELETE FROM sources",
    "x' UNION SELECT id FROM events --",
    "NULL",
    "\u{0}",
];

/// Run `args`: either it succeeds with an empty JSON array, or it fails clearly (exit 1, a
/// message, no panic). Returns the message when it failed.
fn nothing_or_error(env: &Env, args: &[&str]) -> Option<String> {
    let out = env.output(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "annals {args:?}: {stderr}");
    if out.status.success() {
        let v: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("annals {args:?}: {e}: {stdout}"));
        assert_eq!(v, Value::Array(vec![]), "annals {args:?} matched something");
        None
    } else {
        assert_eq!(out.status.code(), Some(1), "annals {args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "annals {args:?}: {stderr}");
        assert!(stdout.is_empty(), "annals {args:?}: {stdout}");
        Some(stderr)
    }
}

#[test]
fn hostile_names_ids_and_words_match_nothing_and_change_nothing() {
    let env = Env::with_fixture();
    env.ok(&["seed"]);
    let before = env.dump();
    for bad in HOSTILE {
        // A NUL cannot be passed as a program argument at all.
        if bad.contains('\u{0}') {
            continue;
        }
        // --kind is compared without case, never as a pattern: a wildcard is a kind no event has.
        for cmd in [
            &["timeline", "--format", "json"][..],
            &["aggregate", "events", "--by", "kind", "--format", "json"][..],
            &["export", "--format", "jsonl"][..],
        ] {
            let mut args = cmd.to_vec();
            args.extend(["--kind", bad]);
            if cmd[0] == "export" {
                // JSON Lines: no line at all, or an error naming --kind.
                let out = env.output(&args);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(out.stdout.is_empty(), "annals {args:?}");
                assert!(
                    out.status.success() || stderr.starts_with("error: --kind: "),
                    "annals {args:?}: {stderr}"
                );
            } else {
                if let Some(err) = nothing_or_error(&env, &args) {
                    assert!(err.starts_with("error: --kind: "), "{args:?}: {err}");
                }
            }
        }
        // --person, --org, --place and --source name someone or something, or fail saying who
        // is meant. Punctuation is folded
        // away as documented (`%nato%` is `nato`), never read as a wildcard: the answer is the
        // one for the bare words, and an error when there are none.
        let plain = bad.replace(['%', '_', '*', '\\'], " ");
        for flag in ["--person", "--org", "--place", "--source"] {
            for cmd in [
                &["timeline", "--format", "json"][..],
                &["aggregate", "events", "--by", "month", "--format", "json"][..],
                &["export", "--format", "jsonl"][..],
            ] {
                let mut args = cmd.to_vec();
                args.extend([flag, bad]);
                let out = env.output(&args);
                let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                assert!(!stderr.contains("panicked"), "annals {args:?}: {stderr}");
                if plain.trim().is_empty() {
                    assert_eq!(
                        out.status.code(),
                        Some(1),
                        "annals {args:?} matched someone"
                    );
                    assert!(stderr.contains(flag), "annals {args:?}: {stderr}");
                } else {
                    let mut again = cmd.to_vec();
                    again.extend([flag, plain.as_str()]);
                    let again = env.output(&again);
                    assert_eq!(out.status.code(), again.status.code(), "annals {args:?}");
                    assert_eq!(out.stdout, again.stdout, "annals {args:?} vs {plain:?}");
                }
            }
        }
        // --text is words, never FTS5 syntax or SQL: the answer for its letters and digits alone
        // (nothing when it has none), or an error naming --text.
        let words: String = bad
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        for cmd in [
            &["timeline", "--format", "json"][..],
            &["conflicts", "--format", "json"][..],
        ] {
            let mut args = cmd.to_vec();
            args.extend(["--text", bad]);
            let out = env.output(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "annals {args:?}: {stderr}");
            if out.status.success() {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                if words.trim().is_empty() {
                    assert_eq!(v, serde_json::json!([]), "annals {args:?} matched");
                } else {
                    let mut again = cmd.to_vec();
                    again.extend(["--text", words.as_str()]);
                    let again: Value = env.json(&again);
                    assert_eq!(v, again, "annals {args:?} vs {words:?}");
                }
            } else {
                assert_eq!(out.status.code(), Some(1), "annals {args:?}: {stderr}");
                assert!(
                    stderr.starts_with("error: --text "),
                    "annals {args:?}: {stderr}"
                );
            }
        }
        // show finds nothing by that id, name or alias.
        let out = env.output(&["show", bad, "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        if plain.trim().is_empty() {
            assert_eq!(out.status.code(), Some(1), "show {bad:?} found something");
        } else {
            let again = env.output(&["show", &plain, "--format", "json"]);
            assert_eq!(out.stdout, again.stdout, "show {bad:?} vs {plain:?}");
        }
        // search: `%`, `_`, `*` and `\` are no wildcards, so the words find what they find
        // without them (and nothing when there is nothing else).
        let plain = bad.replace(['%', '_', '*', '\\'], " ");
        if plain.trim().is_empty() {
            nothing_or_error(&env, &["search", bad, "--format", "json"]);
        } else {
            let out = env.output(&["search", bad, "--format", "json"]);
            let again = env.output(&["search", &plain, "--format", "json"]);
            assert_eq!(out.status.code(), again.status.code(), "search {bad:?}");
            assert_eq!(
                out.stdout, again.stdout,
                "search {bad:?} is not search {plain:?}"
            );
            assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        }
        // An FTS5 query has its own syntax (`nato*` is a prefix): an answer or a clear error.
        let out = env.output(&["search", "--fts", bad, "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        if out.status.success() {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(v.is_array());
        } else {
            assert_eq!(out.status.code(), Some(1), "search --fts {bad:?}: {stderr}");
            assert!(stderr.starts_with("error: "), "{stderr}");
        }
        // sql: a parameter is a value, never SQL.
        let rows: Value = env.json(&[
            "sql",
            "SELECT count(*) AS n FROM events WHERE kind = :k OR id = :k OR title = :k",
            "-p",
            "k",
            bad,
            "--format",
            "json",
        ]);
        assert_eq!(rows[0]["n"], 0, "sql -p k {bad:?}");
        let rows: Value = env.json(&["sql", "SELECT :k AS k", "-p", "k", bad, "--format", "json"]);
        assert_eq!(rows[0]["k"], *bad, "a parameter comes back as given");
    }
    assert_eq!(env.dump(), before);
    // The same commands still answer the honest question.
    let rows: Value = env.json(&["timeline", "--kind", "attack", "--format", "json"]);
    assert!(!rows.as_array().unwrap().is_empty());
    let rows: Value = env.json(&["search", "nato", "--format", "json"]);
    assert!(!rows.as_array().unwrap().is_empty());
}

#[test]
fn sql_refuses_everything_but_reading() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let before = env.dump();
    let (version_before, names_before) = env.file_state(&env.db());
    for sql in [
        "DELETE FROM events",
        "UPDATE events SET title = 'x'",
        "INSERT INTO places (id, name, source_id) VALUES ('x', 'x', 'x')",
        "DROP TABLE events",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "CREATE TEMP VIEW v AS SELECT 1",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON events BEGIN SELECT 1; END",
        "ATTACH DATABASE 'other.db' AS other",
        "ATTACH DATABASE ':memory:' AS other",
        "DETACH DATABASE main",
        "VACUUM INTO 'copy.db'",
        "PRAGMA user_version = 5",
        "PRAGMA journal_mode = delete",
        "PRAGMA journal_mode=memory",
        "PRAGMA foreign_keys = OFF",
        "PRAGMA query_only = 0",
        "PRAGMA writable_schema = 1",
        "PRAGMA temp.user_version = 3",
        "PRAGMA main.application_id = 1",
        "SELECT load_extension('libnothing')",
        "SELECT LOAD_EXTENSION('/tmp/x.so', 'init')",
        "REINDEX",
        "ANALYZE",
    ] {
        let err = env.fails(&["sql", sql]);
        assert!(
            err.contains("only reads") || err.contains("authoriz"),
            "{sql}: {err}"
        );
    }
    assert!(!env.path("other.db").exists());
    assert!(!env.path("copy.db").exists());
    assert_eq!(env.dump(), before);
    assert_eq!(env.file_state(&env.db()), (version_before, names_before));
    // Reading still works: tables, views, the search index, recursive queries, reading pragmas.
    for (sql, expect) in [
        ("SELECT count(*) AS n FROM events", 12),
        ("SELECT count(*) AS n FROM timeline", 12),
        (
            "SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'nato'",
            -1,
        ),
        (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4) \
             SELECT count(*) AS n FROM c",
            4,
        ),
        ("SELECT count(*) AS n FROM pragma_table_info('events')", -1),
    ] {
        let rows: Value = env.json(&["sql", sql, "--format", "json"]);
        let n = rows[0]["n"].as_i64().unwrap();
        if expect >= 0 {
            assert_eq!(n, expect, "{sql}");
        } else {
            assert!(n > 0, "{sql}");
        }
    }
    let rows: Value = env.json(&["sql", "PRAGMA table_info(events)", "--format", "json"]);
    assert_eq!(rows[0]["name"], "id");
    let rows: Value = env.json(&["sql", "PRAGMA user_version", "--format", "json"]);
    assert!(rows[0]["user_version"].is_number());
    let rows: Value = env.json(&["sql", "PRAGMA journal_mode", "--format", "json"]);
    assert_eq!(rows[0]["journal_mode"], "wal");
}
