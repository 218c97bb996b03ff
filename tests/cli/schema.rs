//! The database file as other tools see it: tables, views, the migration history, integrity.

use std::process::Command;

use crate::util::Env;

const EXPECTED_TABLES: [&str; 17] = [
    "conflicts",
    "definitions",
    "event_participants",
    "event_sources",
    "events",
    "figures",
    "organisation_aliases",
    "organisations",
    "people",
    "person_aliases",
    "person_roles",
    "place_aliases",
    "places",
    "quotes",
    "refinery_schema_history",
    "sources",
    "timeline",
];

/// Run SQL with Debian's `sqlite3` shell, the way a user would. Where the shell is not installed
/// (a developer's machine), say so and return None, unless ANNALS_REQUIRE_SQLITE3 is set (as
/// `.ci/run` does), in which case that is a failure.
fn sqlite3(env: &Env, sql: &str) -> Option<String> {
    match Command::new("sqlite3").arg(env.db()).arg(sql).output() {
        Ok(out) => Some(String::from_utf8(crate::util::succeeded(out).stdout).unwrap()),
        Err(e) => {
            assert!(
                std::env::var_os("ANNALS_REQUIRE_SQLITE3").is_none(),
                "the sqlite3 shell is required here: {e}"
            );
            eprintln!("sqlite3 shell not found ({e}); checking with the library only");
            None
        }
    }
}

#[test]
fn plain_sqlite3_sees_tables_history_and_the_timeline_view() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = env.conn();
    let names: Vec<String> = crate::util::column(&conn, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name");
    for t in EXPECTED_TABLES {
        assert!(names.iter().any(|n| n == t), "no {t} in {names:?}");
    }
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);

    if let Some(out) = sqlite3(&env, "SELECT date, date_human, title FROM timeline;") {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 12, "{out}");
        assert_eq!(
            lines[0],
            "2008|2008|Kosovo declares independence from Serbia"
        );
        assert!(lines.contains(
            &"2023-05/..|since May 2023|Ethnic Serbs protest the election of Albanian mayors"
        ));
        assert_eq!(sqlite3(&env, "PRAGMA foreign_key_check;").unwrap(), "");
        // The date index's day numbers are columns the shell reads and searches too.
        let in_may = sqlite3(
            &env,
            "SELECT count(*) FROM events INDEXED BY events_by_span \
             WHERE (span_class = 10 AND key_day <= CAST(julianday('2023-05-31') AS INTEGER)) \
                OR (span_class < 10 AND key_day <= CAST(julianday('2023-05-31') AS INTEGER) \
                    AND end_day >= CAST(julianday('2023-05-01') AS INTEGER)) \
                OR (span_class = 11 AND key_day >= CAST(julianday('2023-05-01') AS INTEGER)) \
                OR span_class = 12;",
        )
        .unwrap();
        let listed = env.ok(&[
            "timeline", "--from", "2023-05", "--to", "2023-05", "--format", "jsonl",
        ]);
        assert_eq!(
            in_may.trim(),
            listed.lines().count().to_string(),
            "{in_may}"
        );
        assert_eq!(in_may.trim(), "7");
        assert_eq!(sqlite3(&env, "PRAGMA integrity_check;").unwrap(), "ok\n");
        let history = sqlite3(&env, "SELECT version, name FROM refinery_schema_history;").unwrap();
        assert!(history.starts_with("1|schema\n"), "{history}");
        let figures = sqlite3(
            &env,
            "SELECT figures FROM timeline WHERE id = '2023-05-attack-on-kfor';",
        )
        .unwrap();
        assert_eq!(
            figures.trim(),
            "93 people injured (Jens Stoltenberg); 3 people seriously injured (Jens Stoltenberg); 30 soldiers injured"
        );
    }
}

#[test]
fn the_schema_enforces_what_must_hold() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let refused = [
        // Bounds out of order.
        "UPDATE events SET earliest = '2024-01-01' WHERE id = '2023-05-attack-on-kfor'",
        // Not a calendar day.
        "UPDATE events SET latest = '2023-02-30' WHERE id = '2023-05-attack-on-kfor'",
        // Unknown precision.
        "UPDATE events SET precision = 'week' WHERE id = '2023-05-attack-on-kfor'",
        // Ids are slugs.
        "INSERT INTO places (id, name, source_id) VALUES ('Not A Slug', 'x', 'anews-2023-07-19-nato-chief-serbia')",
        // Every fact knows its source, and the source must exist.
        "INSERT INTO quotes (source_id, speaker_person_id, text) VALUES ('nowhere', 'jens-stoltenberg', 'x')",
        // A figure is a value or a range.
        "UPDATE figures SET low = 1 WHERE value = 93",
        // A participant is a person or an organisation, not both.
        "UPDATE event_participants SET organisation_id = 'nato' WHERE person_id = 'jens-stoltenberg'",
        // Unknown qualifier.
        "UPDATE figures SET qualifier = 'roughly' WHERE value = 93",
    ];
    for sql in refused {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
}

#[test]
fn migrate_reports_the_schema_version() {
    let env = Env::empty();
    let out = env.ok(&["migrate"]);
    assert_contains!(out, "schema version 14");
    assert_eq!(env.count("events"), 0);
}

/// Where the seed format's JSON Schema is committed, for editors.
const SEED_SCHEMA: &str = "schema/seed.schema.json";

#[test]
fn the_committed_json_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_SCHEMA);
    let generated = annals::seed::model::json_schema();
    if std::env::var_os("ANNALS_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SEED_SCHEMA} is out of date with src/seed/model/mod.rs; regenerate it with \
         ANNALS_UPDATE_SCHEMA=1 cargo test --test cli the_committed_json_schema_is_current"
    );
    // It describes the format: required fields, closed tables, the qualifiers.
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["source"]));
    assert_eq!(schema["additionalProperties"], false);
    let text = committed.as_str();
    for word in [
        "\"at_least\"",
        "\"disputed\"",
        "\"date_text\"",
        "\"claimed_by\"",
    ] {
        assert!(text.contains(word), "no {word} in the schema");
    }
}
