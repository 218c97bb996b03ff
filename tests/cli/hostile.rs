//! Hostile text and hostile files: nothing in the record escapes into an export or a terminal as
//! markup, a formula or a control sequence; a seed file or article text that is not plain text
//! of a sane size is refused with its place.

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rusqlite::Connection;

use crate::util::Env;

/// The binary as a plain process, for wiring its standard streams.
fn process(env: &Env) -> std::process::Command {
    #[allow(deprecated)]
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("annals"));
    cmd.current_dir(env.path("")).env_remove("ANNALS_DB");
    cmd
}

/// A database loaded from the founding seed, then edited as another SQLite tool could.
fn edited(sql: &str, params: &[&dyn rusqlite::ToSql]) -> Env {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = Connection::open(env.db()).unwrap();
    conn.execute(sql, params).unwrap();
    drop(conn);
    env
}

const INJECTED_URL: &str =
    "https://example.com/\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:INJECTED\r\nURL:https://x";

#[test]
fn an_ics_export_holds_one_vevent_per_event_whatever_the_source_url() {
    let env = edited("UPDATE sources SET url = ?1", &[&INJECTED_URL]);
    let ics = env.ok(&["export", "--format", "ics"]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 12, "{ics}");
    assert!(!ics.contains("INJECTED"), "{ics}");
    // Every line ends CRLF and no line holds another CR or LF.
    for line in ics.split_terminator("\r\n") {
        assert!(!line.contains(['\r', '\n']), "{line:?}");
        assert!(line.len() <= 75, "{line:?}");
    }
}

#[test]
fn a_day_at_the_end_of_time_keeps_a_four_digit_dtend() {
    let env = edited(
        "UPDATE events SET date = '9999-12-31', earliest = '9999-12-31', latest = '9999-12-31', \
         precision = 'day' WHERE id = '2023-07-19-stoltenberg-vucic-meeting'",
        &[],
    );
    let ics = env.ok(&["export", "--format", "ics"]);
    assert_contains!(ics, "DTEND;VALUE=DATE:99991231\r\n");
    assert!(!ics.contains('+'), "{ics}");
}

#[test]
fn no_export_links_to_anything_but_the_web() {
    let env = edited(
        "UPDATE sources SET url = 'javascript:alert(document.domain)'",
        &[],
    );
    for format in ["html", "timelinejs", "ics", "csv", "jsonl", "mermaid"] {
        let out = env.ok(&["export", "--format", format]);
        assert!(
            !out.to_lowercase().contains("javascript:"),
            "{format}: {out}"
        );
    }
    // Nor do the listings.
    let out = env.ok(&["sources", "--format", "json"]);
    assert!(!out.contains("javascript:"), "{out}");
}

#[test]
fn show_links_to_nothing_but_the_web() {
    let source = "anews-2023-07-19-nato-chief-serbia";
    let env = edited(
        "UPDATE sources SET url = 'javascript:alert(document.domain)'",
        &[],
    );
    let table = env.ok(&["show", source]);
    assert!(!table.contains("javascript:"), "{table}");
    assert!(!table.contains("url:"), "{table}");
    for format in ["json", "jsonl"] {
        let shown: serde_json::Value =
            serde_json::from_str(env.ok(&["show", source, "--format", format]).trim()).unwrap();
        assert_eq!(shown["kind"], "source");
        assert_eq!(shown["url"], serde_json::Value::Null, "{format}: {shown}");
    }
    // A web link is shown as it is.
    Connection::open(env.db())
        .unwrap()
        .execute("UPDATE sources SET url = 'https://example.com/a'", [])
        .unwrap();
    assert_contains!(
        env.ok(&["show", source]),
        "url:       https://example.com/a\n"
    );
}

#[test]
fn mermaid_labels_cannot_become_keywords_titles_or_comments() {
    let env = edited(
        "UPDATE events SET date_human = CASE id
            WHEN '2008-kosovo-declares-independence' THEN 'title Fake title'
            WHEN '2023-04-northern-kosovo-elections' THEN '%% hidden'
            WHEN '2023-05-attack-on-kfor' THEN 'timeline'
            WHEN '2023-05-30-nato-sends-700-troops' THEN 'accDescr { all'
            WHEN '2023-01-19-serbs-shot-in-kosovo' THEN 'Section 9: #1'
            ELSE date_human END,
          title = CASE id
            WHEN '2023-nato-increases-presence' THEN '%%{init: {\"theme\": \"dark\"}}%%'
            WHEN '2023-eu-on-low-serb-turnout' THEN 'ends:'
            ELSE title END",
        &[],
    );
    let out = env.ok(&["export", "--format", "mermaid"]);
    let read = crate::mermaid_grammar::assert_well_formed(&out, 12);
    use crate::mermaid_grammar::Token::{Event, Period};
    for (period, entry) in [
        ("“title Fake title” ", "Kosovo declares independence from Serbia"),
        ("% % hidden ", "Elections in northern Kosovo"),
        ("“timeline” ", "NATO troops attacked in northern Kosovo (93 people injured, 3 people seriously injured, 30 soldiers injured)"),
        ("“accDescr { all” ", "NATO decides to send 700 more troops to KFOR (700 troops sent to KFOR)"),
        ("“Section 9∶ no. 1” ", "Serbs shot in Kosovo, by Vucic's account (at least 6 Serbs shot)"),
        ("May – 19 Jul 2023 ", "% %{init∶ {\"theme\"∶ \"dark\"}}% % (about 500 troops added)"),
        ("Apr – 19 Jul 2023 ", "ends∶"),
        ("2008 ", "Most UN member states recognise Kosovo as separate from Serbia"),
    ] {
        let at = read
            .iter()
            .position(|t| *t == Period(period.into()))
            .unwrap_or_else(|| panic!("no period {period:?} in {read:?}"));
        assert_eq!(read[at + 1], Event(entry.into()), "{out}");
    }
}

#[test]
fn a_seed_file_url_must_be_a_web_link() {
    let env = Env::with_seed();
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = fs::read_to_string(&file).unwrap();
    let url_line = text.lines().find(|l| l.starts_with("url = ")).unwrap();
    fs::write(
        &file,
        text.replace(url_line, "url = \"https://example.com/\\r\\nEND:VEVENT\""),
    )
    .unwrap();
    let err = env.fails(&["seed"]);
    assert!(
        err.contains(
            "2023-07-19-anews-nato-chief-serbia-dialogue.toml:11:7: `url` must be a web link"
        ),
        "{err}"
    );
    assert!(!env.db().exists());
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_start_with_a_quote() {
    let env = edited(
        "UPDATE events SET title = '=HYPERLINK(\"http://evil\",\"x\")', kind = '+cmd' \
         WHERE id = '2023-07-19-stoltenberg-vucic-meeting'",
        &[],
    );
    for args in [
        &["timeline", "--format", "csv"][..],
        &["export", "--format", "csv"][..],
    ] {
        let out = env.ok(args);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let cells: Vec<String> = reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect();
        assert!(
            cells.contains(&"'=HYPERLINK(\"http://evil\",\"x\")".to_string()),
            "{out}"
        );
        assert!(cells.contains(&"'+cmd".to_string()), "{out}");
        assert!(
            !cells.iter().any(|c| c.starts_with(['=', '+', '@'])),
            "{args:?}: {out}"
        );
    }
    // For pipelines that want the values as they are.
    let raw = env.ok(&["timeline", "--format", "csv-raw"]);
    assert_contains!(raw, "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
}

#[test]
fn tables_show_control_characters_as_symbols() {
    let env = edited(
        "UPDATE events SET title = ?1 WHERE id = '2023-07-19-stoltenberg-vucic-meeting'",
        &[&"Talks\u{1b}]0;owned\u{7}\u{1b}[2J\u{8}\u{0}\r\u{202E}end"],
    );
    for args in [
        &["timeline"][..],
        &["show", "2023-07-19-stoltenberg-vucic-meeting"][..],
        &["people"][..],
        &["sql", "SELECT title FROM events"][..],
    ] {
        let out = env.ok(args);
        assert!(
            !out.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\t'),
            "{args:?}: {out:?}"
        );
        assert!(!out.contains('\u{202E}'), "{args:?}: {out:?}");
    }
    let out = env.ok(&["show", "2023-07-19-stoltenberg-vucic-meeting"]);
    assert_contains!(out, "Talks␛]0;owned␇␛[2J␈␀␍\u{FFFD}end");
}

#[test]
fn file_names_reach_the_terminal_as_symbols() {
    let env = Env::with_seed();
    // A folder and a file whose names would retitle the terminal, ring it and rewind the line.
    let folder = "later\u{1b}[31m";
    let file = format!("{folder}/b\u{1b}]0;owned\u{7}\r.toml");
    let shown = "later␛[31m/b␛]0;owned␇␍.toml";
    let article =
        "[source]\nid = \"x\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-07-19\"\n";
    env.write(&file, format!("{article}[[events]]\nid = \"e\"\n"));
    let raw = |out: &std::process::Output| {
        let all = [&out.stdout[..], &out.stderr[..]].concat();
        assert!(
            !all.iter().any(|&b| b == 0x1b || b == 0x07 || b == b'\r'),
            "a control character reached the terminal: {}",
            String::from_utf8_lossy(&all)
        );
        String::from_utf8_lossy(&all).into_owned()
    };
    // An error that names the file.
    let out = env.output(&["check", folder]);
    assert!(!out.status.success());
    assert_contains!(raw(&out), &format!("{shown}:7:6: event \"e\" needs `kind`"));
    // The seed summary, check's words-to-date lines and doctor's problems.
    env.write(&file, format!("{article}[[events]]\nid = \"2023-07-19-e\"\ndate_text = \"on Monday\"\nkind = \"k\"\ntitle = \"E\"\n"));
    let out = env.output(&["seed", "seed", folder]);
    assert!(out.status.success(), "{}", raw(&out));
    assert_contains!(raw(&out), &format!("added     {shown}"));
    let out = env.output(&["check", "seed", folder]);
    assert_contains!(
        raw(&out),
        &format!("{shown}: event \"2023-07-19-e\": \"on Monday\" resolves to")
    );
    env.write(&file, format!("{article}[[events]]\nid = \"2023-07-19-e\"\ndate = \"2023-07-17\"\nkind = \"k\"\ntitle = \"E\"\n"));
    let out = env.output(&["doctor", "seed", folder]);
    assert_contains!(
        raw(&out),
        &format!("seed file {shown} (source x) is changed since it was loaded")
    );
}

#[test]
fn text_fields_of_a_seed_file_have_limits_and_no_control_characters() {
    let env = Env::with_seed();
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = fs::read_to_string(&file).unwrap();
    let long = "word ".repeat(40_000);
    let edited = text
        .replace(
            "title = \"Kosovo declares independence from Serbia\"",
            &format!("title = \"{long}\""),
        )
        .replace("kind = \"declaration\"", "kind = \"decl\\u001b[2Jaration\"")
        .replace("name = \"Brussels\"", "name = \"\\u200b\"");
    fs::write(&file, edited).unwrap();
    let err = env.fails(&["seed"]);
    for expected in [
        ":132:9: `title` is 200000 characters long; at most 500 are allowed",
        ":131:8: `kind` holds an invisible or control character (U+001B) at character 5; remove it",
        ":111:8: `name` holds an invisible or control character (U+200B) at character 1; remove it",
        "3 errors",
    ] {
        assert_contains!(err, expected);
    }
}

#[test]
fn invisible_characters_are_refused_by_their_unicode_property() {
    let env = Env::empty();
    let invisible = [
        '\u{E0041}', // a tag character: General Category Cf
        '\u{FFF9}',  // interlinear annotation anchor: Cf
        '\u{034F}',  // combining grapheme joiner: default ignorable
        '\u{180E}',  // Mongolian vowel separator: Cf
        '\u{3164}',  // Hangul filler: default ignorable
        '\u{115F}',  // Hangul choseong filler
        '\u{FFA0}',  // halfwidth Hangul filler
        '\u{2028}',  // line separator: Zl
        '\u{2029}',  // paragraph separator: Zp
        '\u{FE0F}',  // variation selector: default ignorable
    ];
    for (i, c) in invisible.iter().enumerate() {
        env.write(
            &format!("inv/{i:02}.toml"),
            format!(
                "[source]\ntitle = \"Talks{c}held\"\npublisher = \"P\"\npublished = \"2023-07-19\"\n\n\
                 [[events]]\nid = \"e{i}\"\ndate = \"2023-07-19\"\nkind = \"k\"\ntitle = \"E\"\n\
                 summary = \"One{c}\\ntwo\"\n"
            ),
        );
    }
    let err = env.fails(&["check", "inv"]);
    for (i, c) in invisible.iter().enumerate() {
        let code = *c as u32;
        assert_contains!(
            err,
            &format!(
                "inv/{i:02}.toml:2:9: `title` holds an invisible or control character \
                 (U+{code:04X}) at character 6; remove it"
            )
        );
        // In a field that may hold paragraphs too.
        assert_contains!(
            err,
            &format!("inv/{i:02}.toml:11:11: `summary` holds an invisible or control character (U+{code:04X}) at character 4")
        );
    }
    assert_contains!(err, &format!("{} errors", 2 * invisible.len()));
    assert!(!env.db().exists());
}

#[test]
fn a_seed_path_that_is_no_regular_file_is_named_for_what_it_is() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let dump = env.dump();
    fs::create_dir_all(env.path("pipes")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(env.path("pipes/a.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    // An editor's lock file beside a seed file: a link to nothing, passed over.
    std::os::unix::fs::symlink("user@host.1234", env.path("seed/.#lock.toml")).unwrap();
    assert_contains!(env.ok(&["check", "seed"]), "no errors");
    for (args, expected) in [
        (
            ["seed", "/dev/null"],
            "/dev/null: it is a device, not a regular file",
        ),
        (
            ["check", "pipes/a.toml"],
            "pipes/a.toml: it is a named pipe, not a regular file",
        ),
        // In a folder, it is read, and refused without waiting for a writer.
        (
            ["seed", "pipes"],
            "pipes/a.toml: cannot read: it is a named pipe, not a regular file",
        ),
    ] {
        let started = Instant::now();
        assert_contains!(env.fails(&args), expected);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} waited"
        );
    }
    assert_eq!(env.dump(), dump);
}

#[test]
fn a_named_pipe_as_the_article_text_is_refused_at_once_and_the_lock_released() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let dump = env.dump();
    let fifo = env.path("later/pipe.txt");
    fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    env.write(
        "later/2023-07-25-pipe.toml",
        "[source]\ntitle = \"Pipe\"\npublisher = \"Test\"\npublished = \"2023-07-25\"\n\
         text = \"pipe.txt\"\n",
    );
    for command in ["seed", "check"] {
        let started = Instant::now();
        let mut child = process(&env)
            .args([command, "later"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("`annals {command}` hangs on a named pipe");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(status.code(), Some(1));
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(
            stderr.contains("2023-07-25-pipe.toml:5:8: cannot read the article's text")
                && stderr.contains("it is a named pipe, not a regular file"),
            "{stderr}"
        );
    }
    // The write lock is free again: another seed runs at once.
    let said = env.ok(&["seed"]);
    assert_contains!(said, "nothing changed");
    assert_eq!(env.dump(), dump);
}

#[test]
fn db_is_a_path_never_a_uri() {
    let env = Env::with_seed();
    let name = "file:x.db?mode=memory";
    env.ok(&["--db", name, "seed"]);
    assert!(
        env.path(name).is_file(),
        "the database is the file named so"
    );
    let out = env.ok(&["--db", name, "timeline", "--format", "json"]);
    assert_contains!(out, "2023-05-attack-on-kfor");
}

#[test]
fn db_memory_is_a_file_like_any_other() {
    let env = Env::with_seed();
    crate::util::write_corpus(&env.path("other"), "other", 0..1, 1, 1);
    let name = ":memory:";
    // The first query creates the file and loads ./seed into it.
    let out = env.ok(&["--db", name, "timeline", "--format", "json"]);
    assert_contains!(out, "2023-05-attack-on-kfor");
    assert!(
        env.path(name).is_file(),
        "the database is the file named so"
    );
    assert_contains!(env.ok(&["--db", name, "seed", "other"]), "1 added");
    // What was added is in the file, as every command and SQLite itself read it.
    assert_eq!(
        env.ok(&[
            "--db",
            name,
            "sql",
            "SELECT count(*) AS n FROM sources",
            "--format",
            "csv"
        ]),
        "n\n2\n"
    );
    let file = Connection::open(env.path(name)).unwrap();
    assert_eq!(
        crate::util::column::<String>(&file, "SELECT id FROM sources ORDER BY id"),
        ["anews-2023-07-19-nato-chief-serbia", "other-0000"]
    );
    drop(file);
    let doctor = env.ok(&["--db", name, "doctor", "seed", "other"]);
    assert_contains!(doctor, "version 14 (up to date)");
    assert_contains!(doctor, "no problems found");
    // Read-only commands read the file too.
    let out = env.ok(&["--db", name, "check", "other"]);
    assert_contains!(out, "no errors");
}

#[test]
fn a_db_link_to_nothing_is_created_where_it_leads_and_loaded_from_seed() {
    use std::os::unix::fs::symlink;
    let env = Env::with_seed();
    fs::create_dir_all(env.path("data")).unwrap();
    symlink("data/real.db", env.db()).unwrap();
    // The first query makes the database the link leads to, whole, and loads ./seed into it.
    let out = env.ok(&["timeline", "--format", "json"]);
    assert_contains!(out, "2023-05-attack-on-kfor");
    assert!(fs::symlink_metadata(env.db())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(env.path("data/real.db").is_file());
    assert_eq!(env.count("sources"), 1);
    let names: Vec<String> = fs::read_dir(env.path("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    assert_eq!(names, ["real.db"]);
    // A link into a folder that does not exist, and a link to itself, are errors that say so.
    symlink("missing/x.db", env.path("lost.db")).unwrap();
    assert_contains!(
        env.fails(&["--db", "lost.db", "timeline"]),
        "cannot create lost.db (a link to missing/x.db): the folder missing does not exist"
    );
    symlink("loop.db", env.path("loop.db")).unwrap();
    assert_contains!(
        env.fails(&["--db", "loop.db", "timeline"]),
        "loop.db is a symbolic link that leads to itself (or through more than 40 links)"
    );
    assert!(!env.path("missing").exists());
}

#[test]
fn a_seed_whose_summary_cannot_be_printed_still_says_it_committed() {
    let env = Env::with_seed();
    let full = fs::File::create("/dev/full");
    let Ok(full) = full else {
        eprintln!("no /dev/full here: skipped");
        return;
    };
    let out = process(&env).arg("seed").stdout(full).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_contains!(stderr, "warning: the seed was written to annals.db (committed), but its summary could not be printed");
    assert_eq!(env.count("sources"), 1);
    // Nothing written, nothing printed: a failure.
    let full = fs::File::create("/dev/full").unwrap();
    let out = process(&env).arg("seed").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn totals_too_large_to_hold_are_refused_not_shown_as_open() {
    let env = edited(
        "UPDATE figures SET value = 1e308 WHERE unit = 'people' AND measure = 'injured'",
        &[],
    );
    let conn = Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO figures (event_id, source_id, value, unit, measure)
         SELECT '2023-05-30-nato-sends-700-troops', source_id, 1e308, 'people', 'injured'
         FROM figures WHERE value = 1e308",
        [],
    )
    .unwrap();
    drop(conn);
    let err = env.fails(&[
        "aggregate",
        "figures",
        "--by",
        "month",
        "--measure",
        "injured",
    ]);
    assert_contains!(err, "the injured people figures of 2023-05 add up to more than the largest number annals can hold");
}

#[test]
fn whole_figures_add_up_exactly_and_a_total_past_64_bits_is_refused() {
    let env = edited(
        "UPDATE figures SET value = 9007199254740993 WHERE unit = 'people' AND measure = 'injured'",
        &[],
    );
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO figures (event_id, source_id, value, unit, measure)
         SELECT '2023-05-30-nato-sends-700-troops', source_id, 9007199254740993, 'people', 'injured'
         FROM figures WHERE measure = 'injured' AND unit = 'people';
         UPDATE figures SET value = 9223372036854775807 WHERE unit = 'soldiers';
         INSERT INTO figures (event_id, source_id, value, unit, measure, about_organisation_id)
         SELECT '2023-05-30-nato-sends-700-troops', source_id, value, unit, measure, 'kfor'
         FROM figures WHERE unit = 'soldiers';",
    )
    .unwrap();
    drop(conn);
    let csv = |by: &str, measure: &str| {
        env.ok(&[
            "aggregate",
            "figures",
            "--by",
            by,
            "--measure",
            measure,
            "--format",
            "csv",
        ])
    };
    assert_eq!(
        csv("event", "injured").lines().skip(1).collect::<Vec<_>>(),
        [
            "2023-05-attack-on-kfor,injured,people,,9007199254740993,9007199254740993,1,anews-2023-07-19-nato-chief-serbia",
            "2023-05-attack-on-kfor,injured,soldiers,kfor,9223372036854775807,9223372036854775807,1,anews-2023-07-19-nato-chief-serbia",
            "2023-05-30-nato-sends-700-troops,injured,people,,9007199254740993,9007199254740993,1,anews-2023-07-19-nato-chief-serbia",
            "2023-05-30-nato-sends-700-troops,injured,soldiers,kfor,9223372036854775807,9223372036854775807,1,anews-2023-07-19-nato-chief-serbia",
        ]
    );
    // Two events of May added up, every digit kept, in CSV and in JSON.
    assert_eq!(
        csv("month", "injured").lines().skip(1).collect::<Vec<_>>(),
        [
            "2023-05,injured,people,,18014398509481986,18014398509481986,2,anews-2023-07-19-nato-chief-serbia",
            "2023-05,injured,soldiers,kfor,18446744073709551614,18446744073709551614,2,anews-2023-07-19-nato-chief-serbia",
        ]
    );
    let json = env.ok(&[
        "aggregate",
        "figures",
        "--by",
        "month",
        "--measure",
        "injured",
        "--format",
        "json",
    ]);
    assert_contains!(json, "\"low\": 18446744073709551614");
    assert_contains!(json, "\"high\": 18014398509481986");
    // A third event past the 2^64 - 1 a total can reach: refused, not rounded.
    Connection::open(env.db())
        .unwrap()
        .execute(
            "INSERT INTO figures (event_id, source_id, value, unit, measure, about_organisation_id)
             SELECT '2023-nato-increases-presence', source_id, value, unit, measure, 'kfor'
             FROM figures WHERE unit = 'soldiers' LIMIT 1",
            [],
        )
        .unwrap();
    let err = env.fails(&[
        "aggregate",
        "figures",
        "--by",
        "organisation",
        "--measure",
        "injured",
    ]);
    assert_eq!(
        err,
        "error: the injured soldiers figures of kfor add up to more than the largest number \
         annals can hold (18,446,744,073,709,551,615 for whole numbers); no total is given\n"
    );
}

#[test]
fn new_refuses_a_title_that_would_not_load() {
    let env = Env::empty();
    let err = env.fails(&[
        "new",
        "--title",
        "Two\nlines",
        "--publisher",
        "P",
        "--published",
        "2023-07-20",
    ]);
    assert_contains!(
        err,
        "--title: holds an invisible or control character (U+000A) at character 4"
    );
    assert!(!env.path("seed").exists());
}

/// Text (never empty) with everything that breaks formats: controls, CR/LF, NUL, bidirectional overrides,
/// zero-width characters, quotes, separators, Mermaid's and iCalendar's own syntax.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\0".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\"'`,;:\\".to_string()),
        Just("%%{init}%%".to_string()),
        Just("title ".to_string()),
        Just("timeline".to_string()),
        Just("accDescr {".to_string()),
        Just(": ".to_string()),
        Just("#".to_string()),
        Just("END:VEVENT".to_string()),
        Just("=SUM(A1)".to_string()),
        Just("<script>".to_string()),
        Just("javascript:x".to_string()),
        "[a-zA-Zé ]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    // Never empty: the schema refuses an empty title, kind, unit, measure or publisher, which is
    // not what is tested here.
    prop::collection::vec(pieces, 1..6)
        .prop_map(|v| v.concat())
        .prop_filter("empty text", |s| !s.is_empty())
}

/// Every export of a database whose text fields hold `t`, checked against its format.
fn exports_stay_well_formed(texts: &[String]) {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let conn = Connection::open(env.db()).unwrap();
    let t = |i: usize| texts[i % texts.len()].as_str();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute(
        "UPDATE events SET title = ?1, kind = ?2, summary = ?3",
        [t(0), t(1), t(2)],
    )
    .unwrap();
    conn.execute("UPDATE places SET name = ?1", [t(3)]).unwrap();
    conn.execute("UPDATE people SET name = ?1", [t(4)]).unwrap();
    conn.execute("UPDATE organisations SET name = ?1", [t(5)])
        .unwrap();
    conn.execute(
        "UPDATE sources SET title = ?1, publisher = ?2, url = ?3",
        [t(6), t(7), t(8)],
    )
    .unwrap();
    conn.execute(
        "UPDATE figures SET unit = ?1, measure = ?2, text = ?3",
        [t(9), t(10), t(11)],
    )
    .unwrap();
    conn.execute("UPDATE quotes SET text = ?1", [t(12)])
        .unwrap();
    conn.execute("UPDATE event_sources SET date_text = ?1", [t(13)])
        .unwrap();
    conn.execute("UPDATE events SET date_human = ?1", [t(14)])
        .unwrap();
    drop(conn);
    let events = 12;

    // iCalendar: CRLF lines of at most 75 octets, one VEVENT per event, no control character.
    let ics = env.ok(&["export", "--format", "ics"]);
    assert_eq!(
        ics.matches("\r\nBEGIN:VEVENT\r\n").count(),
        events,
        "{ics:?}"
    );
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(
            line.starts_with(' ') || line.split_once(':').is_some(),
            "not a content line: {line:?}"
        );
    }
    // CSV: every record as wide as the header; no formula-leading cell.
    for args in [
        &["export", "--format", "csv"][..],
        &["timeline", "--format", "csv"][..],
    ] {
        let out = env.ok(args);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let width = reader.headers().unwrap().len();
        let mut rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            assert_eq!(record.len(), width);
            assert!(
                !record.iter().any(|c| c.starts_with(['=', '+', '-', '@'])),
                "{record:?}"
            );
            rows += 1;
        }
        assert_eq!(rows, events);
    }
    // JSON: every line of JSON Lines, and TimelineJS, parse; no link but a web one.
    let jsonl = env.ok(&["export", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), events);
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let tjs = env.ok(&["export", "--format", "timelinejs"]);
    let parsed: serde_json::Value = serde_json::from_str(&tjs).unwrap();
    assert_eq!(parsed["events"].as_array().unwrap().len(), events);
    assert!(!tjs.to_lowercase().contains("href=\\\"javascript"), "{tjs}");
    // Mermaid: every line a header, a section or an entry, without control characters, and
    // read by Mermaid's lexer as the title, sections, periods and one entry per event.
    let mermaid = env.ok(&["export", "--format", "mermaid"]);
    for (i, line) in mermaid.lines().enumerate() {
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(
            i < 2 || line.starts_with("    section ") || line.starts_with("        "),
            "{line:?}"
        );
    }
    crate::mermaid_grammar::assert_well_formed(&mermaid, events);
    // Tables: no control byte reaches the terminal.
    for args in [&["timeline"][..], &["sources"][..], &["people"][..]] {
        let out = env.ok(args);
        assert!(
            !out.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\t'),
            "{out:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_text_in_any_field_leaves_every_export_well_formed(
        texts in prop::collection::vec(hostile(), 15)
    ) {
        exports_stay_well_formed(&texts);
    }
}

/// An article text swapped, over and over while seeds run, between a regular file and a link to
/// a file outside the seed folder: the text is opened once, walking its path without following a
/// link out of the folder, so a seed stores the text or fails saying the link leads outside; the
/// outside file never reaches `sources.body`.
#[test]
fn a_text_swapped_for_a_link_outside_is_never_read() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let env = Env::empty();
    env.write("outside/secret.txt", "OUTSIDE SECRET\n");
    env.write("seed/article.txt", "Inside text.\n");
    let article = |n: usize| {
        format!(
            "[source]\nid = \"swapped\"\ntitle = \"Swapped {n}\"\npublisher = \"Test\"\n\
             published = \"2023-07-25\"\ntext = \"article.txt\"\n"
        )
    };
    env.write("seed/swapped.toml", article(0));
    env.ok(&["seed"]);
    let stop = Arc::new(AtomicBool::new(false));
    // The text and a link to the secret trade places, atomically, as fast as they can.
    std::os::unix::fs::symlink(env.path("outside/secret.txt"), env.path("seed/link")).unwrap();
    let swapper = {
        let stop = Arc::clone(&stop);
        let c = |p: std::path::PathBuf| {
            std::ffi::CString::new(p.into_os_string().into_encoded_bytes()).unwrap()
        };
        let (text, link) = (c(env.path("seed/article.txt")), c(env.path("seed/link")));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // SAFETY: two NUL-terminated paths that outlive the call.
                let rc = unsafe {
                    libc::renameat2(
                        libc::AT_FDCWD,
                        text.as_ptr(),
                        libc::AT_FDCWD,
                        link.as_ptr(),
                        libc::RENAME_EXCHANGE,
                    )
                };
                assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
            }
        })
    };
    let (mut stored, mut refused) = (0, 0);
    for n in 1..=300 {
        env.write("seed/swapped.toml", article(n));
        let out = env.output(&["seed"]);
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            let body: String = env
                .conn()
                .query_row("SELECT body FROM sources", [], |r| r.get(0))
                .unwrap();
            assert_eq!(body, "Inside text.\n", "run {n}");
            stored += 1;
        } else {
            assert!(
                err.contains(
                    "swapped.toml:6:8: `text` \"article.txt\" leads outside the seed folder"
                ) || err.contains("the file changed while it was being seeded"),
                "run {n}: {err}"
            );
            refused += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
    assert!(
        stored > 0 && refused > 0,
        "{stored} stored, {refused} refused"
    );
}

/// Links that stay inside the seed folder are followed, however they go (into a subfolder, back
/// up with `..`, absolute); one that climbs out is refused, naming where it leads.
#[test]
fn a_text_through_links_inside_the_folder_is_read() {
    use std::os::unix::fs::symlink;
    let env = Env::empty();
    env.write("seed/inner/real.txt", "Real text.\n");
    symlink("inner/real.txt", env.path("seed/alias.txt")).unwrap();
    symlink("../alias.txt", env.path("seed/inner/back.txt")).unwrap();
    symlink(env.path("seed/inner"), env.path("seed/absolute")).unwrap();
    symlink("../../outside.txt", env.path("seed/inner/out.txt")).unwrap();
    env.write("outside.txt", "Outside.\n");
    let article = |text: &str| {
        format!(
            "[source]\nid = \"linked\"\ntitle = \"Linked\"\npublisher = \"Test\"\n\
             published = \"2023-07-25\"\ntext = \"{text}\"\n"
        )
    };
    for text in ["inner/back.txt", "absolute/back.txt"] {
        env.write("seed/linked.toml", article(text));
        env.ok(&["seed"]);
        let body: String = env
            .conn()
            .query_row("SELECT body FROM sources", [], |r| r.get(0))
            .unwrap();
        assert_eq!(body, "Real text.\n", "{text}");
    }
    env.write("seed/linked.toml", article("inner/out.txt"));
    let err = env.fails(&["seed"]);
    let real = env.dir.path().canonicalize().unwrap();
    assert_contains!(
        err,
        &format!(
            "seed/linked.toml:6:8: `text` \"inner/out.txt\" leads outside the seed folder (to {}/seed/inner/../../outside.txt)",
            real.display()
        )
    );
}
