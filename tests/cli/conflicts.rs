//! `annals conflicts`: reports that disagree, in every format, with the timeline's filters.

use serde::Deserialize;

use crate::util::{fixtures, Env};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Conflict {
    event_id: String,
    event_title: String,
    about: String,
    unit: Option<String>,
    measure: Option<String>,
    source_a: String,
    publisher_a: String,
    value_a: String,
    source_b: String,
    publisher_b: String,
    value_b: String,
}

/// The founding article, the wire article and a later report that dates the decision a day
/// later.
fn env() -> Env {
    let env = Env::with_fixture();
    std::fs::copy(
        fixtures().join("report-2023-07-21-test-daily-kfor-patrols.toml"),
        env.path("seed/report-2023-07-21-test-daily-kfor-patrols.toml"),
    )
    .unwrap();
    env.ok(&["seed"]);
    env
}

#[test]
fn conflicts_lists_each_disagreeing_pair_in_every_format() {
    let env = env();
    let rows: Vec<Conflict> = env.json(&["conflicts", "--format", "json"]);
    let got: Vec<(&str, &str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|c| {
            (
                c.event_id.as_str(),
                c.about.as_str(),
                c.publisher_a.as_str(),
                c.value_a.as_str(),
                c.publisher_b.as_str(),
                c.value_b.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2023-05-attack-on-kfor",
                "figure",
                "A News",
                "93 people injured",
                "Fixture Wire",
                "52–80 people injured"
            ),
            (
                "2023-05-attack-on-kfor",
                "figure",
                "A News",
                "30 soldiers injured",
                "Fixture Wire",
                "at least 25 soldiers injured"
            ),
            (
                "2023-05-30-nato-sends-700-troops",
                "date",
                "A News",
                "2023-05-30",
                "Test Daily",
                "2023-05-31"
            ),
        ]
    );
    assert_eq!(rows[0].source_a, "anews-2023-07-19-nato-chief-serbia");
    assert_eq!(rows[0].source_b, "fixture-wire-2023-07-21-kosovo-tensions");
    assert_eq!(
        (rows[0].unit.as_deref(), rows[0].measure.as_deref()),
        (Some("people"), Some("injured"))
    );
    assert_eq!(
        (rows[2].unit.as_deref(), rows[2].measure.as_deref()),
        (None, None)
    );
    assert_eq!(
        rows[2].event_title,
        "NATO decides to send 700 more troops to KFOR"
    );

    // JSON Lines: the same objects, one a line.
    let jsonl = env.ok(&["conflicts", "--format", "jsonl"]);
    let lines: Vec<Conflict> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, rows);

    // CSV: a header, a row each.
    let csv = env.ok(&["conflicts", "--format", "csv", "--kind", "decision"]);
    assert_eq!(
        csv,
        "event_id,event_title,about,unit,measure,source_a,publisher_a,value_a,source_b,publisher_b,value_b\n\
         2023-05-30-nato-sends-700-troops,NATO decides to send 700 more troops to KFOR,date,,,\
         anews-2023-07-19-nato-chief-serbia,A News,2023-05-30,testdaily-2023-07-21-kfor-patrols,\
         Test Daily,2023-05-31\n"
    );

    // The table: what each report says, with its publisher.
    let table = env.ok(&["conflicts", "--kind", "decision"]);
    let lines: Vec<&str> = table.lines().map(str::trim_end).collect();
    assert_eq!(
        lines,
        [
            "────────────────────────────────────────────────────────────────────────────────",
            " event                        about   one report            another report",
            "════════════════════════════════════════════════════════════════════════════════",
            " NATO decides to send 700     date    2023-05-30 — A News   2023-05-31 — Test",
            " more troops to KFOR                                        Daily",
            "────────────────────────────────────────────────────────────────────────────────",
        ]
    );

    // Filters: certainly from 30 May on (the disputed decision spans 30 and 31 May; the attack
    // was some day in May); no conflict at all.
    let may30: Vec<Conflict> = env.json(&[
        "conflicts",
        "--from",
        "2023-05-30",
        "--within",
        "--format",
        "json",
    ]);
    assert_eq!(may30.len(), 1);
    assert_eq!(
        env.ok(&["conflicts", "--kind", "meeting", "--format", "json"]),
        "[]\n"
    );
    assert_eq!(env.ok(&["conflicts", "--kind", "meeting"]), "(no rows)\n");
    let err = env.fails(&["conflicts", "--kind", "atack"]);
    assert!(
        err.contains("--kind") && err.contains("did you mean \"attack\""),
        "{err}"
    );
}
