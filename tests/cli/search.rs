//! `annals search`: FTS5 over events, quotes and figures, kept in sync by triggers.

use serde::Deserialize;

use crate::util::Env;

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    pub kind: String,
    pub id: String,
    pub event: Option<String>,
    pub title: Option<String>,
    pub who: Option<String>,
    pub snippet: String,
    pub source: String,
}

#[test]
fn finds_long_standing_partner_in_stoltenbergs_quote_and_marks_it() {
    let env = Env::with_seed();
    let hits: Vec<Hit> = env.json(&["search", "long-standing partner", "--format", "json"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let h = &hits[0];
    assert_eq!(
        (h.kind.as_str(), h.who.as_deref()),
        ("quote", Some("Jens Stoltenberg"))
    );
    assert_eq!(
        h.event.as_deref(),
        Some("2023-07-19-stoltenberg-vucic-meeting")
    );
    assert!(
        h.snippet.contains("**long-standing** **partner**"),
        "{}",
        h.snippet
    );
    let table = env.ok(&["search", "long-standing", "partner"]);
    assert_contains!(table, "**long-standing**");
    assert_table_and_json_snapshots!(
        Env::with_fixture(),
        "search_partner_fixture",
        &["search", "partner"]
    );
}

#[test]
fn ranks_and_folds_accents_across_events_quotes_and_figures() {
    let env = Env::with_fixture();
    // "Vucic" finds the fixture's "Vučić" and the founding article's "Vucic".
    let hits: Vec<Hit> = env.json(&["search", "Vucic", "--format", "json"]);
    assert!(
        hits.iter().any(|h| h.snippet.contains("**Vučić**")),
        "{hits:?}"
    );
    assert!(
        hits.iter().any(|h| h.snippet.contains("**Vucic**")),
        "{hits:?}"
    );
    let injured: Vec<Hit> = env.json(&["search", "injured", "--format", "json"]);
    let kinds: Vec<&str> = injured.iter().map(|h| h.kind.as_str()).collect();
    assert!(
        kinds.contains(&"figure") && kinds.contains(&"event") && kinds.contains(&"quote"),
        "{kinds:?}"
    );
    let limited: Vec<Hit> = env.json(&["search", "injured", "--limit", "2", "--format", "json"]);
    assert_eq!(limited.len(), 2);
    assert_eq!(limited[0].id, injured[0].id, "best first");
    assert_eq!(
        env.ok(&["search", "zeppelin", "--format", "json"]).trim(),
        "[]"
    );
}

#[test]
fn fts_syntax_only_when_asked_and_errors_are_clear() {
    let env = Env::with_seed();
    // Plain words: quotes and operators are text, never syntax.
    env.ok(&["search", "NEAR(", "\"", "--format", "json"]);
    let err = env.fails(&["search", "--fts", "NEAR("]);
    assert!(
        err.contains("cannot search for \"NEAR(\"") && err.contains("fts5"),
        "{err}"
    );
    let prefix: Vec<Hit> = env.json(&["search", "--fts", "escalat*", "--format", "json"]);
    assert_eq!(prefix.len(), 1);
}

/// Change the founding article's meeting title from "meets" to "receives".
fn retitle_the_meeting(env: &Env) {
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace(
        "title = \"Stoltenberg meets Vucic at NATO headquarters\"",
        "title = \"Stoltenberg receives Vucic at NATO headquarters\"",
    );
    assert_ne!(text, changed);
    std::fs::write(&file, changed).unwrap();
}

#[test]
fn the_index_follows_a_changed_seed_file() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    retitle_the_meeting(&env);
    env.ok(&["seed"]);
    // The old title is gone from the index ("meets" as a word of titles: the summary's
    // "meeting" shares its stem).
    let meets: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'title : meets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(meets, 0);
    let receives: Vec<Hit> = env.json(&["search", "receives", "--format", "json"]);
    assert_eq!(receives.len(), 1);
    // The FTS index agrees with its content table.
    let conn = env.conn();
    let ok: i64 = conn
        .query_row(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'receives'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ok, 1);
}

/// Every full-text index checked against its content table (FTS5 `integrity-check` with rank 1
/// compares each indexed term with the rows), and what a full rebuild would give: the same
/// matches for words old and new. `events_fts` keeps its own content, made from `event_search`
/// (names included): it is rebuilt from there.
fn assert_index_matches_content(env: &Env, words: &[&str]) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    for t in ["events_fts", "quotes_fts", "figures_fts"] {
        conn.execute(
            &format!("INSERT INTO {t} ({t}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{t} differs from its table: {e}"));
    }
    let matches = |conn: &rusqlite::Connection| -> Vec<Vec<i64>> {
        let mut out = Vec::new();
        for t in ["events_fts", "quotes_fts", "figures_fts"] {
            for w in words {
                let sql = format!("SELECT rowid FROM {t} WHERE {t} MATCH ?1 ORDER BY rowid");
                let mut stmt = conn.prepare(&sql).unwrap();
                let ids: Vec<i64> = stmt
                    .query_map([w], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                out.push(ids);
            }
        }
        out
    };
    let before = matches(&conn);
    conn.execute_batch(
        "DELETE FROM events_fts;
         INSERT INTO events_fts (rowid, title, summary, names)
         SELECT event_rowid, title, summary, names FROM event_search;",
    )
    .unwrap();
    for t in ["quotes_fts", "figures_fts"] {
        conn.execute(&format!("INSERT INTO {t} ({t}) VALUES ('rebuild')"), [])
            .unwrap();
    }
    assert_eq!(matches(&conn), before, "the index differs from a rebuild");
    let deferred: i64 = conn
        .query_row("SELECT deferred FROM search_sync", [], |r| r.get(0))
        .unwrap();
    assert_eq!(deferred, 0, "the triggers are left switched off");
}

#[test]
fn the_seeder_indexes_in_bulk_exactly_what_a_rebuild_would() {
    let env = Env::with_fixture();
    env.ok(&["seed"]);
    let words = [
        "stoltenberg",
        "vucic",
        "kosovo",
        "partner",
        "injured",
        "receives",
    ];
    assert_index_matches_content(&env, &words);

    // An article changed: its events, quotes and figures are unindexed and indexed again.
    retitle_the_meeting(&env);
    env.ok(&["seed"]);
    assert_index_matches_content(&env, &words);
    let receives: Vec<Hit> = env.json(&["search", "receives", "--format", "json"]);
    assert_eq!(receives.len(), 1, "{receives:?}");

    // An article pruned: what it stated leaves the index.
    let fixture = env.path("seed/2023-07-21-fixture-wire-kosovo-tensions.toml");
    std::fs::remove_file(&fixture).unwrap();
    env.ok(&["seed", "--prune"]);
    assert_index_matches_content(&env, &words);
}

#[test]
fn other_writers_still_index_through_the_triggers() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO quotes (source_id, speaker_person_id, text) \
         SELECT source_id, speaker_person_id, 'Zanzibar marmalade' FROM quotes LIMIT 1",
        [],
    )
    .unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'zanzibar'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    conn.execute("DELETE FROM quotes WHERE text = 'Zanzibar marmalade'", [])
        .unwrap();
    assert_index_matches_content(&env, &["zanzibar", "partner"]);
}

/// An invented article: a clash at a bridge in a place with an accented name, a participant with
/// an alias, a quote whose speaker takes no part, a figure claimed by a third party.
const BRIDGE: &str = r#"[source]
title = "Farmers and police clash at the Lučevica bridge"
publisher = "Valley Courier"
published = "2024-04-06"

[[people]]
id = "milena-dordic"
name = "Milena Đorđić"
aliases = ["Milena Djordjic"]

[[people]]
id = "tomas-brandt"
name = "Tomas Brandt"

[[organisations]]
id = "valley-police"
name = "Valley Police Service"

[[organisations]]
id = "eastbrook-red-cross"
name = "Eastbrook Red Cross"
aliases = ["ERC"]

[[places]]
id = "velika-lucevica"
name = "Velika Lučevica"

[[events]]
id = "2024-04-05-bridge-clashes"
date = "2024-04-05"
kind = "clash"
title = "Clashes between farmers and police at the bridge"
participants = [{ id = "milena-dordic", role = "organiser" }, { id = "valley-police" }]
place = "velika-lucevica"

[[events]]
id = "2024-04-01-farmers-meet"
date = "2024-04-01"
kind = "meeting"
title = "Farmers meet in the market hall"

[[figures]]
event = "2024-04-05-bridge-clashes"
value = 12
unit = "people"
measure = "treated"
claimed_by = "eastbrook-red-cross"

[[quotes]]
speaker = "tomas-brandt"
event = "2024-04-05-bridge-clashes"
text = "Nobody wanted this to happen."
"#;

fn events_found(env: &Env, words: &str) -> Vec<String> {
    let hits: Vec<Hit> = env.json(&["search", words, "--format", "json"]);
    let mut events: Vec<String> = hits
        .into_iter()
        .filter(|h| h.kind == "event")
        .map(|h| h.id)
        .collect();
    events.dedup();
    events
}

#[test]
fn search_finds_an_event_by_the_names_of_its_place_and_people_by_stems_and_prefixes() {
    let env = Env::empty();
    env.write("seed/2024-04-06-valley-bridge.toml", BRIDGE);
    env.ok(&["seed"]);
    let clash = ["2024-04-05-bridge-clashes".to_string()];
    for words in [
        "Lucevica",        // the place, accents folded
        "velika lučevica", // its whole name
        "Djordjic",        // a participant's alias
        "Đorđić",          // and name
        "valley police",   // an organisation taking part
        "Brandt",          // who is quoted about it
        "ERC",             // who claimed its figure
        "clash",           // a stem: the title says "Clashes"
        "lucev",           // a prefix
        "police lucevica", // words from the title and from the names together
    ] {
        assert_eq!(events_found(&env, words), clash, "{words}");
    }
    let mut farmers = events_found(&env, "farmers");
    farmers.sort();
    assert_eq!(
        farmers,
        ["2024-04-01-farmers-meet", "2024-04-05-bridge-clashes"]
    );
    // A short word is no prefix.
    assert_eq!(events_found(&env, "Er"), Vec::<String>::new());
    // The snippet shows the name that matched.
    let table = env.ok(&["search", "Lucevica"]);
    assert_contains!(table, "**Lučevica**");
    // `timeline --text` reads the same index.
    let rows: Vec<serde_json::Value> =
        env.json(&["timeline", "--text", "lucevica clash", "--format", "json"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], "2024-04-05-bridge-clashes");

    // A later article that gives the person another name makes the stored event findable by it,
    // although it reports no event.
    env.write(
        "seed/2024-04-08-valley-profile.toml",
        r#"[source]
title = "A profile"
publisher = "Valley Courier"
published = "2024-04-08"

[[people]]
id = "milena-dordic"
aliases = ["Mila Dorda"]
"#,
    );
    env.ok(&["seed"]);
    assert_eq!(events_found(&env, "Dorda"), clash);
    assert_eq!(events_found(&env, "Mila Dorda"), clash);
    // Pruning it takes the name away again.
    std::fs::remove_file(env.path("seed/2024-04-08-valley-profile.toml")).unwrap();
    env.ok(&["seed", "--prune"]);
    assert_eq!(events_found(&env, "Dorda"), Vec::<String>::new());
    // The index holds what its rows hold.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

/// A search is bounded as `annals sql` is: its text is at most 8 KB, said in one line, and it
/// stops at its time limit (5 s unless --timeout says otherwise), saying so.
#[test]
fn a_search_is_bounded_in_length_and_time_like_sql() {
    let env = Env::empty();
    crate::util::write_corpus(&env.path("seed"), "bound", 0..60, 40, 1);
    env.ok(&["seed"]);
    let long = "n".repeat(8 * 1024 + 1);
    for fts in [false, true] {
        let mut args = vec!["search", long.as_str()];
        args.extend(fts.then_some("--fts"));
        assert_eq!(
            env.fails(&args),
            "error: the search text is 8193 bytes long; a search takes at most 8192: give \
             fewer or shorter words\n"
        );
    }
    // 8 KB is searched for.
    let most = format!("{}event...", "event ".repeat(1364));
    assert_eq!(most.len(), 8192);
    let hits: Vec<Hit> = env.json(&["search", &most, "--limit", "3", "--format", "json"]);
    assert_eq!(hits.len(), 3);
    let err = env.fails(&[
        "search",
        "--fts",
        "e* OR b*",
        "--timeout",
        "0.001",
        "--limit",
        "5000",
    ]);
    assert_eq!(
        err,
        "error: the search ran longer than 0.001 s and was stopped; give --timeout to allow \
         longer, or 0 for no limit\n"
    );
    let all: Vec<Hit> = env.json(&[
        "search",
        "--fts",
        "e* OR b*",
        "--timeout",
        "0",
        "--limit",
        "5000",
        "--format",
        "json",
    ]);
    assert_eq!(all.len(), 60 * 40);
}

/// A phrase given many times costs no more than given once: the search finds, ranks and marks
/// the same hits for `n* n* …` (2,000 times) as for `n*`, and for `nato` 1,600 times as for
/// `nato`, in a time that grows with the query (the square took 7.9 s and 3.9 s in release).
#[test]
fn a_search_takes_time_in_its_length_not_its_square() {
    let env = Env::with_fixture();
    env.ok(&["seed"]);
    for (once, fts, times) in [
        ("n*", true, 2000),
        ("nato", false, 1600),
        ("NATO", false, 1600),
    ] {
        let many = vec![once; times].join(" ");
        let mut args = vec![
            "search",
            many.as_str(),
            "--limit",
            "100",
            "--format",
            "json",
        ];
        args.extend(fts.then_some("--fts"));
        let started = std::time::Instant::now();
        let repeated = env.ok(&args);
        let took = started.elapsed();
        args[1] = once;
        let single = env.ok(&args);
        assert_eq!(repeated, single, "{once} × {times}");
        assert!(repeated.matches("\"kind\"").count() > 5, "{repeated}");
        assert!(took.as_secs_f64() < 3.0, "{once} × {times}: {took:?}");
    }
}
