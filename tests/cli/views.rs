//! The views and FTS tables other tools use, read with plain SQLite and no annals code.

use std::process::Command;

use crate::util::Env;

fn rows(env: &Env, sql: &str) -> Vec<Vec<String>> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                    rusqlite::types::ValueRef::Real(f) => f.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(_) => "blob".to_string(),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn events_by_month_counts_within_and_possible() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let months = rows(
        &env,
        "SELECT month, within, possible FROM events_by_month WHERE month LIKE '2023-%'",
    );
    let cli: Vec<serde_json::Value> = env.json(&[
        "aggregate",
        "events",
        "--by",
        "month",
        "--from",
        "2023-01",
        "--to",
        "2023-07",
        "--format",
        "json",
    ]);
    let from_cli: Vec<Vec<String>> = cli
        .iter()
        .map(|b| {
            vec![
                b["key"].as_str().unwrap().to_string(),
                b["within"].to_string(),
                b["possible"].to_string(),
            ]
        })
        .collect();
    assert_eq!(months, from_cli, "the view and the command agree");
    let first = rows(&env, "SELECT month FROM events_by_month LIMIT 1");
    assert_eq!(first, [["2008-01"]]);
}

#[test]
fn named_views_for_participants_figures_and_people() {
    let env = Env::with_fixture();
    env.ok(&["seed"]);
    let meeting = rows(
        &env,
        "SELECT participant, participant_kind, role, source_title FROM event_participants_named \
         WHERE event_id = '2023-07-19-stoltenberg-vucic-meeting' ORDER BY id",
    );
    assert_eq!(meeting[0][..3], ["Jens Stoltenberg", "person", "host"]);
    assert_eq!(meeting[1][..3], ["Aleksandar Vucic", "person", "guest"]);
    let figures = rows(
        &env,
        "SELECT label, claimed_by, source_title FROM figures_named \
         WHERE event_id = '2023-05-attack-on-kfor' AND measure = 'injured' ORDER BY id",
    );
    assert_eq!(figures.len(), 4);
    assert_eq!(
        figures[2][..2],
        ["at least 25 soldiers injured", "Kosovo Force"]
    );
    assert!(figures[3][2].starts_with("Kosovo tensions"), "{figures:?}");
    let people = rows(
        &env,
        "SELECT id, events, first, last, quotes FROM people_activity",
    );
    assert_eq!(
        people[0],
        ["aleksandar-vucic", "3", "2023-07-19", "2023-07-20", "3"]
    );
}

#[test]
fn a_count_of_one_is_labelled_in_the_singular_as_annals_tables_word_it() {
    let units = [
        "police officers",
        "people",
        "People",
        "soldiers",
        "Serbs",
        "casualties",
        "churches",
        "troops",
        "children",
        "press",
        "km",
        "s",
        "buses",
        "boxes",
        "bushes",
        "men",
        "policewomen",
        "armoured vehicles",
        "İS",
        "ies",
        "series",
    ];
    let mut toml = String::from(
        "[source]\nid = \"units\"\ntitle = \"Units\"\npublisher = \"P\"\npublished = \"2023-07-19\"\n\n\
         [[events]]\nid = \"2023-07-19-units\"\ndate = \"2023-07-19\"\nkind = \"k\"\ntitle = \"Units\"\n",
    );
    for unit in units {
        for value in ["1", "2"] {
            toml.push_str(&format!(
                "\n[[figures]]\nevent = \"2023-07-19-units\"\nvalue = {value}\nunit = \"{unit}\"\n\
                 measure = \"counted\"\nqualifier = \"approximately\"\n"
            ));
        }
    }
    let env = Env::empty();
    env.write("seed/units.toml", toml);
    env.ok(&["seed"]);
    let labels = rows(
        &env,
        "SELECT unit, value, label FROM figures_named WHERE event_id = '2023-07-19-units'",
    );
    assert_eq!(labels.len(), units.len() * 2);
    for row in labels {
        let (unit, value, label) = (&row[0], &row[1], &row[2]);
        let expected = if value == "1" {
            format!(
                "about 1 {} counted",
                annals::output::figures::singular(unit)
            )
        } else {
            format!("about 2 {unit} counted")
        };
        assert_eq!(label, &expected, "{unit}");
    }
}

#[test]
fn fts_tables_with_triggers_as_sqlite_utils_names_them() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let names = rows(
        &env,
        "SELECT name FROM sqlite_master WHERE name LIKE '%fts' OR type = 'trigger' ORDER BY name",
    );
    let names: Vec<&str> = names.iter().map(|r| r[0].as_str()).collect();
    for t in ["events", "quotes", "figures"] {
        for suffix in ["_fts", "_ai", "_ad", "_au"] {
            assert!(
                names.contains(&format!("{t}{suffix}").as_str()),
                "{t}{suffix} in {names:?}"
            );
        }
    }
    // Datasette's own detection query finds the FTS tables of quotes and figures; events_fts
    // keeps its own content (names from other tables too), and the metadata names it.
    for t in ["quotes", "figures"] {
        let found = rows(
            &env,
            &format!(
                "SELECT name FROM sqlite_master WHERE rootpage = 0 AND (\
                 sql LIKE '%VIRTUAL TABLE%USING FTS%content=[{t}]%' \
                 OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"{t}\"%')"
            ),
        );
        assert_eq!(found, [[format!("{t}_fts")]], "{t}");
    }
    // The indexes agree with their tables.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    for t in ["events_fts", "quotes_fts", "figures_fts"] {
        conn.execute(
            &format!("INSERT INTO {t} ({t}) VALUES ('integrity-check')"),
            [],
        )
        .unwrap_or_else(|e| panic!("{t}: {e}"));
    }
}

/// Debian's `sqlite3` shell (3.40) reads the database, FTS tables and views included. Skipped
/// with a note where no `sqlite3` is installed, unless ANNALS_REQUIRE_SQLITE3 is set (as in CI).
#[test]
fn the_sqlite3_shell_reads_the_views_and_fts_tables() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let Ok(out) = Command::new("sqlite3")
        .arg(env.db())
        .arg("SELECT snippet(quotes_fts, 0, '[', ']', '…', 6) FROM quotes_fts WHERE quotes_fts MATCH 'partner'; SELECT month, within, possible FROM events_by_month WHERE month = '2023-05'; SELECT count(*) FROM people_activity; SELECT count(*) FROM event_participants_named;")
        .output()
    else {
        // CI installs the shell and sets ANNALS_REQUIRE_SQLITE3, so there it is never skipped.
        assert!(
            std::env::var_os("ANNALS_REQUIRE_SQLITE3").is_none(),
            "ANNALS_REQUIRE_SQLITE3 is set but there is no sqlite3 shell"
        );
        eprintln!("no sqlite3 shell here: skipped");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_contains!(stdout, "[partner]");
    assert_contains!(stdout, "2023-05|2|5");
    assert_contains!(stdout, "\n2\n");
}
