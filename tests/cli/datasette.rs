//! `annals datasette-metadata` and the `timeline` view's columns for other tools. Datasette
//! itself is run by `tests/datasette/run`.

use rusqlite::named_params;
use serde_json::Value;

use crate::util::Env;

#[test]
fn the_metadata_hides_bookkeeping_searches_the_timeline_and_keeps_ongoing_events_in_a_range() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let meta: Value = serde_json::from_str(&env.ok(&["datasette-metadata"])).unwrap();
    // Datasette names the database by its file name.
    let db = &meta["databases"]["annals"];
    let conn = env.conn();
    let tables = db["tables"].as_object().unwrap();
    for (name, table) in tables {
        let exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = ?1 AND type IN ('table', 'view')",
                [name],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exists, 1, "{name} is not in the database");
        if let Some(label) = table["label_column"].as_str() {
            conn.prepare(&format!("SELECT \"{label}\" FROM \"{name}\""))
                .unwrap_or_else(|e| panic!("{name}.{label}: {e}"));
        }
    }
    let hidden: Vec<&str> = tables
        .iter()
        .filter(|(_, t)| t["hidden"] == true)
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        hidden,
        [
            "definitions",
            "event_area",
            "event_area_node",
            "event_area_parent",
            "event_area_rowid",
            "refinery_schema_history",
            "search_sync"
        ]
    );
    let timeline = &db["tables"]["timeline"];
    assert_eq!(timeline["fts_table"], "events_fts");
    assert_eq!(timeline["fts_pk"], "event_rowid");
    // events_fts keeps its own content, so Datasette would not find it for `events` alone.
    assert_eq!(db["tables"]["events"]["fts_table"], "events_fts");
    assert_eq!(db["tables"]["events"]["label_column"], "title");
    for column in timeline["columns"].as_object().unwrap().keys() {
        conn.prepare(&format!("SELECT \"{column}\" FROM timeline"))
            .unwrap_or_else(|e| panic!("timeline.{column}: {e}"));
    }

    // Search as Datasette runs it on a view: fts_pk in the rowids that match.
    let found: Vec<String> = conn
        .prepare(
            "SELECT id FROM timeline WHERE event_rowid IN \
             (SELECT rowid FROM events_fts WHERE events_fts MATCH ?1)",
        )
        .unwrap()
        .query_map(["headquarters"], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(found, ["2023-07-19-stoltenberg-vucic-meeting"]);

    // The canned query keeps what may fall in the range, ongoing events included.
    let sql = db["queries"]["events_between"]["sql"].as_str().unwrap();
    let between = |from: &str, to: &str| -> Vec<(String, String)> {
        conn.prepare(sql)
            .unwrap()
            .query_map(named_params! { ":from": from, ":to": to }, |r| {
                Ok((r.get("id")?, r.get("window")?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let pair = |id: &str, w: &str| (id.to_string(), w.to_string());
    assert_eq!(
        between("2024-01-01", "2024-12-31"),
        [
            pair("serbia-regards-kosovo-as-its-territory", "possible"),
            pair("2023-05-protests-against-albanian-mayors", "possible"),
        ]
    );
    // The same events, in the same order, as annals timeline lists for the range (its id and
    // window a row each); a side left empty as a flag not given.
    let listed = |from: &str, to: &str| -> Vec<(String, String)> {
        let mut args = vec!["timeline", "--format", "json"];
        if !from.is_empty() {
            args.extend(["--from", from]);
        }
        if !to.is_empty() {
            args.extend(["--to", to]);
        }
        let rows: Vec<Value> = env.json(&args);
        rows.iter()
            .map(|e| pair(e["id"].as_str().unwrap(), e["window"].as_str().unwrap()))
            .collect()
    };
    assert!(listed("2023-05-30", "2023-05-31")
        .contains(&pair("2023-05-30-nato-sends-700-troops", "within")));
    // Days, months and years as --from and --to read them.
    for (from, to) in [
        ("2023-05-30", "2023-05-31"),
        ("2023-05", "2023-05"),
        ("2008", "2008"),
        ("2023-02", "2024"),
        ("2024-02", "2024-02"),
        // A side left empty is open, as a flag not given.
        ("", "2008"),
        ("2023-07", ""),
    ] {
        let listed = listed(from, to);
        assert!(!listed.is_empty());
        assert_eq!(between(from, to), listed, "{from}..{to}");
    }

    // Another --db names another database.
    let other: Value =
        serde_json::from_str(&env.ok(&["--db", "other/news.db", "datasette-metadata"])).unwrap();
    assert!(other["databases"]["news"]["queries"]["events_between"].is_object());
}

#[test]
fn the_timeline_view_has_summary_disputed_and_bounds_that_keep_ongoing_events() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = env.conn();
    let row: (Option<String>, i64, String, String) = conn
        .query_row(
            "SELECT summary, disputed, first_possible, last_possible FROM timeline \
             WHERE id = '2023-05-protests-against-albanian-mayors'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(row.1, 0);
    assert_eq!(
        (row.2.as_str(), row.3.as_str()),
        ("2023-05-01", "9999-12-31")
    );
    let summary: Option<String> = conn
        .query_row(
            "SELECT summary FROM events WHERE id = '2023-05-protests-against-albanian-mayors'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(row.0, summary);
    let ongoing: Vec<String> = crate::util::column(
        &conn,
        "SELECT id FROM timeline WHERE last_possible >= '2024-01-01'",
    );
    assert_eq!(
        ongoing,
        [
            "serbia-regards-kosovo-as-its-territory",
            "2023-05-protests-against-albanian-mayors"
        ]
    );
}
