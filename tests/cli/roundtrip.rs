//! `annals export --format seed`: the whole record written back as seed files. Seeding the
//! exported folder into a new database must answer every question as the first one did: the same
//! `timeline`, `aggregate` and `show` output for every id, on the founding article, on it with
//! every fixture article, and on synthetic corpora that use every part of the seed format.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{fixtures, record_of, write_corpus, Env};

/// Every question whose answer must survive the round trip, asked of `db`.
fn answers(env: &Env, db: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut ask = |args: &[&str]| {
        let mut full = vec!["--db", db];
        full.extend_from_slice(args);
        let mut v: Value = env.json(&full);
        // The one thing that must differ: where each article was loaded from.
        if let Some(obj) = v.as_object_mut() {
            if obj.get("kind").and_then(Value::as_str) == Some("source") {
                obj.insert("seed_file".into(), Value::Null);
            }
        }
        out.push((args.join(" "), v));
    };
    ask(&["timeline", "--format", "json"]);
    ask(&["aggregate", "events", "--by", "month", "--format", "json"]);
    ask(&["aggregate", "figures", "--by", "event", "--format", "json"]);
    for list in ["people", "organisations", "places", "sources"] {
        ask(&[list, "--format", "json"]);
    }
    let conn = rusqlite::Connection::open(env.path(db)).unwrap();
    let ids: Vec<String> = crate::util::column(
        &conn,
        "SELECT id FROM events UNION ALL SELECT id FROM people \
         UNION ALL SELECT id FROM organisations UNION ALL SELECT id FROM places \
         UNION ALL SELECT id FROM sources ORDER BY 1",
    );
    assert!(!ids.is_empty());
    for id in &ids {
        ask(&["show", id, "--format", "json"]);
    }
    // The article texts are not in any output above; they must come back too.
    let bodies: Vec<(String, String)> = crate::util::pairs(
        &conn,
        "SELECT id, ifnull(body, '(none)') FROM sources ORDER BY id",
    );
    out.push(("bodies".into(), serde_json::to_value(bodies).unwrap()));
    out
}

/// The first lines where two dumps differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .take(5)
        .map(|(x, y)| format!("before: {x}\nafter:  {y}\n"))
        .collect()
}

/// Export `a.db` (already seeded) to `exported/`, seed that into `b.db`, and compare: every
/// answer, and the whole record (whatever history built `a.db`).
fn round_trip(env: &Env) -> usize {
    let said = env.ok(&[
        "--db", "a.db", "export", "--format", "seed", "--out", "exported",
    ]);
    assert!(said.starts_with("exported "), "{said}");
    let files = fs::read_dir(env.path("exported"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    env.ok(&["--db", "b.db", "seed", "exported"]);
    let (a, b) = (answers(env, "a.db"), answers(env, "b.db"));
    assert_eq!(a.len(), b.len());
    for ((qa, va), (qb, vb)) in a.iter().zip(&b) {
        assert_eq!(qa, qb);
        assert_eq!(va, vb, "`annals {qa}` differs after the round trip");
    }
    let (da, db) = (record_of(&env.path("a.db")), record_of(&env.path("b.db")));
    assert!(
        da == db,
        "the databases differ after the round trip:\n{}",
        first_difference(&da, &db)
    );
    // Exporting the rebuilt database gives the same files again.
    env.ok(&[
        "--db", "b.db", "export", "--format", "seed", "--out", "again",
    ]);
    for entry in fs::read_dir(env.path("exported")).unwrap() {
        let p = entry.unwrap().path();
        let again = env.path("again").join(p.file_name().unwrap());
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            fs::read_to_string(&again).unwrap(),
            "{} differs when exported again",
            p.display()
        );
    }
    files
}

#[test]
fn the_founding_article_round_trips() {
    let env = Env::with_seed();
    env.ok(&["--db", "a.db", "seed"]);
    assert_eq!(round_trip(&env), 1);
    // Its text is written beside it and named by `text`.
    let toml =
        fs::read_to_string(env.path("exported/0001-anews-2023-07-19-nato-chief-serbia.toml"))
            .unwrap();
    assert_contains!(
        toml,
        "text = \"0001-anews-2023-07-19-nato-chief-serbia.txt\""
    );
    let original =
        fs::read_to_string(env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt"))
            .unwrap();
    let text = fs::read_to_string(env.path("exported/0001-anews-2023-07-19-nato-chief-serbia.txt"))
        .unwrap();
    assert_eq!(text, original);
}

#[test]
fn the_founding_article_and_every_fixture_round_trip() {
    let env = Env::with_seed_and_fixtures("report-");
    env.copy_dir(&fixtures().join("wire"), "seed");
    env.ok(&["--db", "a.db", "seed"]);
    assert_eq!(round_trip(&env), 4);
}

/// Coordinates (a point with a radius, a box, a place with only `within`), Wikidata and GeoNames
/// ids come back as they were stated, and with them every place's and event's area.
#[test]
fn places_on_the_map_round_trip() {
    let env = Env::with_seed();
    env.write("seed/placed.toml", crate::geo::PLACED);
    env.ok(&["--db", "a.db", "seed"]);
    assert_eq!(round_trip(&env), 2);
    let exported: String = fs::read_dir(env.path("exported"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    for key in [
        "latitude = 42.908\nlongitude = 20.84\nradius_km = 1.5",
        "bbox = [\n    20.4,\n    42.85,\n    21.0,\n    43.3,\n]",
        "wikidata = \"Q239\"",
        "geonames = 2800866",
    ] {
        assert_contains!(exported, key);
    }
}

/// The same articles loaded over several runs, one of them edited and loaded again after the
/// articles that report its events: the export rebuilds the same record and the same answers,
/// in the same order, as a fresh load of one run would.
#[test]
fn a_record_built_over_several_runs_round_trips() {
    let env = Env::with_seed();
    env.copy_dir(&fixtures().join("wire"), "later");
    for entry in fs::read_dir(fixtures()).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("report-") {
            fs::copy(&p, env.path("later").join(&name)).unwrap();
        }
    }
    env.ok(&["--db", "a.db", "seed", "seed"]);
    env.ok(&["--db", "a.db", "seed", "seed", "later"]);
    round_trip(&env);

    // A report and the founding article (which lists the events and ids the others use)
    // change: their facts are written again, after the later articles'.
    for file in [
        "later/2023-07-21-fixture-wire-kosovo-tensions.toml",
        "seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml",
    ] {
        let path = env.path(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}\n# edited\n")).unwrap();
    }
    let said = env.ok(&["--db", "a.db", "seed", "seed", "later"]);
    assert_contains!(said, "updated");
    for dir in ["exported", "again"] {
        fs::remove_dir_all(env.path(dir)).unwrap();
    }
    for db in ["b.db", "b.db-wal", "b.db-shm"] {
        let _ = fs::remove_file(env.path(db));
    }
    round_trip(&env);
}

#[test]
fn a_synthetic_corpus_round_trips() {
    let env = Env::empty();
    write_corpus(&env.path("corpus"), "syn", 0..30, 8, 1);
    env.ok(&["--db", "a.db", "seed", "corpus"]);
    assert_eq!(round_trip(&env), 30);
}

/// A corpus that uses every part of the seed format: people with aliases and roles,
/// organisations with kinds and parents, places, events defined with dates or with words, the
/// same events reported (and disputed) by later articles with their own participants, figures of
/// every qualifier as integers, reals and ranges, about someone and claimed by someone, quotes
/// with and without an event, and article texts.
fn write_rich_corpus(dir: &Path, articles: usize) {
    fs::create_dir_all(dir).unwrap();
    let words = [
        "on Monday",
        "last week",
        "in May",
        "2 weeks ago",
        "early June",
        "since late April",
        "yesterday",
        "in the last 3 months",
    ];
    let qualifiers = ["exact", "approximately", "at_least", "at_most"];
    let mut seed = 0x2545_f491_u64;
    let mut rnd = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for i in 0..articles {
        let day = 1 + i % 28;
        let published = format!("2023-07-{day:02}");
        let mut t = String::new();
        let body = format!(
            "Article {i}. \"We said it: {i}; 100% sure_{i}\", said someone. Text with 'quotes' and \\ backslash.\n"
        );
        writeln!(
            t,
            "[source]\nid = \"rich-{i}\"\ntitle = \"Rich article {i}: \\\"quoted\\\" & more\"\n\
             publisher = \"Rich Wire\"\npublished = \"{published}\"\nurl = \"https://example.org/{i}?a=1&b=2\""
        )
        .unwrap();
        if i % 3 != 2 {
            fs::write(dir.join(format!("rich-{i:03}.txt")), &body).unwrap();
            writeln!(t, "text = \"rich-{i:03}.txt\"").unwrap();
        }
        // Every article defines its own person, organisation and place; every third one also
        // defines the shared ones again, with its own aliases and roles.
        writeln!(
            t,
            "\n[[organisations]]\nid = \"org-{i}\"\nname = \"Organisation {i}\"\nkind = \"kind {}\"\n\
             aliases = [\"O{i}\", \"Org {i}\"]",
            i % 4
        )
        .unwrap();
        if i > 0 {
            writeln!(t, "parent = \"org-{}\"", rnd(i)).unwrap();
        }
        writeln!(
            t,
            "\n[[people]]\nid = \"person-{i}\"\nname = \"Person {i}\"\naliases = [\"P{i}\"]\n\
             roles = [{{ title = \"Chair\", organisation = \"org-{i}\" }}, {{ title = \"Speaker {i}\" }}]"
        )
        .unwrap();
        writeln!(t, "\n[[places]]\nid = \"place-{i}\"\nname = \"Place {i}\"").unwrap();
        if i % 3 == 0 {
            writeln!(
                t,
                "\n[[people]]\nid = \"shared-person\"\nname = \"Shared Person\"\n\
                 aliases = [\"Alias by {i}\"]\nroles = [{{ title = \"Role by {i}\", organisation = \"org-{i}\" }}]\n\n\
                 [[organisations]]\nid = \"shared-org\"\nname = \"Shared Organisation\"\naliases = [\"SO{i}\"]\n\n\
                 [[places]]\nid = \"shared-place\"\nname = \"Shared Place\"\naliases = [\"Where {i}\"]"
            )
            .unwrap();
        }
        // Its own events: one dated, one in words.
        let place = if i >= 3 && i % 2 == 0 {
            "shared-place".to_string()
        } else {
            format!("place-{i}")
        };
        writeln!(
            t,
            "\n[[events]]\nid = \"ev-{i}-a\"\ndate = \"2023-0{}-{:02}{}\"\ndate_text = \"the words {i}\"\n\
             kind = \"kind-{}\"\ntitle = \"Event {i} A\"\nsummary = \"Summary {i}; with % and _\"\n\
             place = \"{place}\"\n\
             participants = [{{ id = \"person-{i}\", role = \"lead\" }}, {{ id = \"org-{i}\" }}]",
            1 + rnd(6),
            1 + rnd(28),
            ["", "~", "?", "%"][rnd(4)],
            i % 5
        )
        .unwrap();
        writeln!(
            t,
            "\n[[events]]\nid = \"ev-{i}-b\"\ndate_text = \"{}\"\nkind = \"words\"\ntitle = \"Event {i} B\"",
            words[rnd(words.len())]
        )
        .unwrap();
        if i % 5 == 4 {
            // A planned event, after publication.
            writeln!(
                t,
                "\n[[events]]\nid = \"ev-{i}-planned\"\ndate = \"2024-01\"\nexpected = true\n\
                 kind = \"plan\"\ntitle = \"Planned {i}\""
            )
            .unwrap();
        }
        // Reports of earlier articles' events: agreeing, silent, or disputing the date.
        if i > 0 {
            let j = rnd(i);
            let date = match rnd(3) {
                0 => String::new(),
                1 => "date = \"2023-07-01\"\ndisputed = true\n".to_string(),
                _ => "date_text = \"this year\"\n".to_string(),
            };
            writeln!(
                t,
                "\n[[events]]\nid = \"ev-{j}-a\"\n{date}\
                 participants = [{{ id = \"person-{i}\", role = \"witness\" }}, {{ id = \"person-{j}\" }}]"
            )
            .unwrap();
            writeln!(
                t,
                "\n[[figures]]\nevent = \"ev-{j}-a\"\nlow = {}\nhigh = {}.5\nunit = \"people\"\nmeasure = \"counted\"\n\
                 claimed_by = \"org-{i}\"",
                rnd(10),
                10 + rnd(10)
            )
            .unwrap();
        }
        for k in 0..3 {
            let value = if k == 1 {
                format!("{}.25", rnd(1000))
            } else {
                rnd(1000).to_string()
            };
            writeln!(
                t,
                "\n[[figures]]\nevent = \"ev-{i}-{}\"\nvalue = {value}\nqualifier = \"{}\"\n\
                 unit = \"unit {k}\"\nmeasure = \"measure {}\"\nabout = \"{}\"\nclaimed_by = \"person-{i}\"\n\
                 text = \"figure {k} of {i}\"",
                ["a", "b"][k % 2],
                qualifiers[rnd(4)],
                k % 2,
                if k == 2 { format!("org-{i}") } else { format!("person-{i}") }
            )
            .unwrap();
        }
        writeln!(
            t,
            "\n[[quotes]]\nspeaker = \"person-{i}\"\nevent = \"ev-{i}-a\"\ntext = \"We said it: {i}; 100% sure_{i}\"\n\n\
             [[quotes]]\nspeaker = \"org-{i}\"\ntext = \"Said by the organisation {i}\""
        )
        .unwrap();
        if i % 3 != 2 {
            // The article has a text, so its quotes and figure texts must appear in it.
            let body = format!(
                "{body}Said by the organisation {i}.\nfigure 0 of {i}, figure 1 of {i}, figure 2 of {i}.\n"
            );
            fs::write(dir.join(format!("rich-{i:03}.txt")), body).unwrap();
        }
        fs::write(dir.join(format!("rich-{i:03}.toml")), t).unwrap();
    }
}

#[test]
fn a_corpus_using_every_part_of_the_format_round_trips() {
    let env = Env::empty();
    write_rich_corpus(&env.path("corpus"), 40);
    env.ok(&["--db", "a.db", "check", "corpus"]);
    env.ok(&["--db", "a.db", "seed", "corpus"]);
    // The corpus does what it says: resolved words, disputes, reals, ranges, shared ids.
    let conn = rusqlite::Connection::open(env.path("a.db")).unwrap();
    let n = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(n("SELECT count(*) FROM event_sources WHERE date_resolved = 1") > 20);
    assert!(n("SELECT count(*) FROM event_sources WHERE disputed = 1") > 0);
    assert!(n("SELECT count(*) FROM figures WHERE typeof(value) = 'real'") > 0);
    assert!(n("SELECT count(*) FROM figures WHERE typeof(high) = 'real'") > 0);
    assert!(n("SELECT count(*) FROM definitions WHERE id = 'shared-person'") > 3);
    assert!(n("SELECT count(*) FROM events WHERE expected = 1") > 0);
    drop(conn);
    assert_eq!(round_trip(&env), 40);
    // A resolved date is exported as the article's words, an explicit one as given.
    let first = fs::read_to_string(env.path("exported/0001-rich-0.toml")).unwrap();
    let b = first.split("id = \"ev-0-b\"").nth(1).unwrap();
    let b = b.split("[[").next().unwrap();
    assert!(
        b.contains("date_text = ") && !b.contains("\ndate = "),
        "{b}"
    );
    assert_contains!(first, "date_text = \"the words 0\"");
}

#[test]
fn the_seed_export_refuses_what_it_cannot_do() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let before = env.dump();
    let e = env.fails(&["export", "--format", "seed"]);
    assert_contains!(e, "--out DIR");
    let e = env.fails(&[
        "export", "--format", "seed", "--out", "x", "--kind", "attack",
    ]);
    assert_contains!(e, "takes no filters");
    assert!(!env.path("x").exists());
    // A folder with anything in it is refused, and left as it was.
    env.write("full/keep.txt", "mine");
    let e = env.fails(&["export", "--format", "seed", "--out", "full"]);
    assert_contains!(e, "full is not empty");
    assert_eq!(fs::read_dir(env.path("full")).unwrap().count(), 1);
    // A folder whose parent does not exist is refused, leaving nothing behind.
    let e = env.fails(&["export", "--format", "seed", "--out", "no/such/dir"]);
    assert_contains!(e, "cannot create");
    assert!(!env.path("no").exists());
    // An empty folder is used.
    fs::create_dir(env.path("empty")).unwrap();
    env.ok(&["export", "--format", "seed", "--out", "empty"]);
    assert_eq!(fs::read_dir(env.path("empty")).unwrap().count(), 2);
    let leftovers: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(env.dump(), before);
}
