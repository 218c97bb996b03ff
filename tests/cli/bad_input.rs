//! Bad input, as a table: each case runs the real binary on a database holding the founding
//! article and must fail with a message naming the file and place, exit non-zero, not panic, and
//! leave the database exactly as it was (the same dump, and for runs that must not write at all,
//! the same file bytes and no new files beside it).

use std::path::{Path, PathBuf};

use crate::util::{dump_file, Env};

/// A valid article that refers to ids the founding article defines.
const GOOD: &str = r#"[source]
title = "A later report"
publisher = "Test Wire"
published = "2023-07-20"
text = "case.txt"

[[people]]
id = "jane-doe"
name = "Jane Doe"

[[events]]
id = "2023-07-20-case-event"
date = "2023-07-20"
kind = "statement"
title = "Jane Doe speaks"
participants = [{ id = "jane-doe" }, { id = "nato" }]

[[figures]]
event = "2023-07-20-case-event"
value = 5
unit = "people"
measure = "present"

[[quotes]]
speaker = "jane-doe"
text = "We are here."
"#;

const CASE_FILE: &str = "in/2023-07-20-case.toml";

/// GOOD with `from` replaced by `to` (which must change it).
fn good_with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from:?} is not in GOOD");
    GOOD.replacen(from, to, 1)
}

/// An env with the founding article loaded, the article text for GOOD beside the case file, and a
/// file outside the seed folder.
fn env() -> Env {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env.write("in/case.txt", "Jane said: We are here.");
    env.write("outside.txt", "We are here.");
    env
}

enum Content {
    Text(String),
    Bytes(Vec<u8>),
    /// No case file; the setup writes what it needs.
    None,
}

struct Case {
    name: &'static str,
    content: Content,
    /// Extra setup after the case file is written.
    setup: fn(&Env),
    /// Arguments; `{db}` is replaced by the env's database path.
    args: &'static [&'static str],
    /// Every one of these must appear in stderr.
    expect: &'static [&'static str],
    /// Exit code: 1 for errors annals reports, 2 for command-line usage errors.
    code: i32,
    /// The database (or file named by --db) that must be left as it was, relative to the env.
    target: &'static str,
}

fn no_setup(_: &Env) {}

const SEED_CASE: &[&str] = &["seed", "in"];

fn cases() -> Vec<Case> {
    let seed = |name, content: String, expect| Case {
        name,
        content: Content::Text(content),
        setup: no_setup,
        args: SEED_CASE,
        expect,
        code: 1,
        target: "annals.db",
    };
    // `--db` names a text file: every command says so, and leaves the file as it was.
    let not_a_database = |name, args| Case {
        name,
        content: Content::None,
        setup: |env| {
            env.write(
                "notes.txt",
                "these are my notes, not a database\n".repeat(200),
            );
        },
        args,
        expect: &["notes.txt is not an SQLite database"],
        code: 1,
        target: "notes.txt",
    };
    vec![
        seed(
            "empty file",
            String::new(),
            &["2023-07-20-case.toml: the file is empty: a seed file needs a [source] table"],
        ),
        Case {
            name: "not UTF-8",
            content: Content::Bytes(
                GOOD.replacen("Jane Doe", "Jane \u{ff}Doe", 1)
                    .replace('\u{ff}', "\u{1}")
                    .bytes()
                    .map(|b| if b == 1 { 0xff } else { b })
                    .collect(),
            ),
            setup: no_setup,
            args: SEED_CASE,
            expect: &["2023-07-20-case.toml:9:14: not UTF-8 text (invalid byte at offset 142)"],
            code: 1,
            target: "annals.db",
        },
        seed(
            "malformed TOML",
            good_with("title = \"A later report\"", "title = \"A later report"),
            &["2023-07-20-case.toml:2:", "string"],
        ),
        seed(
            "missing required field",
            good_with("publisher = \"Test Wire\"\n", ""),
            &["2023-07-20-case.toml:1:1: missing field `publisher`"],
        ),
        seed(
            "unknown key (a typo)",
            good_with("participants =", "partcipants ="),
            &["2023-07-20-case.toml:16:1: unknown field `partcipants`"],
        ),
        seed(
            "id that is not a slug",
            good_with("id = \"jane-doe\"", "id = \"Jane Doe\""),
            &["2023-07-20-case.toml:8:6: person id \"Jane Doe\" is not a slug"],
        ),
        seed(
            "the same id twice in one file",
            format!("{GOOD}\n[[people]]\nid = \"jane-doe\"\nname = \"Jane Roe\"\n"),
            &["2023-07-20-case.toml:29:6: id \"jane-doe\" is defined twice in this file"],
        ),
        seed(
            "an organisation that is its own parent",
            format!("{GOOD}\n[[organisations]]\nid = \"loop-org\"\nname = \"Loop\"\nparent = \"loop-org\"\n"),
            &["2023-07-20-case.toml:31:10: an organisation cannot be its own parent"],
        ),
        seed(
            "a place within itself",
            format!("{GOOD}\n[[places]]\nid = \"loop-town\"\nname = \"Loop Town\"\nwithin = \"loop-town\"\n"),
            &["2023-07-20-case.toml:31:10: a place cannot lie within itself"],
        ),
        seed(
            "reference to an id defined nowhere",
            good_with("{ id = \"nato\" }", "{ id = \"natoo\" }"),
            &["2023-07-20-case.toml:16:45: unknown person or organisation id \"natoo\" in `participants` (did you mean \"nato\"?)"],
        ),
        seed(
            "impossible date",
            good_with("date = \"2023-07-20\"", "date = \"2023-02-30\""),
            &["2023-07-20-case.toml:13:8: `date`: invalid date \"2023-02-30\""],
        ),
        seed(
            "interval ending before it starts",
            good_with("date = \"2023-07-20\"", "date = \"2023-07-19/2023-05\""),
            &["2023-07-20-case.toml:13:8: `date`: invalid date \"2023-07-19/2023-05\""],
        ),
        seed(
            "figure with low > high",
            good_with("value = 5", "low = 9\nhigh = 2"),
            &["2023-07-20-case.toml:20:7: a figure's `low` must not be greater than its `high`"],
        ),
        seed(
            "figure that is not a number",
            good_with("value = 5", "value = \"five\""),
            &["2023-07-20-case.toml:20:9:", "\"five\""],
        ),
        seed(
            "a figure text with a control character",
            good_with("measure = \"present\"", "measure = \"present\"\ntext = \"five\\u0000\""),
            &["2023-07-20-case.toml:23:8: `figure text` holds an invisible or control character (U+0000) at character 5; remove it"],
        ),
        seed(
            "unknown qualifier",
            good_with("value = 5", "value = 5\nqualifier = \"roughly\""),
            &["2023-07-20-case.toml:21:13: unknown variant `roughly`"],
        ),
        seed(
            "text path with ../",
            good_with("text = \"case.txt\"", "text = \"../outside.txt\""),
            &["2023-07-20-case.toml:5:8: `text` must be a file name inside the seed folder, not \"../outside.txt\""],
        ),
        seed(
            "absolute text path",
            good_with("text = \"case.txt\"", "text = \"/etc/hostname\""),
            &["2023-07-20-case.toml:5:8: `text` must be a file name inside the seed folder, not \"/etc/hostname\""],
        ),
        Case {
            name: "text through a symlink pointing outside",
            content: Content::Text(good_with("text = \"case.txt\"", "text = \"link.txt\"")),
            setup: |env| symlink(&env.path("outside.txt"), &env.path("in/link.txt")),
            args: SEED_CASE,
            expect: &["2023-07-20-case.toml:5:8: `text` \"link.txt\" leads outside the seed folder"],
            code: 1,
            target: "annals.db",
        },
        Case {
            name: "a 50 MB seed file",
            content: Content::None,
            setup: |env| {
                let f = std::fs::File::create(env.path("in/2023-07-20-big.toml")).unwrap();
                f.set_len(50 * 1024 * 1024).unwrap();
            },
            args: SEED_CASE,
            expect: &["2023-07-20-big.toml: cannot read: the file is 50 MB; files over 16 MB are refused"],
            code: 1,
            target: "annals.db",
        },
        Case {
            name: "a folder with one bad file among good ones",
            content: Content::Text(good_with("{ id = \"nato\" }", "{ id = \"natoo\" }")),
            setup: |env| {
                env.write("in/2023-07-19-a-good.toml", GOOD.replace("jane-doe", "john-doe").replace("case-event", "good-event"));
                env.write("in/2023-07-21-z-good.toml", "[source]\ntitle = \"Z\"\npublisher = \"Test\"\npublished = \"2023-07-21\"\n\n[[places]]\nid = \"pristina\"\nname = \"Pristina\"\n");
            },
            args: SEED_CASE,
            expect: &["2023-07-20-case.toml:16:45: unknown person or organisation id \"natoo\"", "1 error in seed files; nothing was written"],
            code: 1,
            target: "annals.db",
        },
        Case {
            name: "a seed path that does not exist",
            content: Content::None,
            setup: no_setup,
            args: &["seed", "nowhere"],
            expect: &["nowhere: no such file or folder"],
            code: 1,
            target: "annals.db",
        },
        not_a_database("--db names a file that is not a database", &["--db", "notes.txt", "timeline"]),
        not_a_database("--db names a file that is not a database (seed)", &["--db", "notes.txt", "seed"]),
        not_a_database("--db names a file that is not a database (check)", &["--db", "notes.txt", "check", "seed"]),
        not_a_database("--db names a file that is not a database (sql)", &["--db", "notes.txt", "sql", "SELECT 1"]),
        Case {
            name: "--db in a folder that does not exist",
            content: Content::None,
            setup: no_setup,
            args: &["--db", "missing/annals.db", "seed"],
            expect: &["cannot create missing/annals.db: the folder missing does not exist"],
            code: 1,
            target: "missing/annals.db",
        },
        Case {
            name: "--db in a folder that does not exist (query)",
            content: Content::None,
            setup: no_setup,
            args: &["--db", "missing/annals.db", "timeline"],
            expect: &["cannot create missing/annals.db: the folder missing does not exist"],
            code: 1,
            target: "missing/annals.db",
        },
        Case {
            name: "--from later than --to",
            content: Content::None,
            setup: no_setup,
            args: &["timeline", "--from", "2023-06", "--to", "2023-05"],
            expect: &["--from 2023-06 is later than --to 2023-05"],
            code: 1,
            target: "annals.db",
        },
        Case {
            name: "--from that is not a date",
            content: Content::None,
            setup: no_setup,
            args: &["timeline", "--from", "2023-13"],
            expect: &["--from", "2023-13"],
            code: 1,
            target: "annals.db",
        },
        Case {
            name: "unknown --format",
            content: Content::None,
            setup: no_setup,
            args: &["timeline", "--format", "xml"],
            expect: &["invalid value 'xml' for '--format <FORMAT>'", "table, json, jsonl, csv"],
            code: 2,
            target: "annals.db",
        },
    ]
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn the_good_article_loads() {
    // The cases below change one thing each in GOOD; GOOD itself must be accepted.
    let env = env();
    env.write(CASE_FILE, GOOD);
    let out = env.ok(&["seed", "in"]);
    assert_contains!(out, "1 added");
    assert_eq!(env.count("sources"), 2);
}

#[test]
fn bad_input_fails_clearly_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in cases() {
        let env = env();
        match &case.content {
            Content::Text(t) => {
                env.write(CASE_FILE, t);
            }
            Content::Bytes(b) => {
                env.write(CASE_FILE, b);
            }
            Content::None => {}
        }
        (case.setup)(&env);
        let target: PathBuf = env.path(case.target);
        let dump = dump_file(&target.with_file_name("annals.db"));
        let before = env.file_state(&target);

        let out = env.output(case.args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let mut problems = Vec::new();
        if out.status.code() != Some(case.code) {
            problems.push(format!(
                "exit {:?}, expected {}",
                out.status.code(),
                case.code
            ));
        }
        if stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if !out.stdout.is_empty() {
            problems.push(format!("stdout: {}", String::from_utf8_lossy(&out.stdout)));
        }
        for e in case.expect {
            if !stderr.contains(e) {
                problems.push(format!("no {e:?} in the message"));
            }
        }
        if dump_file(&target.with_file_name("annals.db")) != dump {
            problems.push("the database's content changed".into());
        }
        if env.file_state(&target) != before {
            problems.push("the file or its folder changed".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{stderr}", case.name, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The 50 MB file is refused unread: the run succeeds in reporting it with 40 MB of address space.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_seed_file_is_refused_in_bounded_memory() {
    let env = env();
    let f = std::fs::File::create(env.path("in/2023-07-20-big.toml")).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let dump = env.dump();
    let bin = assert_cmd::cargo::cargo_bin("annals");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 40960 && exec \"$0\" seed in")
        .arg(&bin)
        .current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "2023-07-20-big.toml: cannot read: the file is 50 MB; files over 16 MB are refused"
        ),
        "{stderr}"
    );
    assert_eq!(env.dump(), dump);
}
