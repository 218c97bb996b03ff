//! `annals check`: every error of a run with its place, without ever writing a database.

use crate::util::Env;

/// A file with five different mistakes, one per line that matters.
const FIVE_MISTAKES: &str = r#"[source]
title = "Five mistakes"
publisher = "Test"
published = "2023-07-20"

[[events]]
id = "2023-07-20-Talks"
date = "2023-07-32"
kind = "meeting"
title = "Talks"
participants = [{ id = "aleksandar-vucich" }]

[[events]]
id = "2023-07-25-summit"
date = "2023-07-25"
kind = "summit"
title = "A summit"

[[figures]]
event = "2023-07-25-summit"
low = 10
high = 2
unit = "leaders"
measure = "attending"
"#;

#[test]
fn five_mistakes_are_all_reported_with_file_line_and_column() {
    let env = Env::with_seed();
    env.write("later/2023-07-20-five.toml", FIVE_MISTAKES);
    let err = env.fails(&["check", "seed", "later"]);
    for expected in [
        "later/2023-07-20-five.toml:7:6: event id \"2023-07-20-Talks\" is not a slug",
        "later/2023-07-20-five.toml:8:8: `date`: invalid date \"2023-07-32\"",
        "later/2023-07-20-five.toml:11:24: unknown person or organisation id \"aleksandar-vucich\" in `participants` (did you mean \"aleksandar-vucic\"?)",
        "later/2023-07-20-five.toml:15:8: event \"2023-07-25-summit\" is dated 2023-07-25, after its article was published (2023-07-20)",
        "later/2023-07-20-five.toml:21:7: a figure's `low` must not be greater than its `high`",
        "5 errors in seed files",
    ] {
        assert_contains!(err, expected);
    }
    // Each error shows its line, marked.
    assert_contains!(err, "11 | participants = [{ id = \"aleksandar-vucich\" }]");
    let marker = format!("   | {}{}", " ".repeat(23), "^".repeat(19));
    assert_contains!(err, &marker);
    assert!(!env.db().exists(), "check created a database");
}

#[test]
fn check_prints_each_resolution_and_creates_no_database() {
    let env = Env::with_seed();
    env.copy_dir(&crate::util::fixtures(), "fixtures");
    let out = env.ok(&["check", "seed", "fixtures"]);
    assert_contains!(out, "event \"2023-05-attack-on-kfor\": \"on May 29\" resolves to 2023-05-29 (29 May 2023, against publication on 2023-07-20)");
    assert_contains!(out, "\"since Monday\" resolves to 2023-07-17/.. (since 17 Jul 2023, against publication on 2023-07-21)");
    assert_contains!(out, "3 file(s), 16 event report(s) checked: no errors");
    assert!(!env.db().exists(), "check created a database");
    let names: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().contains("annals")),
        "{names:?}"
    );
}

#[test]
fn check_reads_an_existing_database_without_changing_it() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env.write(
        "later/2023-07-20-later.toml",
        "[source]\ntitle = \"Later\"\npublisher = \"Test\"\npublished = \"2023-07-20\"\n\n\
         [[events]]\nid = \"2023-07-19-stoltenberg-vucic-meeting\"\ndate_text = \"yesterday\"\n\n\
         [[quotes]]\nspeaker = \"jens-stoltenberg\"\ntext = \"We talked.\"\n",
    );
    let watcher = env.conn();
    let version = Env::data_version(&watcher);
    let dump = env.dump();
    let files = |env: &Env| {
        let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files(&env);
    // The ids come from the database: the later file alone resolves them.
    let out = env.ok(&["check", "later"]);
    assert_contains!(out, "\"yesterday\" resolves to 2023-07-19");
    assert_contains!(out, "(ids resolved against annals.db)");
    assert_eq!(Env::data_version(&watcher), version);
    assert_eq!(env.dump(), dump);
    assert_eq!(files(&env), before);

    // Without the database those ids are unknown, and check says so without creating one.
    let err = env.fails(&["--db", "other.db", "check", "later"]);
    assert_contains!(
        err,
        "unknown person or organisation id \"jens-stoltenberg\""
    );
    assert!(!env.path("other.db").exists());
}

#[test]
fn check_refuses_a_database_it_would_have_to_migrate() {
    let env = Env::empty();
    env.write(
        "seed/a.toml",
        "[source]\ntitle = \"A\"\npublisher = \"T\"\npublished = \"2023-07-20\"\n",
    );
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("CREATE TABLE refinery_schema_history (version INTEGER, name TEXT); INSERT INTO refinery_schema_history VALUES (1, 'schema');")
        .unwrap();
    drop(conn);
    let dump = env.dump();
    let err = env.fails(&["check"]);
    assert_contains!(err, "schema version 1; run `annals migrate` first");
    assert_eq!(env.dump(), dump);
}

#[test]
fn unknown_keys_do_not_hide_the_other_mistakes_of_their_file() {
    let env = Env::with_seed();
    // Two typos in keys, and the five mistakes: every one is reported at once.
    let text = FIVE_MISTAKES
        .replace(
            "kind = \"meeting\"",
            "kind = \"meeting\"\nplaec = \"brussels\"",
        )
        .replace(
            "publisher = \"Test\"",
            "publisher = \"Test\"\nauthor = \"Someone\"",
        );
    env.write("later/2023-07-20-five.toml", &text);
    let err = env.fails(&["check", "seed", "later"]);
    for expected in [
        "later/2023-07-20-five.toml:4:1: unknown field `author` in `source`, expected one of `id`, `title`, `publisher`, `published`, `url`, `text`",
        "later/2023-07-20-five.toml:11:1: unknown field `plaec` in `events`, expected one of",
        "event id \"2023-07-20-Talks\" is not a slug",
        "`date`: invalid date \"2023-07-32\"",
        "unknown person or organisation id \"aleksandar-vucich\"",
        "after its article was published (2023-07-20)",
        "a figure's `low` must not be greater than its `high`",
        "7 errors in seed files",
    ] {
        assert_contains!(err, expected);
    }
    // A wrong type stops the file being read; the unknown keys are still all reported.
    env.write(
        "later/2023-07-20-five.toml",
        text.replace("date = \"2023-07-25\"", "date = 2023"),
    );
    let err = env.fails(&["check", "seed", "later"]);
    for expected in [
        "unknown field `author`",
        "unknown field `plaec`",
        "3 errors",
    ] {
        assert_contains!(err, expected);
    }
}

#[test]
fn check_shows_what_seeding_would_change_before_anything_is_written() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env.copy_dir(&crate::util::fixtures().join("backfill"), "later");
    env.write(
        "later/2023-07-25-more.toml",
        "[source]\nid = \"more\"\ntitle = \"More\"\npublisher = \"Test\"\npublished = \"2023-07-25\"\n\n\
         [[events]]\nid = \"2023-07-24-new-talks\"\ndate = \"2023-07-24\"\nkind = \"meeting\"\n\
         title = \"New talks\"\n\n[[events]]\nid = \"2023-05-attack-on-kfor\"\n\n\
         [[figures]]\nevent = \"2023-05-attack-on-kfor\"\nvalue = 25\nunit = \"soldiers\"\n\
         measure = \"injured\"\nabout = \"kfor\"\n",
    );
    let before = (env.file_state(&env.db()).0, env.dump());
    let out = env.ok(&["check", "seed", "later"]);
    assert_eq!(
        (env.file_state(&env.db()).0, env.dump()),
        before,
        "check wrote to the database"
    );
    for expected in [
        "seeding would change:",
        "  new event 2023-07-24-new-talks: 24 Jul 2023, \"New talks\"",
        "  reported again 2023-05-attack-on-kfor (\"NATO troops attacked in northern Kosovo\"): 1 → 3 reports",
        // The new date with the words of the report that gave it, and its publisher.
        "  date of 2023-05-attack-on-kfor: May 2023 → 29 May 2023 — “on May 29”, Fixture Daily\n",
        "  place of 2023-05-attack-on-kfor: northern-kosovo → zvecan",
        "  new conflict in 2023-05-attack-on-kfor: figure: 30 soldiers injured (anews-2023-07-19-nato-chief-serbia) against 25 soldiers injured (more)",
    ] {
        assert_contains!(out, expected);
    }
    // The same files again, once loaded, change nothing.
    env.ok(&["seed", "seed", "later"]);
    let out = env.ok(&["check", "seed", "later"]);
    assert_contains!(out, "seeding would change no event");
}

#[test]
fn a_misspelt_stored_event_gets_did_you_mean_in_a_small_run() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    // One file against a database of twelve events: only the events it names are read in full.
    env.write(
        "later/2023-07-25-typo.toml",
        "[source]\nid = \"typo\"\ntitle = \"Typo\"\npublisher = \"Test\"\npublished = \"2023-07-25\"\n\n\
         [[figures]]\nevent = \"2023-05-atack-on-kfor\"\nvalue = 25\nunit = \"soldiers\"\n\
         measure = \"injured\"\n",
    );
    let err = env.fails(&["check", "later"]);
    assert!(
        err.contains(
            "unknown event id \"2023-05-atack-on-kfor\" in a figure (did you mean \"2023-05-attack-on-kfor\"?)"
        ),
        "{err}"
    );
}

/// An invented article: a protest counted in figures, and the mayor quoted.
const PROTEST_TEXT: &str = "Eastbrook, 3 March 2024. More than 50 farmers gathered outside the \
town hall on Saturday, police said.\n\nThe mayor, Ana Dornik, told them: \"The doors of this \
hall stay open to every farmer of the valley, whatever the ministry decides in the spring.\"\n";

const PROTEST: &str = r#"[source]
title = "Farmers gather at Eastbrook town hall"
publisher = "Valley Courier"
published = "2024-03-03"
text = "2024-03-03-valley-farmers.txt"

[[people]]
id = "ana-dornik"
name = "Ana Dornik"

[[events]]
id = "2024-03-02-eastbrook-farmers"
date = "2024-03-02"
kind = "protest"
title = "Farmers gather at Eastbrook town hall"

[[figures]]
event = "2024-03-02-eastbrook-farmers"
value = 50
qualifier = "at_least"
unit = "farmers"
measure = "gathered"
text = "More than 50 farmers gathered"

[[quotes]]
speaker = "ana-dornik"
event = "2024-03-02-eastbrook-farmers"
text = "The doors of this hall stay open to every farmer of the valley, whatever the ministry decides in the spring."
"#;

#[test]
fn a_figure_text_is_checked_like_a_quote_and_a_near_miss_marks_only_the_words_that_differ() {
    let env = Env::empty();
    env.write("seed/2024-03-03-valley-farmers.txt", PROTEST_TEXT);
    let file = "seed/2024-03-03-valley-farmers.toml";
    env.write(file, PROTEST);
    env.ok(&["check", "seed"]);

    // The figure's text says 60 where the article says 50; the quote says "town" for "valley"
    // and leaves out "the" before "spring".
    let wrong = PROTEST
        .replace("More than 50 farmers", "More than 60 farmers")
        .replace("farmer of the valley", "farmer of the town")
        .replace("in the spring.", "in spring.");
    env.write(file, &wrong);
    let err = env.fails(&["check", "seed"]);
    assert_contains!(
        err,
        "seed/2024-03-03-valley-farmers.toml:23:19: this figure's text does not appear verbatim \
         in the article's text: the article has \"50\" where the figure's text has \"60\"\n   |\n\
         23 | text = \"More than 60 farmers gathered\"\n   |                   ^^\n"
    );
    let line =
        "text = \"The doors of this hall stay open to every farmer of the town, whatever the \
                ministry decides in spring.\"";
    let town = line.find("town,").unwrap();
    let spring = line.find("spring.").unwrap();
    assert_contains!(
        err,
        &format!(
            "seed/2024-03-03-valley-farmers.toml:28:{}: this quote does not appear verbatim in \
             the article's text: the article has \"valley,\" where the quote has \"town,\", and \
             \"the\" before \"spring.\"\n   |\n28 | {line}\n   | {}{}{}{}\n",
            town + 1,
            " ".repeat(town),
            "^".repeat("town,".len()),
            " ".repeat(spring - town - "town,".len()),
            "^".repeat("spring.".len()),
        )
    );
    assert_contains!(err, "2 errors in seed files");

    // A text the article does not hold at all is marked whole, as before.
    env.write(
        file,
        PROTEST.replace("More than 50 farmers gathered", "Tractors blocked the road"),
    );
    let err = env.fails(&["check", "seed"]);
    assert_contains!(
        err,
        "23:8: this figure's text does not appear verbatim in the article's text\n   |\n\
         23 | text = \"Tractors blocked the road\"\n   |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    );
    // And a figure without text is not looked for.
    env.write(
        file,
        PROTEST.replace("text = \"More than 50 farmers gathered\"\n", ""),
    );
    env.ok(&["check", "seed"]);
}

/// The database file as it is on disk: its bytes (hashed), its modification time, and how many
/// bytes its write-ahead log holds (SQLite makes an empty one for a reader when there is none;
/// its shared-memory index, `-shm`, is where every reader marks what it reads).
fn on_disk(env: &Env) -> (String, std::time::SystemTime, u64) {
    use sha2::{Digest, Sha256};
    let path = env.db();
    let bytes = format!("{:x}", Sha256::digest(std::fs::read(&path).unwrap()));
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let wal = std::fs::metadata(env.path("annals.db-wal")).map_or(0, |m| m.len());
    (bytes, modified, wal)
}

/// The preview's changes to stored events' dates and places are the ones seeding the same
/// files then makes (found by the same rule), and checking touches no byte of the database.
#[test]
fn the_preview_is_what_seeding_then_does_and_check_touches_no_byte() {
    let env = Env::with_seed();
    env.copy_fixtures("report-");
    env.ok(&["seed"]);
    // The backfilled article narrows the attack's date and place; the wire's report is edited
    // to give the attack's place no more, and a new event.
    env.copy_dir(&crate::util::fixtures().join("backfill"), "later");
    let wire = env.path("seed/report-2023-07-20-test-wire-vucic-brussels.toml");
    let text = std::fs::read_to_string(&wire).unwrap();
    env.write(
        "seed/report-2023-07-20-test-wire-vucic-brussels.toml",
        format!(
            "{text}\n[[events]]\nid = \"2023-07-20-wire-new\"\ndate = \"2023-07-20\"\n\
             kind = \"statement\"\ntitle = \"A new statement\"\n"
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let before = (on_disk(&env), env.dump());
    let preview = env.ok(&["check", "seed", "later"]);
    let after = (on_disk(&env), env.dump());
    assert_eq!(after.0, before.0, "check wrote");
    assert_eq!(after.1, before.1, "check wrote");
    assert_contains!(
        preview,
        "  new event 2023-07-20-wire-new: 20 Jul 2023, \"A new statement\""
    );
    let previewed: Vec<&str> = preview
        .lines()
        .filter(|l| l.starts_with("  date of ") || l.starts_with("  place of "))
        .collect();
    assert!(!previewed.is_empty(), "{preview}");
    let seeded = env.ok(&["seed", "seed", "later"]);
    let changed: Vec<String> = seeded
        .lines()
        .filter(|l| l.starts_with("  date of ") || l.starts_with("  place of "))
        .map(|l| {
            l.rsplit_once(" (by ")
                .map_or(l, |(change, _)| change)
                .to_string()
        })
        .collect();
    assert_eq!(previewed, changed, "{preview}\n{seeded}");
    // Loaded, the same files change nothing more.
    let again = env.ok(&["check", "seed", "later"]);
    assert_contains!(again, "seeding would change no event");
}

/// A report that marks its event disputed keeps a date no other report allows: the preview
/// names the disagreement that seeding would bring, by the rule the `conflicts` view holds.
#[test]
fn a_disputed_date_previews_its_new_conflict() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env.write(
        "later/2023-07-22-x.toml",
        "[source]\nid = \"x-wire\"\ntitle = \"Later\"\npublisher = \"Test\"\npublished = \"2023-07-22\"\n\n\
         [[events]]\nid = \"2023-05-attack-on-kfor\"\ndate = \"2023-06-02\"\ndisputed = true\n",
    );
    let out = env.ok(&["check", "later"]);
    assert_contains!(
        out,
        "  date of 2023-05-attack-on-kfor: May 2023 → May 2023 or 2 Jun 2023 (disputed)\n"
    );
    assert_contains!(
        out,
        "  new conflict in 2023-05-attack-on-kfor: date: 2023-05 (anews-2023-07-19-nato-chief-serbia) against 2023-06-02 (x-wire)\n"
    );
    env.ok(&["seed", "later"]);
    let rows = crate::util::column::<String>(
        &env.conn(),
        "SELECT value_a || ' ' || source_a || ' ' || value_b || ' ' || source_b FROM conflicts",
    );
    assert_eq!(
        rows,
        ["2023-05 anews-2023-07-19-nato-chief-serbia 2023-06-02 x-wire"]
    );
}
