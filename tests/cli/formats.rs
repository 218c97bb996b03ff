//! Every listing command in every format, from one implementation, and a closed pipe.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::util::Env;

/// Every listing command, with arguments that give rows on the founding seed.
const LISTINGS: &[&[&str]] = &[
    &["timeline"],
    &["aggregate", "events", "--by", "month"],
    &["aggregate", "events", "--by", "kind"],
    &["aggregate", "figures", "--by", "event"],
    &["people"],
    &["organisations"],
    &["places"],
    &["sources"],
    &["search", "NATO"],
    &["sql", "SELECT id, kind FROM events"],
];

#[test]
fn every_listing_command_in_every_format() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    for args in LISTINGS {
        let with = |format: &str| {
            let mut a = args.to_vec();
            a.extend(["--format", format]);
            env.ok(&a)
        };
        let json: Vec<serde_json::Value> = serde_json::from_str(&with("json")).unwrap();
        assert!(!json.is_empty(), "{args:?}");
        assert!(json.iter().all(|r| r.is_object()), "{args:?}");
        let jsonl = with("jsonl");
        let lines: Vec<serde_json::Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines, json, "{args:?}: jsonl and json differ");
        let csv = with("csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert!(!reader.headers().unwrap().is_empty(), "{args:?}");
        assert_eq!(reader.records().count(), json.len(), "{args:?}");
        // Each CSV column is the JSON field of its name; a scalar is written as itself.
        let raw = with("csv-raw");
        let mut reader = csv::Reader::from_reader(raw.as_bytes());
        let headers = reader.headers().unwrap().clone();
        for (record, row) in reader.records().zip(&json) {
            let record = record.unwrap();
            for (header, cell) in headers.iter().zip(&record) {
                let value = row.get(header);
                assert!(
                    value.is_some(),
                    "{args:?}: CSV column {header} is not in the JSON"
                );
                let text = match value.unwrap() {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => {
                        v.to_string()
                    }
                    _ => continue,
                };
                assert_eq!(cell, text, "{args:?}: column {header}");
            }
        }
        let table = with("table");
        assert_eq!(env.ok(args), table, "{args:?}: table is the default");
        assert!(
            table.lines().all(|l| l.chars().count() <= 80),
            "{args:?}:\n{table}"
        );
    }
}

#[test]
fn empty_results_are_an_empty_array_a_header_or_no_rows() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let args = ["search", "zeppelin"];
    assert_eq!(env.ok(&[&args[..], &["--format", "json"]].concat()), "[]\n");
    assert_eq!(env.ok(&[&args[..], &["--format", "jsonl"]].concat()), "");
    assert_eq!(
        env.ok(&[&args[..], &["--format", "csv"]].concat()),
        "kind,id,event,title,who,snippet,source\n"
    );
    assert_eq!(env.ok(&args), "(no rows)\n");
}

/// A seed file with `n` events, so output is far larger than a pipe's buffer.
fn many_events(n: usize) -> String {
    let mut s = String::from(
        "[source]\nid = \"many\"\ntitle = \"Many\"\npublisher = \"Test\"\npublished = \"2023-12-31\"\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[[events]]\nid = \"event-{i}\"\ndate = \"2023-{:02}-{:02}\"\nkind = \"test\"\n\
             title = \"Event number {i} with a title long enough to fill the pipe quickly\"\n\
             summary = \"A summary that makes every row of output a little longer than it was.\"\n",
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    s
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let env = Env::empty();
    env.write("big/many.toml", many_events(3000));
    env.ok(&["seed", "big"]);
    for args in [
        &["timeline", "--format", "jsonl"][..],
        &["timeline", "--format", "json"],
        &["timeline", "--format", "csv"],
        &["timeline"],
        &["sql", "SELECT * FROM events", "--format", "jsonl"],
        &["search", "event", "--limit", "5000", "--format", "csv"],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("annals"))
            .args(args)
            .current_dir(env.dir.path())
            .env_remove("ANNALS_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{args:?}");
        drop(reader); // like `head -1`: the reader goes away with most of the output unread
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Output to a device that takes nothing fails with a message naming standard output.
#[test]
#[cfg(target_os = "linux")]
fn a_full_output_device_fails_clearly() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let env = Env::with_seed();
    let out = Command::new(assert_cmd::cargo::cargo_bin("annals"))
        .args(["timeline", "--format", "jsonl"])
        .current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|c| c.wait_with_output())
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_contains!(
        stderr,
        "writing to standard output: No space left on device"
    );
}
