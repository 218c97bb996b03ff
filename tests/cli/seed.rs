//! `annals seed`: loading, reloading, and refusing bad files without touching the database.

use crate::util::Env;

#[test]
fn seeding_loads_the_founding_article() {
    let env = Env::with_seed();
    let out = env.ok(&["seed"]);
    assert_contains!(out, "added");
    assert_contains!(out, "12 events, 6 figures, 5 quotes");
    assert_eq!(env.count("sources"), 1);
    assert_eq!(env.count("events"), 12);
    assert_eq!(env.count("event_sources"), 12);
    // The article's text is stored with it.
    let body: String = env
        .conn()
        .query_row("SELECT body FROM sources", [], |r| r.get(0))
        .unwrap();
    assert!(body.starts_with("The NATO chief on Wednesday"));
}

#[test]
fn seeding_twice_changes_nothing() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let before = env.counts();
    let dump = env.dump();
    let out = env.ok(&["seed", "seed"]);
    assert_contains!(out, "unchanged");
    assert_contains!(out, "0 added, 0 updated, 1 unchanged");
    assert_eq!(env.counts(), before);
    assert_eq!(env.dump(), dump);
}

#[test]
fn a_changed_file_replaces_what_it_said_before() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace("value = 93", "value = 94");
    assert_ne!(text, changed);
    std::fs::write(&file, changed).unwrap();
    let before = env.counts();
    let out = env.ok(&["seed"]);
    assert_contains!(out, "1 updated");
    assert_eq!(env.counts(), before);
    let values: Vec<i64> = crate::util::column(
        &env.conn(),
        "SELECT value FROM figures WHERE measure = 'injured' ORDER BY value",
    );
    assert_eq!(values, [30, 94]);
}

/// A second article that refers to ids the first defined.
const LATER: &str = r#"
[source]
title = "A later report"
publisher = "Test Wire"
published = "2023-07-20"

[[people]]
id = "aleksandar-vucic"
name = "Aleksandar Vucic"
aliases = ["Vučić"]

[[events]]
id = "2023-07-20-vucic-returns"
date = "2023-07-20"
kind = "travel"
title = "Vucic returns to Belgrade"
participants = [{ id = "aleksandar-vucic" }, { id = "serbia" }]

[[quotes]]
speaker = "aleksandar-vucic"
event = "2023-07-19-stoltenberg-vucic-meeting"
text = "We had a good talk."
"#;

#[test]
fn a_later_article_refers_to_earlier_ids_across_runs() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env.write("later/2023-07-20-test-wire-later.toml", LATER);
    let out = env.ok(&["seed", "later"]);
    assert_contains!(out, "1 added");
    assert_eq!(env.count("sources"), 2);
    assert_eq!(
        env.count("people"),
        2,
        "the person is merged, not duplicated"
    );
    let aliases: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM person_aliases WHERE person_id = 'aleksandar-vucic'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(aliases, 3);
    let source: String = env
        .conn()
        .query_row(
            "SELECT id FROM sources WHERE publisher = 'Test Wire'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        source, "2023-07-20-test-wire-later",
        "source id defaults to the file stem"
    );
}

#[test]
fn a_bad_file_names_its_place_and_leaves_the_database_as_it_was() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let dump = env.dump();
    let bad = LATER.replace("{ id = \"serbia\" }", "{ id = \"serbai\" }");
    env.write("later/2023-07-20-test-wire-later.toml", &bad);
    let err = env.fails(&["seed", "later"]);
    assert!(
        err.contains(
            "2023-07-20-test-wire-later.toml:17:53: unknown person or organisation id \"serbai\" in `participants` (did you mean \"serbia\"?)"
        ),
        "{err}"
    );
    assert!(err.contains("^^^^^^^^"), "the place is marked: {err}");
    assert_contains!(err, "nothing was written");
    assert_eq!(env.dump(), dump);
}

#[test]
fn every_error_in_a_run_is_reported_and_nothing_from_good_files_is_written() {
    let env = Env::empty();
    env.write(
        "in/a-good.toml",
        "[source]\ntitle = \"Good\"\npublisher = \"Test\"\npublished = \"2023-07-20\"\n\n\
         [[places]]\nid = \"pristina\"\nname = \"Pristina\"\n",
    );
    env.write(
        "in/b-bad.toml",
        r#"
[source]
title = "Bad"
publisher = "Test"
published = "2023-02-30"

[[events]]
id = "Bad_Id"
date = "2023-07-19/2023-05"
kind = "x"
title = "y"

[[figures]]
event = "nowhere"
low = 10
high = 2
qualifier = "roughly"
unit = "people"
measure = "hurt"
"#,
    );
    let err = env.fails(&["seed", "in"]);
    // A TOML shape error (the unknown qualifier) stops that file's parse; the other errors
    // come from files that parsed.
    assert_contains!(err, "b-bad.toml:17:13: unknown variant `roughly`");
    assert!(!env.db().exists() || env.count("sources") == 0);

    let fixed = std::fs::read_to_string(env.path("in/b-bad.toml"))
        .unwrap()
        .replace("qualifier = \"roughly\"\n", "");
    env.write("in/b-bad.toml", fixed);
    let err = env.fails(&["seed", "in"]);
    for expected in [
        "b-bad.toml:5:13: `published`: invalid date \"2023-02-30\"",
        "b-bad.toml:8:6: event id \"Bad_Id\" is not a slug",
        "b-bad.toml:9:8: `date`: invalid date \"2023-07-19/2023-05\"",
        "b-bad.toml:14:9: unknown event id \"nowhere\" in a figure",
        "b-bad.toml:15:7: a figure's `low` must not be greater than its `high`",
        "5 errors in seed files; nothing was written",
    ] {
        assert_contains!(err, expected);
    }
    // The good file was not written either: a new database is made whole before it takes its
    // name, so a seed that fails leaves none.
    assert!(!env.db().exists(), "a failed seed left a database");
}

#[test]
fn quotes_must_be_verbatim_and_text_must_stay_in_the_seed_folder() {
    let env = Env::with_seed();
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("This is unacceptable.", "This is outrageous."),
    )
    .unwrap();
    let err = env.fails(&["seed"]);
    assert_contains!(err, "does not appear verbatim in the article's text");

    std::fs::write(
        &file,
        text.replace(
            "text = \"2023-07-19-anews-nato-chief-serbia-dialogue.txt\"",
            "text = \"../outside.txt\"",
        ),
    )
    .unwrap();
    let err = env.fails(&["seed"]);
    assert_contains!(err, "`text` must be a file name inside the seed folder");
    assert!(!env.db().exists() || env.count("sources") == 0);
}

#[test]
fn an_event_after_publication_needs_expected() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let planned = LATER.replace("date = \"2023-07-20\"\nkind", "date = \"2023-09\"\nkind");
    env.write("later/x.toml", &planned);
    let err = env.fails(&["seed", "later"]);
    assert_contains!(err, "after its article was published (2023-07-20)");
    env.write(
        "later/x.toml",
        planned.replace("kind = \"travel\"", "kind = \"travel\"\nexpected = true"),
    );
    env.ok(&["seed", "later"]);
}

#[test]
fn seeding_into_a_pipe_prints_only_the_summary() {
    let env = Env::with_seed();
    let out = env.output(&["seed"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no progress on a pipe"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.ends_with("1 file(s): 1 added, 0 updated, 0 unchanged, 0 pruned\n"),
        "{stdout}"
    );
}

/// On a terminal (a pseudo-terminal made by util-linux `script`), seeding draws its progress:
/// files, events and their rate.
#[test]
fn seeding_on_a_terminal_shows_progress() {
    let env = Env::with_seed();
    let bin = assert_cmd::cargo::cargo_bin("annals");
    let command = format!("{} --db annals.db seed seed > /dev/null", bin.display());
    let out = match std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.path(""))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("no `script` to make a terminal ({e}); not checked");
            return;
        }
    };
    assert!(out.status.success(), "{out:?}");
    let drawn = String::from_utf8_lossy(&out.stdout);
    assert_contains!(drawn, "1/1 files");
    assert_contains!(drawn, "12 events");
    assert_contains!(drawn, "events/s");
    assert_eq!(env.count("events"), 12);
}

#[test]
fn an_unchanged_run_reports_what_the_first_load_did() {
    let env = Env::with_fixture();
    let first = env.ok(&["seed"]);
    let dump = env.dump();
    let again = env.ok(&["seed"]);
    // Found unchanged from the files' bytes, without parsing them: the per-file counts come
    // from the database and must be those the first load printed.
    let lines = |out: &str, status: &str| -> Vec<String> {
        out.lines()
            .filter_map(|l| l.strip_prefix(status))
            .map(|l| l.trim_start().to_string())
            .collect()
    };
    assert_eq!(
        lines(&first, "added"),
        lines(&again, "unchanged"),
        "{again}"
    );
    assert_eq!(lines(&again, "unchanged").len(), 2, "{again}");
    assert_contains!(again, "nothing changed");
    assert_eq!(env.dump(), dump);
}

#[test]
fn a_change_to_the_article_text_alone_is_loaded() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let body = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.txt");
    let mut text = std::fs::read_to_string(&body).unwrap();
    text.push_str("\nA closing line added later.\n");
    std::fs::write(&body, text).unwrap();
    let out = env.ok(&["seed"]);
    assert_contains!(out, "0 added, 1 updated, 0 unchanged");
    let stored: String = env
        .conn()
        .query_row("SELECT body FROM sources", [], |r| r.get(0))
        .unwrap();
    assert_contains!(stored, "A closing line added later.");
    let again = env.ok(&["seed"]);
    assert_contains!(again, "0 added, 0 updated, 1 unchanged");
}

#[test]
fn a_file_moved_to_another_name_keeps_its_article() {
    // The first pass starts from the articles stored under these paths; a file that now holds
    // an article stored under another path makes it check again with the right ones replaced.
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let from = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = std::fs::read_to_string(&from).unwrap();
    assert!(text.contains("\nid = \"anews-2023-07-19-nato-chief-serbia\""));
    std::fs::remove_file(&from).unwrap();
    env.write("seed/renamed.toml", text);
    let before = env.counts();
    let out = env.ok(&["seed"]);
    assert_contains!(out, "0 added, 1 updated");
    assert_eq!(env.counts(), before);
}

/// The indexes and triggers, as the schema holds them, to compare before and after a load.
fn indexes_and_triggers(env: &Env) -> Vec<(String, String)> {
    crate::util::pairs(
        &env.conn(),
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') \
         AND sql IS NOT NULL ORDER BY name",
    )
}

#[test]
fn a_bulk_load_builds_the_indexes_at_the_end_and_a_failed_one_keeps_them() {
    // 150 articles into an empty database: a bulk load, whose secondary indexes and full-text
    // triggers are set aside while writing and created again before the commit.
    let env = Env::empty();
    env.ok(&["migrate"]);
    let schema = indexes_and_triggers(&env);
    assert!(schema.len() > 20, "{schema:?}");
    assert!(
        schema.iter().any(|(name, _)| name == "quotes_ai"),
        "{schema:?}"
    );
    let dir = env.path("bulk");
    crate::util::write_corpus(&dir, "bulk", 0..150, 3, 1);
    // The last file refers to a person no file defines: found in the second pass, after
    // writing has begun.
    let last = dir.join("bulk-0149.toml");
    let mut text = std::fs::read_to_string(&last).unwrap();
    text.push_str("\n[[quotes]]\nspeaker = \"nobody-at-all\"\ntext = \"Words.\"\n");
    std::fs::write(&last, &text).unwrap();
    let err = env.fails(&["seed", "bulk"]);
    assert_contains!(err, "unknown person or organisation id \"nobody-at-all\"");
    assert_eq!(env.count("events"), 0);
    assert_eq!(
        indexes_and_triggers(&env),
        schema,
        "a failed load changed the indexes or triggers"
    );

    std::fs::write(&last, text.replace("nobody-at-all", "bulk-person-149")).unwrap();
    let out = env.ok(&["seed", "bulk"]);
    assert_contains!(out, "150 added");
    assert_eq!(env.count("events"), 450);
    assert_eq!(indexes_and_triggers(&env), schema);
    let ok: String = env
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // The rebuilt indexes answer queries: events by their source.
    let by_source: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM event_sources INDEXED BY event_sources_by_source \
             WHERE source_id = 'bulk-0007'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_source, 3);
    // The triggers are back: a quote written by another tool is found by search.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "INSERT INTO quotes (source_id, speaker_person_id, text) \
             VALUES ('bulk-0007', 'bulk-person-7', 'Xylophonic words, later.')",
            [],
        )
        .unwrap();
    let found = env.ok(&["search", "xylophonic", "--format", "jsonl"]);
    assert_eq!(found.lines().count(), 1, "{found}");
}

/// New files in a seeded folder are checked against what is stored and loaded; the unchanged
/// files are kept as stored, not checked and written again. The record is the one a single
/// load of every file gives.
#[test]
fn new_files_in_a_seeded_folder_give_the_record_of_one_load() {
    let all_at_once = Env::with_seed_and_fixtures("report-");
    all_at_once.ok(&["seed"]);

    let env = Env::with_seed();
    env.ok(&["seed"]);
    let later = Env::with_seed_and_fixtures("report-");
    for name in [
        "report-2023-07-20-test-wire-vucic-brussels.toml",
        "report-2023-07-20-test-wire-vucic-brussels.txt",
        "report-2023-07-21-test-daily-kfor-patrols.toml",
    ] {
        std::fs::copy(later.path("seed").join(name), env.path("seed").join(name)).unwrap();
    }
    let out = env.ok(&["seed"]);
    assert_contains!(out, "3 file(s): 2 added, 0 updated, 1 unchanged");
    // The summary lists the files in their order, the unchanged one with what it holds.
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(
            "unchanged seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml: 12 events"
        ),
        "{out}"
    );
    assert!(
        lines[1].starts_with("added     seed/report-2023-07-20"),
        "{out}"
    );
    let (a, b) = (record(&env), record(&all_at_once));
    let only_a: Vec<&String> = a.iter().filter(|l| !b.contains(l)).collect();
    let only_b: Vec<&String> = b.iter().filter(|l| !a.contains(l)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "one at a time only: {only_a:#?}\nall at once only: {only_b:#?}"
    );
}

fn record(env: &Env) -> Vec<String> {
    env.dump_of_record().lines().map(str::to_string).collect()
}

/// A new file that gives the id of an article kept unchanged is refused, naming that article's
/// file, as when every file is read.
#[test]
fn a_new_file_with_the_id_of_an_unchanged_article_is_refused() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let text =
        std::fs::read_to_string(env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml"))
            .unwrap();
    env.write("seed/copy.toml", text);
    let dump = env.dump();
    let err = env.fails(&["seed"]);
    assert_contains!(
        err,
        "is also the id of the article in seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml"
    );
    assert_contains!(err, "seed/copy.toml");
    assert_eq!(env.dump(), dump);
}

#[test]
fn a_file_saved_with_crlf_line_endings_gives_the_record_of_one_saved_with_lf() {
    let article = "[source]\nid = \"eol\"\ntitle = \"Line endings\"\npublisher = \"P\"\n\
                   published = \"2023-07-19\"\ntext = \"eol.txt\"\n\n[[events]]\n\
                   id = \"2023-07-19-eol\"\ndate = \"2023-07-19\"\nkind = \"statement\"\n\
                   title = \"Endings\"\nsummary = \"\"\"\nFirst line\nsecond line\"\"\"\n\n\
                   [[quotes]]\nspeaker = \"nato\"\nevent = \"2023-07-19-eol\"\n\
                   text = \"We are here.\"\n";
    let body = "Said:\nWe are here.\n";
    let record = |eol: &str| {
        let env = Env::with_seed();
        env.write("seed/eol.toml", article.replace('\n', eol));
        env.write("seed/eol.txt", body.replace('\n', eol));
        env.ok(&["seed"]);
        (crate::util::record_of(&env.db()), env)
    };
    let (lf, _) = record("\n");
    let (crlf, env) = record("\r\n");
    assert_eq!(crlf, lf);
    let summary: String = env
        .conn()
        .query_row(
            "SELECT summary FROM events WHERE id = '2023-07-19-eol'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summary, "First line\nsecond line");
    let body: String = env
        .conn()
        .query_row("SELECT body FROM sources WHERE id = 'eol'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(body, "Said:\nWe are here.\n");
    // The file is unchanged as long as its bytes are.
    assert_contains!(env.ok(&["seed"]), "unchanged");
}

/// An invented article: a water dispute "since 2008" somewhere in a valley.
const VALLEY: &str = r#"
[source]
title = "Valley farmers and the mill"
publisher = "Valley Gazette"
published = "2023-01-10"

[[places]]
id = "green-valley"
name = "Green Valley"

[[places]]
id = "mill-town"
name = "Mill Town"
within = "green-valley"

[[events]]
id = "2008-water-dispute"
date = "2008/.."
date_text = "since 2008"
kind = "dispute"
title = "Farmers dispute the mill's water rights"
place = "green-valley"
"#;

/// A later invented article that reports the dispute again, in May and in Mill Town.
const RIVER: &str = r#"
[source]
title = "Mill dispute heats up"
publisher = "River Post"
published = "2023-06-02"

[[events]]
id = "2008-water-dispute"
date_text = "in May"
place = "mill-town"

[[events]]
id = "2023-06-01-mill-closes"
date = "2023-06-01"
kind = "closure"
title = "The mill closes for a week"
place = "mill-town"
"#;

#[test]
fn the_summary_names_the_stored_events_whose_date_or_place_the_run_changed() {
    let env = Env::empty();
    env.write("seed/valley.toml", VALLEY);
    // A first load changes no stored event.
    assert_eq!(
        env.ok(&["seed"]),
        "added     seed/valley.toml: 1 events, 0 figures, 0 quotes, 0 people, 0 organisations, 2 places\n\
         1 file(s): 1 added, 0 updated, 0 unchanged, 0 pruned\n"
    );
    env.write("later/river.toml", RIVER);
    // The stored dispute narrowed in date and place; the new event is no change to a stored one.
    assert_eq!(
        env.ok(&["seed", "later"]),
        "added     later/river.toml: 2 events, 0 figures, 0 quotes, 0 people, 0 organisations, 0 places\n\
         1 file(s): 1 added, 0 updated, 0 unchanged, 0 pruned\n\
         changed stored events:\n  \
           date of 2008-water-dispute: since 2008 → May 2023 — “in May”, River Post (by later/river.toml)\n  \
           place of 2008-water-dispute: green-valley → mill-town (by later/river.toml)\n"
    );
    // Loaded again unchanged, nothing changes.
    assert_eq!(
        env.ok(&["seed", "later"]),
        "unchanged later/river.toml: 2 events, 0 figures, 0 quotes, 0 people, 0 organisations, 0 places\n\
         1 file(s): 0 added, 0 updated, 1 unchanged, 0 pruned\n\
         nothing changed; the database was not written\n"
    );
    // Edited to report the dispute with its first date only, it gives the place back.
    env.write(
        "later/river.toml",
        RIVER.replace("date_text = \"in May\"\nplace = \"mill-town\"\n", ""),
    );
    assert_eq!(
        env.ok(&["seed", "later"]),
        "updated   later/river.toml: 2 events, 0 figures, 0 quotes, 0 people, 0 organisations, 0 places\n\
         1 file(s): 0 added, 1 updated, 0 unchanged, 0 pruned\n\
         changed stored events:\n  \
           date of 2008-water-dispute: May 2023 → since 2008 — “since 2008”, Valley Gazette (by later/river.toml)\n  \
           place of 2008-water-dispute: mill-town → green-valley (by later/river.toml)\n"
    );
    // Pruned, an article that narrowed a date is named by its stored file.
    env.write("later/river.toml", RIVER);
    env.ok(&["seed", "later"]);
    assert_eq!(
        env.ok(&["seed", "--prune", "seed"]),
        "unchanged seed/valley.toml: 1 events, 0 figures, 0 quotes, 0 people, 0 organisations, 2 places\n\
         pruned    later/river.toml: article \"river\" is not among the files given; what it stated was removed\n\
         2 file(s): 0 added, 0 updated, 1 unchanged, 1 pruned\n\
         changed stored events:\n  \
           date of 2008-water-dispute: May 2023 → since 2008 — “since 2008”, Valley Gazette (by later/river.toml)\n  \
           place of 2008-water-dispute: mill-town → green-valley (by later/river.toml)\n"
    );
}
