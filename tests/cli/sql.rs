//! `annals sql`: a read-only connection, named parameters, SQL on standard input.

use serde_json::Value;

use crate::util::Env;

#[test]
fn delete_fails_with_sqlites_read_only_error_and_deletes_nothing() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let before = env.dump();
    let err = env.fails(&["sql", "DELETE FROM events"]);
    assert_contains!(err, "annals sql only reads");
    assert_eq!(env.dump(), before);
    assert_eq!(env.count("events"), 12);
    for sql in [
        "UPDATE events SET title = 'x'",
        "INSERT INTO places (id, name, source_id) VALUES ('x', 'x', 'anews-2023-07-19-nato-chief-serbia')",
        "DROP VIEW timeline",
        "CREATE TABLE t (x)",
        "PRAGMA user_version = 7",
    ] {
        let err = env.fails(&["sql", sql]);
        assert!(err.contains("only reads"), "{sql}: {err}");
    }
    let err = env.fails(&["sql", "ATTACH DATABASE 'other.db' AS other"]);
    assert_contains!(err, "only reads");
    assert!(!env.path("other.db").exists());
    let err = env.fails(&["sql", "SELECT load_extension('libnothing')"]);
    assert_contains!(err, "not authorized");
    assert_eq!(env.dump(), before);
}

#[test]
fn the_r_tree_of_event_areas_reads_like_any_table_and_is_never_written() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    // A window on the map as the R*Tree answers it: the events in northern Kosovo's box.
    let rows: Vec<Value> = env.json(&[
        "sql",
        "SELECT e.id FROM event_area a JOIN events e ON e.rowid = a.id \
         WHERE a.west <= 21 AND a.east >= 20.4 AND a.south <= 43.3 AND a.north >= 42.85 \
         ORDER BY e.id",
        "--format",
        "json",
    ]);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"2023-05-attack-on-kfor"), "{ids:?}");
    let geo = env.count("event_geo");
    let rows: Vec<Value> = env.json(&[
        "sql",
        "SELECT count(*) AS n FROM event_area",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["n"], geo);
    assert!(geo > 0);
    let before = env.dump();
    for sql in [
        "DELETE FROM event_area",
        "INSERT INTO event_area VALUES (999, 0, 1, 0, 1)",
        "DELETE FROM event_area_node",
    ] {
        let err = env.fails(&["sql", sql]);
        assert_contains!(err, "annals sql only reads");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn named_parameters_and_every_format() {
    let env = Env::with_seed();
    let sql =
        "SELECT f.id, e.title, f.value FROM figures_named f JOIN events e ON e.id = f.event_id \
               WHERE f.unit = :unit ORDER BY f.value";
    let rows: Vec<Value> = env.json(&["sql", sql, "-p", "unit", "troops", "--format", "json"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["value"], 500);
    assert_eq!(rows[1]["value"], 700);
    // Columns keep the query's order.
    let first = env.ok(&[
        "sql",
        "SELECT 2 AS b, 1 AS a, NULL AS c, 1.5 AS d",
        "--format",
        "jsonl",
    ]);
    assert_eq!(first, "{\"b\":2,\"a\":1,\"c\":null,\"d\":1.5}\n");
    let csv = env.ok(&[
        "sql",
        "SELECT id, name FROM places ORDER BY id",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv,
        "id,name\nbrussels,Brussels\nnorthern-kosovo,northern Kosovo\n"
    );
    let empty = env.ok(&["sql", "SELECT * FROM events WHERE 0", "--format", "json"]);
    assert_eq!(empty.trim(), "[]");
    let csv_empty = env.ok(&[
        "sql",
        "SELECT id, title FROM events WHERE 0",
        "--format",
        "csv",
    ]);
    assert_eq!(csv_empty, "id,title\n");
    insta::assert_snapshot!(
        "sql_table",
        env.ok(&[
            "sql",
            "SELECT date_human, title FROM timeline WHERE kind = :k",
            "-p",
            ":k",
            "attack"
        ])
    );
}

#[test]
fn sql_from_standard_input() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let out = crate::util::succeeded(
        env.cmd()
            .args(["sql", "--format", "json"])
            .write_stdin("SELECT count(*) AS n FROM events WHERE kind = :kind")
            .args(["-p", "kind", "meeting"])
            .output()
            .unwrap(),
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows, [serde_json::json!({"n": 1})]);
}

#[test]
fn mistakes_are_clear_errors() {
    let env = Env::with_seed();
    let cases = [
        (
            vec!["sql", "SELECT :a"],
            "the SQL uses the parameter :a but no `-p a VALUE` gives it",
        ),
        (
            vec!["sql", "SELECT 1", "-p", "b", "2"],
            "-p b: the SQL has no parameter :b",
        ),
        (vec!["sql", "SELECT ?"], "positional"),
        (vec!["sql", "SELECT 1; SELECT 2"], "Multiple statements"),
        (vec!["sql", "SELEC 1"], "syntax error"),
        (
            vec!["sql", "SELECT * FROM nowhere"],
            "no such table: nowhere",
        ),
        (vec!["sql", " "], "no SQL given"),
    ];
    for (args, expected) in cases {
        let err = env.fails(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
