//! A database another tool wrote: with its constraints switched off, any column may hold any
//! text or number. Every read command and every export either answers or fails with a clean
//! error; none panics (exit status 101).

use std::process::Output;

use proptest::prelude::*;
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::util::Env;

/// The tables another tool could write to, whose every column is fair game.
const TABLES: [&str; 14] = crate::util::RECORD_TABLES;

/// Columns whose text readers parse rather than pass on (dates, numbers, kinds of things), the
/// likeliest to break a reader: half the edits go to one of them.
const PARSED: [(&str, &str); 14] = [
    ("events", "date"),
    ("events", "earliest"),
    ("events", "latest"),
    ("events", "date_human"),
    ("events", "precision"),
    ("event_sources", "date"),
    ("event_sources", "earliest"),
    ("event_sources", "latest"),
    ("sources", "published"),
    ("sources", "url"),
    ("figures", "value"),
    ("figures", "low"),
    ("figures", "high"),
    ("figures", "qualifier"),
];

/// One cell overwritten: the table and column (one of [`PARSED`], or any column of any table,
/// by index modulo what there is), which row, and the value.
#[derive(Debug, Clone)]
struct Edit {
    cell: Cell,
    row: usize,
    value: Value,
}

#[derive(Debug, Clone)]
enum Cell {
    Parsed(usize),
    Any { table: usize, column: usize },
}

/// Text that is hard on whatever reads it: dates with a character of several bytes in them,
/// numbers where words go, anything at all.
fn text() -> impl Strategy<Value = String> {
    // An ISO day with one character replaced by one of two to four bytes, most often in the
    // year, which readers cut at its fourth byte.
    let at = prop_oneof![2 => 0..4usize, 1 => 0..10usize];
    let day = (at, prop::sample::select(vec!['€', 'é', '٣', '日', '𝟚'])).prop_map(|(i, wide)| {
        let mut day: Vec<char> = "2023-05-29".chars().collect();
        day[i] = wide;
        day.into_iter().collect::<String>()
    });
    prop_oneof![
        4 => day,
        1 => Just("22€3-05-01".to_string()),
        1 => Just("2023-€5-01".to_string()),
        1 => Just("é".to_string()),
        1 => Just(String::new()),
        1 => Just("9999-12-31".to_string()),
        1 => Just("0000-01-01".to_string()),
        1 => Just("2023-02-30".to_string()),
        1 => Just("2023-05/..".to_string()),
        1 => Just("javascript:alert(1)".to_string()),
        1 => Just("timeline".to_string()),
        1 => Just("title x".to_string()),
        1 => Just("%% y".to_string()),
        1 => "[0-9€é٣/.~?%-]{0,12}",
        1 => "[a-z0-9 -]{0,8}",
        1 => ".{0,16}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => text().prop_map(Value::Text),
        1 => Just(Value::Null),
        1 => Just(Value::Integer(i64::MAX)),
        1 => Just(Value::Integer(i64::MIN)),
        1 => Just(Value::Integer(9_007_199_254_740_993)),
        1 => any::<i64>().prop_map(Value::Integer),
        1 => any::<f64>().prop_map(Value::Real),
        1 => Just(Value::Real(1e308)),
        1 => Just(Value::Real(-0.0)),
        1 => prop::collection::vec(any::<u8>(), 0..6).prop_map(Value::Blob),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let cell = prop_oneof![
        (0..PARSED.len()).prop_map(Cell::Parsed),
        (0..TABLES.len(), 0..32usize).prop_map(|(table, column)| Cell::Any { table, column }),
    ];
    (cell, 0..8usize, value()).prop_map(|(cell, row, value)| Edit { cell, row, value })
}

/// Apply `edits` as another SQLite tool could: constraints and foreign keys off. An edit
/// SQLite itself refuses (a NOT NULL column, a STRICT table's type) is left out.
fn apply(env: &Env, edits: &[Edit]) {
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch("PRAGMA ignore_check_constraints = 1; PRAGMA foreign_keys = OFF")
        .unwrap();
    for e in edits {
        let (table, column) = match e.cell {
            Cell::Parsed(i) => (PARSED[i].0, PARSED[i].1.to_string()),
            Cell::Any { table, column } => {
                let table = TABLES[table];
                let columns: Vec<String> = crate::util::column(
                    &conn,
                    &format!("SELECT name FROM pragma_table_xinfo('{table}') WHERE hidden = 0"),
                );
                (table, columns[column % columns.len()].clone())
            }
        };
        let rowids: Vec<i64> = crate::util::column(
            &conn,
            &format!("SELECT rowid FROM \"{table}\" ORDER BY rowid"),
        );
        if rowids.is_empty() {
            continue;
        }
        let rowid = rowids[e.row % rowids.len()];
        let _ = conn.execute(
            &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE rowid = ?2"),
            rusqlite::params![e.value, rowid],
        );
    }
}

/// Assert that `out` is an answer (0) or a clean error (1), never a panic (101) or a kill.
fn no_panic(args: &[&str], out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "annals {args:?} exited {:?}: {stderr}",
        out.status.code()
    );
    assert!(!stderr.contains("panicked"), "annals {args:?}: {stderr}");
}

/// The ids `show` is asked about: a few of every kind, as the database now holds them.
fn ids(env: &Env) -> Vec<String> {
    let conn = env.conn();
    let mut ids = Vec::new();
    for table in ["events", "people", "organisations", "places", "sources"] {
        let some: Vec<Value> =
            crate::util::column(&conn, &format!("SELECT id FROM \"{table}\" LIMIT 3"));
        ids.extend(some.into_iter().filter_map(|v| match v {
            // A command line cannot hold a NUL byte: such an id cannot be asked about.
            Value::Text(t) if !t.is_empty() && !t.starts_with('-') && !t.contains('\0') => Some(t),
            _ => None,
        }));
    }
    ids
}

/// Every read command and export over the database.
fn read_everything(env: &Env) {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for format in ["table", "json", "csv"] {
        runs.push(s(&["timeline", "--format", format]));
    }
    for format in [
        "html",
        "timelinejs",
        "mermaid",
        "ics",
        "csv",
        "csv-raw",
        "jsonl",
    ] {
        runs.push(s(&["export", "--format", format]));
    }
    runs.push(s(&["export", "--format", "seed", "--out", "exported"]));
    for by in ["month", "year", "kind", "person", "organisation", "place"] {
        runs.push(s(&["aggregate", "events", "--by", by]));
    }
    for by in ["event", "month", "year", "organisation", "claimed-by"] {
        runs.push(s(&["aggregate", "figures", "--by", by]));
        runs.push(s(&["aggregate", "figures", "--by", by, "--format", "json"]));
    }
    for list in ["people", "organisations", "places", "sources", "conflicts"] {
        runs.push(s(&[list]));
    }
    runs.push(s(&["search", "nato"]));
    runs.push(s(&["search", "--fts", "nato"]));
    runs.push(s(&["timeline", "--from", "2023-05", "--to", "2023-07"]));
    runs.push(s(&["doctor"]));
    for id in ids(env) {
        runs.push(vec!["show".into(), id.clone()]);
        runs.push(vec!["show".into(), id, "--format".into(), "json".into()]);
    }
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.output(&args);
        no_panic(&args, &out);
    }
}

/// The number of cases: `default`, or `PROPTEST_CASES` for a longer search.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(16), ..ProptestConfig::default() })]

    #[test]
    fn no_command_panics_on_what_another_tool_wrote(edits in prop::collection::vec(edit(), 1..24)) {
        let env = Env::with_fixture();
        env.ok(&["seed"]);
        apply(&env, &edits);
        read_everything(&env);
    }
}

/// The case the adversarial run found: a date whose fourth byte is inside a character.
#[test]
fn a_date_with_a_character_of_several_bytes_exports_without_a_panic() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = 1;
         UPDATE events SET earliest = '22€3-05-01' WHERE id = '2023-05-attack-on-kfor'",
    )
    .unwrap();
    drop(conn);
    for format in ["mermaid", "html", "timelinejs", "ics", "csv", "jsonl"] {
        let args = ["export", "--format", format];
        let out = env.output(&args);
        no_panic(&args, &out);
        assert_eq!(out.status.code(), Some(0), "{format}");
    }
    let mermaid = env.ok(&["export", "--format", "mermaid"]);
    assert_contains!(mermaid, "    section 22€3\n");
}
