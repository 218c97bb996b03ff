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
    claimant_a: Option<String>,
    value_a: String,
    source_b: String,
    publisher_b: String,
    claimant_b: Option<String>,
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
    // 30 and "at least 25" can both be true: no conflict. Each side names who claims it.
    assert_eq!(
        (rows[0].claimant_a.as_deref(), rows[0].claimant_b.as_deref()),
        (Some("Jens Stoltenberg"), None)
    );
    assert_eq!(
        (rows[1].unit.as_deref(), rows[1].measure.as_deref()),
        (None, None)
    );
    assert_eq!(
        rows[1].event_title,
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
        "event_id,event_title,about,unit,measure,source_a,publisher_a,claimant_a,value_a,source_b,\
         publisher_b,claimant_b,value_b\n\
         2023-05-30-nato-sends-700-troops,NATO decides to send 700 more troops to KFOR,date,,,\
         anews-2023-07-19-nato-chief-serbia,A News,,2023-05-30,testdaily-2023-07-21-kfor-patrols,\
         Test Daily,,2023-05-31\n"
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

/// An article of `publisher` on `published` giving figures of injured soldiers for one clash:
/// (value, qualifier, claimant id or "").
fn claims_article(
    n: usize,
    publisher: &str,
    published: &str,
    figures: &[(u32, &str, &str)],
) -> String {
    let mut toml = format!(
        "[source]\nid = \"claims-{n}\"\ntitle = \"Claims {n}\"\npublisher = \"{publisher}\"\n\
         published = \"{published}\"\n\n[[events]]\nid = \"2023-07-clash\"\ndate = \"2023-07-03\"\n\
         kind = \"clash\"\ntitle = \"A clash at the bridge\"\n\n\
         [[organisations]]\nid = \"peace-force\"\nname = \"Peace Force\"\n"
    );
    for (value, qualifier, claimant) in figures {
        toml.push_str(&format!(
            "\n[[figures]]\nevent = \"2023-07-clash\"\nvalue = {value}\nqualifier = \"{qualifier}\"\n\
             unit = \"soldiers\"\nmeasure = \"injured\"\n"
        ));
        if !claimant.is_empty() {
            toml.push_str(&format!("claimed_by = \"{claimant}\"\n"));
        }
    }
    toml
}

#[test]
fn a_claimant_revising_its_count_is_a_revision_and_claims_that_can_both_be_true_agree() {
    let env = Env::empty();
    // The force says 25 on 4 July and 30 on 5 July; an outlet says at least 40.
    env.write(
        "seed/a.toml",
        claims_article(
            1,
            "Valley Wire",
            "2023-07-04",
            &[(25, "exact", "peace-force")],
        ),
    );
    env.write(
        "seed/b.toml",
        claims_article(
            2,
            "Hill Daily",
            "2023-07-05",
            &[(30, "exact", "peace-force")],
        ),
    );
    env.write(
        "seed/c.toml",
        claims_article(3, "River News", "2023-07-06", &[(40, "at_least", "")]),
    );
    env.ok(&["seed", "seed"]);
    // 30 revises 25: no conflict between them; "at least 40" and 30 cannot both be true.
    let rows: Vec<Conflict> = env.json(&["conflicts", "--format", "json"]);
    let side = |publisher: &str, claimant: &Option<String>, value: &str| {
        format!("{value} — {claimant:?} ({publisher})")
    };
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|c| {
            (
                side(&c.publisher_a, &c.claimant_a, &c.value_a),
                side(&c.publisher_b, &c.claimant_b, &c.value_b),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [(
            "30 soldiers injured — Some(\"Peace Force\") (Hill Daily)".to_string(),
            "at least 40 soldiers injured — None (River News)".to_string()
        )]
    );
    // The table names the claimant and the publisher of each side.
    let table = env.ok(&["conflicts", "--width", "200"]);
    assert!(
        table.contains("30 soldiers injured — Peace Force (Hill Daily)")
            && table.contains("at least 40 soldiers injured — River News"),
        "{table}"
    );
    // The timeline shows the revision as one, beside the other claim.
    let csv = env.ok(&["timeline", "--format", "csv"]);
    assert!(
        csv.contains(
            "soldiers injured — 25, then 30: Peace Force (Valley Wire, Hill Daily); \
             at least 40: River News"
        ),
        "{csv}"
    );
    // The view other tools read says which claim was revised, and in which article.
    let revised = env.ok(&[
        "sql",
        "SELECT value, revised_in FROM figure_claims ORDER BY value",
        "--format",
        "csv",
    ]);
    assert_eq!(revised, "value,revised_in\n25,claims-2\n30,\n40,\n");

    // At least 30 beside at least 40: both can be true. 25 beside at least 40 cannot.
    env.write(
        "seed/b.toml",
        claims_article(2, "Hill Daily", "2023-07-05", &[(30, "at_least", "")]),
    );
    env.write(
        "seed/a.toml",
        claims_article(1, "Valley Wire", "2023-07-04", &[(25, "exact", "")]),
    );
    env.ok(&["seed", "seed"]);
    let rows: Vec<Conflict> = env.json(&["conflicts", "--format", "json"]);
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|c| (c.value_a.as_str(), c.value_b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("25 soldiers injured", "at least 30 soldiers injured"),
            ("25 soldiers injured", "at least 40 soldiers injured")
        ]
    );
}
