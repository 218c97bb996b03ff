//! The record is a function of the set of articles: the same whatever the files are named,
//! whatever order they load in, whether they load at once or one at a time, with edits, id
//! changes and removals between runs.

use std::fs;
use std::path::Path;

use crate::util::{fixtures, record_of, Env};

const FOUNDING_FILE: &str = "2023-07-19-anews-nato-chief-serbia-dialogue.toml";
const BACKFILL_FILE: &str = "2023-06-05-fixture-daily-zvecan-clash.toml";
const BACKFILL: &str = "fixture-daily-2023-06-05-zvecan-clash";

/// The repository's seed folder with the backfilled article (published before the founding one,
/// reporting its events by id) beside it.
fn with_backfill() -> Env {
    let env = Env::with_seed();
    for entry in fs::read_dir(fixtures().join("backfill")).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, env.path("seed").join(p.file_name().unwrap())).unwrap();
    }
    env
}

/// The record of a fresh load of `folder` (relative to `env`) into a new database `name`.
fn fresh(env: &Env, folder: &str, name: &str) -> String {
    env.ok(&["--db", name, "seed", folder]);
    record_of(&env.path(name))
}

#[test]
fn a_backfilled_article_that_reports_by_id_rebuilds_from_scratch() {
    let env = with_backfill();
    // It sorts first, so it is met before the article that gives its events' kinds and titles.
    let said = env.ok(&["check"]);
    assert_contains!(said, "2 file(s), 14 event report(s) checked: no errors");
    let said = env.ok(&["--db", "fresh.db", "seed"]);
    assert_contains!(said, "2 added");

    // Loaded after the founding article, or before it: the same record.
    let env2 = Env::with_seed();
    env2.ok(&["seed"]);
    env2.copy_dir(&fixtures().join("backfill"), "later");
    for entry in fs::read_dir(env2.path("later")).unwrap() {
        let p = entry.unwrap().path();
        fs::rename(&p, env2.path("seed").join(p.file_name().unwrap())).unwrap();
    }
    env2.ok(&["seed"]);
    assert_eq!(record_of(&env2.db()), record_of(&env.path("fresh.db")));

    // What the backfill adds: the day, the narrower place, the accented name, figures that
    // are no disagreement (another subject; a part of another).
    let conn = rusqlite::Connection::open(env.path("fresh.db")).unwrap();
    let row: (String, String, String) = conn
        .query_row(
            "SELECT date, place_id, date_text FROM events WHERE id = '2023-05-attack-on-kfor'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        ("2023-05-29".into(), "zvecan".into(), "on May 29".into())
    );
    let name: String = conn
        .query_row(
            "SELECT name FROM people WHERE id = 'aleksandar-vucic'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Aleksandar Vučić");
    let conflicts: i64 = conn
        .query_row(
            "SELECT count(*) FROM conflicts WHERE event_id = '2023-05-attack-on-kfor'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        conflicts, 0,
        "30 KFOR soldiers twice, 11 Italian ones part of them"
    );
    let label: String = conn
        .query_row(
            "SELECT label FROM figures_named WHERE value = 11",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(label, "11 soldiers injured (part of 30 soldiers injured)");

    // Added up, the 11 are counted in the 30, and two accounts of the 30 are one number.
    let totals: serde_json::Value = env.json(&[
        "--db",
        "fresh.db",
        "aggregate",
        "figures",
        "--by",
        "event",
        "--format",
        "json",
    ]);
    let soldiers: Vec<&serde_json::Value> = totals
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["key"] == "2023-05-attack-on-kfor" && t["unit"] == "soldiers")
        .collect();
    assert_eq!(soldiers.len(), 1, "{totals}");
    assert_eq!(
        (
            &soldiers[0]["low"],
            &soldiers[0]["high"],
            &soldiers[0]["figures"]
        ),
        (
            &serde_json::json!(30),
            &serde_json::json!(30),
            &serde_json::json!(2)
        )
    );

    // doctor proves it: the stored record is what a fresh load gives.
    let out = env.ok(&["--db", "fresh.db", "doctor"]);
    assert!(
        out.contains("rebuild       the same record as a fresh load of seed (2 file(s))"),
        "{out}"
    );
}

#[test]
fn doctor_fails_when_the_stored_record_is_not_what_the_seed_folder_gives() {
    let env = with_backfill();
    env.ok(&["seed"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "UPDATE organisations SET parent_id = NULL WHERE id = 'kfor'",
        [],
    )
    .unwrap();
    drop(conn);
    let out = env.output(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_contains!(stdout, "rebuild       differs from a fresh load of seed");
    assert_contains!(
        stdout,
        "table organisations: only in the database: id=\"kfor\""
    );
    assert_contains!(
        stdout,
        "table organisations: only in a fresh load: id=\"kfor\""
    );
}

#[test]
fn a_file_whose_article_id_changes_replaces_the_old_article() {
    let env = with_backfill();
    env.ok(&["seed"]);
    let file = env.path(&format!("seed/{BACKFILL_FILE}"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace(BACKFILL, "fixture-daily-renamed")).unwrap();
    let said = env.ok(&["seed"]);
    assert!(
        said.contains(&format!(
            "replaced  seed/{BACKFILL_FILE}: the file now gives another article id; what \
             article \"{BACKFILL}\" stated was removed"
        )),
        "{said}"
    );
    assert!(
        said.contains("1 added") && said.contains("1 replaced"),
        "{said}"
    );
    assert_eq!(env.count("sources"), 2, "no second copy of the article");
    assert_eq!(record_of(&env.db()), fresh(&env, "seed", "fresh.db"));
}

#[test]
fn fields_an_article_stops_stating_do_not_outlive_it() {
    let env = with_backfill();
    env.ok(&["seed"]);
    // The founding article stops giving KFOR's kind and parent; the backfill never gave them.
    let file = env.path(&format!("seed/{FOUNDING_FILE}"));
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replace("kind = \"peacekeeping mission\"\nparent = \"nato\"\n", "");
    assert_ne!(edited, text);
    fs::write(&file, edited).unwrap();
    env.ok(&["seed"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (kind, parent): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT kind, parent_id FROM organisations WHERE id = 'kfor'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind, parent), (None, None));
    drop(conn);
    assert_eq!(record_of(&env.db()), fresh(&env, "seed", "fresh.db"));

    // Put back, the export writes them in the founding article's file only.
    fs::write(&file, text).unwrap();
    env.ok(&["seed"]);
    env.ok(&["export", "--format", "seed", "--out", "exported"]);
    let backfill = fs::read_to_string(env.path(&format!("exported/0001-{BACKFILL}.toml"))).unwrap();
    let kfor = backfill
        .split("[[organisations]]")
        .find(|t| t.contains("id = \"kfor\""))
        .unwrap();
    assert!(!kfor.contains("parent") && !kfor.contains("kind"), "{kfor}");
    assert!(
        !backfill.contains("title = \"NATO troops attacked"),
        "{backfill}"
    );
}

#[test]
fn prune_from_another_folder_decides_by_article_ids() {
    let env = with_backfill();
    env.ok(&["seed"]);
    fs::create_dir(env.path("elsewhere")).unwrap();
    let run = |args: &[&str]| {
        let out = env
            .cmd()
            .current_dir(env.path("elsewhere"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let said = run(&["--db", "../annals.db", "seed", "--prune", "../seed"]);
    assert_contains!(said, "2 unchanged, 0 pruned");
    assert_contains!(said, "nothing changed");
    assert!(!said.contains("gone"), "{said}");

    fs::remove_file(env.path(&format!("seed/{BACKFILL_FILE}"))).unwrap();
    let said = run(&["--db", "../annals.db", "seed", "--prune", "../seed"]);
    assert!(
        said.contains(&format!(
            "pruned    ../seed/{BACKFILL_FILE}: article \"{BACKFILL}\" is not among the files \
             given"
        )),
        "{said}"
    );
    assert_contains!(said, "1 unchanged, 1 pruned");
    assert_eq!(record_of(&env.db()), fresh(&env, "seed", "fresh.db"));
}

#[test]
fn a_place_that_is_neither_within_the_other_is_disputed_naming_both_articles() {
    let env = with_backfill();
    let file = env.path(&format!("seed/{BACKFILL_FILE}"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("within = \"northern-kosovo\"\n", "")).unwrap();
    // No longer an error: each report keeps its place, and the event's place is disputed
    // (no place holds both, so it has none).
    env.ok(&["seed"]);
    let (place, disputed): (Option<String>, i64) = env
        .conn()
        .query_row(
            "SELECT place, disputed_place FROM timeline WHERE id = '2023-05-attack-on-kfor'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((place, disputed), (None, 1));
    let pairs = crate::util::column::<String>(
        &env.conn(),
        "SELECT value_a || ' ' || source_a || ' / ' || value_b || ' ' || source_b FROM conflicts \
         WHERE about = 'place' AND event_id = '2023-05-attack-on-kfor'",
    );
    assert_eq!(
        pairs,
        ["northern-kosovo anews-2023-07-19-nato-chief-serbia / zvecan fixture-daily-2023-06-05-zvecan-clash"]
    );
}

#[test]
fn an_event_no_article_titles_is_an_error_whichever_file_comes_first() {
    let env = Env::empty();
    let source = |id: &str| {
        format!("[source]\nid = \"{id}\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-07-20\"\n\n")
    };
    env.write(
        "in/a.toml",
        format!(
            "{}[[events]]\nid = \"e\"\ndate = \"2023-07\"\n",
            source("a")
        ),
    );
    env.write(
        "in/b.toml",
        format!(
            "{}[[events]]\nid = \"e\"\ndate = \"2023-07-02\"\nkind = \"k\"\n",
            source("b")
        ),
    );
    let err = env.fails(&["seed", "in"]);
    assert_contains!(
        err,
        "event \"e\" needs `title`: no article that reports it gives one"
    );
    assert_contains!(err, "1 error");
}

#[test]
fn names_are_compared_as_lookups_compare_them() {
    let env = with_backfill();
    let file = env.path(&format!("seed/{BACKFILL_FILE}"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("name = \"Aleksandar Vučić\"", "name = \"Ana Brnabić\""),
    )
    .unwrap();
    let err = env.fails(&["seed"]);
    // Whichever file is read first, the other one is named.
    let (a, b) = ("\"Ana Brnabić\"", "\"Aleksandar Vucic\"");
    assert!(
        err.contains(&format!(
            "person \"aleksandar-vucic\" is named {a} here but {b}"
        )) || err.contains(&format!(
            "person \"aleksandar-vucic\" is named {b} here but {a}"
        )),
        "{err}"
    );
    assert_contains!(err, "1 error");
}

/// Every file of `dir` (relative to `env`) renamed by `rename`.
fn rename_all(env: &Env, dir: &str, rename: impl Fn(&str) -> String) {
    for entry in fs::read_dir(env.path(dir)).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if Path::new(&name).extension().is_some_and(|x| x == "toml") {
            fs::rename(&p, env.path(dir).join(rename(&name))).unwrap();
        }
    }
}

#[test]
fn file_names_do_not_change_the_record() {
    let env = with_backfill();
    let before = fresh(&env, "seed", "a.db");
    // Reversed order of names (the founding article now sorts first).
    rename_all(&env, "seed", |n| {
        format!("{}-{n}", if n.starts_with("2023-06") { "z" } else { "a" })
    });
    assert_eq!(fresh(&env, "seed", "b.db"), before);
}

/// A small article `id` whose one event is `event`.
fn small_article(id: &str, event: &str) -> String {
    format!(
        "[source]\nid = \"{id}\"\ntitle = \"Article {id}\"\npublisher = \"Wire\"\n\
         published = \"2023-07-20\"\n\n[[events]]\nid = \"{event}\"\ndate = \"2023-07-01\"\n\
         kind = \"meeting\"\ntitle = \"Meeting {event}\"\n"
    )
}

/// The stored articles, by id, with the seed file each was loaded from.
fn sources(env: &Env) -> Vec<(String, String)> {
    crate::util::pairs(&env.conn(), "SELECT id, seed_file FROM sources ORDER BY id")
}

/// Two folders each with an `article.toml` of another article: each is its own file, known
/// again by its path from the database's folder, so seeding one folder never takes the other's
/// article for one its file replaced, and doctor finds each.
#[test]
fn two_folders_files_of_one_name_are_two_articles() {
    let env = Env::empty();
    env.write("A/article.toml", small_article("src-a", "event-a"));
    env.write("B/article.toml", small_article("src-b", "event-b"));
    let both = vec![
        ("src-a".to_string(), "A/article.toml".to_string()),
        ("src-b".to_string(), "B/article.toml".to_string()),
    ];
    env.ok(&["seed", "A"]);
    let said = env.ok(&["seed", "B"]);
    assert!(
        said.ends_with("1 file(s): 1 added, 0 updated, 0 unchanged, 0 pruned\n"),
        "{said}"
    );
    assert_eq!(sources(&env), both);
    let said = env.ok(&["seed", "A"]);
    assert_contains!(
        said,
        "\n1 file(s): 0 added, 0 updated, 1 unchanged, 0 pruned\n"
    );
    assert_eq!(sources(&env), both);

    std::fs::remove_file(env.db()).unwrap();
    env.ok(&["seed", "A", "B"]);
    let said = env.ok(&["seed", "A"]);
    assert_contains!(
        said,
        "\n1 file(s): 0 added, 0 updated, 1 unchanged, 0 pruned\n"
    );
    assert_eq!(sources(&env), both);
    let out = env.ok(&["doctor", "A", "B"]);
    assert_contains!(
        out,
        "seed files    2 loaded: 2 unchanged, 0 changed, 0 missing, 0 unreadable"
    );
    assert_contains!(
        out,
        "rebuild       the same record as a fresh load of A B (2 file(s))"
    );
    assert_contains!(out, "no problems found");

    // Only --prune removes an article whose file is not given, and says where it was.
    let said = env.ok(&["seed", "--prune", "A"]);
    assert_contains!(
        said,
        "pruned    B/article.toml: article \"src-b\" is not among the files given"
    );
    assert_eq!(sources(&env), both[..1]);

    // The very file that gives another id now still replaces its old article.
    env.write("A/article.toml", small_article("src-a2", "event-a"));
    let said = env.ok(&["seed", "A"]);
    assert_contains!(
        said,
        "replaced  A/article.toml: the file now gives another article id"
    );
    assert_eq!(
        sources(&env),
        vec![("src-a2".to_string(), "A/article.toml".to_string())]
    );
}

/// One file named two ways (`s` and `./s`, a path through `..`, a link to its folder) is one
/// article, loaded once.
#[test]
fn one_file_named_two_ways_is_one_article() {
    let env = Env::empty();
    env.write("s/x.toml", small_article("x", "event-x"));
    std::os::unix::fs::symlink("s", env.path("link")).unwrap();
    for (i, args) in [
        vec!["seed", "s", "./s"],
        vec!["seed", "s", "./s/../s/x.toml"],
        vec!["seed", "s/x.toml", "link"],
    ]
    .iter()
    .enumerate()
    {
        let db = format!("{i}.db");
        let mut run = vec!["--db", db.as_str()];
        run.extend(args);
        let said = env.ok(&run);
        assert!(
            said.ends_with("1 file(s): 1 added, 0 updated, 0 unchanged, 0 pruned\n"),
            "{args:?}: {said}"
        );
        let stored: Vec<String> = crate::util::column(
            &rusqlite::Connection::open(env.path(&db)).unwrap(),
            "SELECT seed_file FROM sources",
        );
        assert_eq!(stored, ["s/x.toml"], "{args:?}");
    }
}
