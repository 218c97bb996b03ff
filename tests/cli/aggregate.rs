//! `annals aggregate events|figures`: fuzzy dates in time buckets, groups, and figures from
//! several sources that are never added together.

use serde::Deserialize;

use crate::util::Env;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    pub key: String,
    pub within: u64,
    pub possible: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub events: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Total {
    pub key: String,
    pub measure: String,
    pub unit: String,
    pub about: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub figures: u64,
    pub sources: Vec<String>,
}

const ANEWS: &str = "anews-2023-07-19-nato-chief-serbia";
const WIRE: &str = "fixture-wire-2023-07-21-kosovo-tensions";
const ATTACK: &str = "2023-05-attack-on-kfor";

fn buckets(env: &Env, args: &[&str]) -> Vec<Bucket> {
    let mut all = vec!["aggregate", "events", "--format", "json"];
    all.extend_from_slice(args);
    env.json(&all)
}

fn counts(rows: &[Bucket]) -> Vec<(&str, u64, u64)> {
    rows.iter()
        .map(|b| (b.key.as_str(), b.within, b.possible))
        .collect()
}

#[test]
fn months_of_2023_in_order_with_the_attack_within_may_and_protests_possible_later() {
    let env = Env::with_seed();
    let all = buckets(&env, &["--by", "month", "--from", "2023", "--to", "2023"]);
    let keys: Vec<&str> = all.iter().map(|b| b.key.as_str()).collect();
    let expected: Vec<String> = (1..=12).map(|m| format!("2023-{m:02}")).collect();
    assert_eq!(keys, expected, "every month of the year, in order");
    assert_table_and_json_snapshots!(
        env,
        "aggregate_events_month_2023",
        &[
            "aggregate",
            "events",
            "--by",
            "month",
            "--from",
            "2023",
            "--to",
            "2023"
        ]
    );

    let attack = buckets(
        &env,
        &[
            "--by", "month", "--from", "2023", "--to", "2023", "--kind", "attack",
        ],
    );
    for b in &attack {
        let expect = if b.key == "2023-05" { (1, 0) } else { (0, 0) };
        assert_eq!((b.within, b.possible), expect, "attack in {}", b.key);
    }

    let protests = buckets(
        &env,
        &[
            "--by", "month", "--from", "2023", "--to", "2023", "--kind", "protest",
        ],
    );
    for b in &protests {
        // Since late May, ongoing: possible from May on, within no month, never in earlier months.
        let possible = u64::from(b.key.as_str() >= "2023-05");
        assert_eq!(
            (b.within, b.possible),
            (0, possible),
            "protests in {}",
            b.key
        );
    }
    assert!(counts(&protests).contains(&("2023-06", 0, 1)));
    assert!(counts(&protests).contains(&("2023-07", 0, 1)));
}

#[test]
fn a_year_precision_event_is_possible_in_every_month_not_put_in_january() {
    let env = Env::with_seed();
    let rows = buckets(
        &env,
        &[
            "--by",
            "month",
            "--from",
            "2008",
            "--to",
            "2008",
            "--kind",
            "declaration",
        ],
    );
    assert_eq!(rows.len(), 12);
    assert!(
        rows.iter().all(|b| b.within == 0 && b.possible == 1),
        "{rows:?}"
    );
    let years = buckets(
        &env,
        &[
            "--by",
            "year",
            "--from",
            "2008",
            "--to",
            "2008",
            "--kind",
            "declaration",
        ],
    );
    assert_eq!(counts(&years), [("2008", 1, 0)]);
}

#[test]
fn empty_buckets_inside_the_range_are_zeros_and_range_defaults_to_the_events() {
    let env = Env::with_seed();
    let rows = buckets(
        &env,
        &["--by", "month", "--kind", "meeting", "--person", "Vučić"],
    );
    assert_eq!(counts(&rows), [("2023-07", 1, 0)]);
    let years = buckets(&env, &["--by", "year"]);
    let keys: Vec<&str> = years.iter().map(|b| b.key.as_str()).collect();
    let expected: Vec<String> = (2008..=2023).map(|y| y.to_string()).collect();
    assert_eq!(keys, expected);
    // 2015: only the ongoing position (since 2008) may fall in it.
    assert!(counts(&years).contains(&("2015", 0, 1)));
    assert!(counts(&years).contains(&("2008", 2, 1)));
    let none = env.ok(&[
        "aggregate",
        "events",
        "--by",
        "month",
        "--text",
        "coronation",
        "--format",
        "json",
    ]);
    assert_eq!(none.trim(), "[]");
}

#[test]
fn groups_by_kind_person_organisation_and_place() {
    let env = Env::with_fixture();
    let groups = |by: &str| -> Vec<Group> {
        env.json(&["aggregate", "events", "--by", by, "--format", "json"])
    };
    let people = groups("person");
    assert_eq!(
        people[0],
        Group {
            key: "aleksandar-vucic".into(),
            name: "Aleksandar Vucic".into(),
            events: 3,
            first: Some("2023-07-19".into()),
            last: Some("2023-07-20".into()),
        }
    );
    let orgs = groups("organisation");
    let serbia = orgs.iter().find(|g| g.key == "serbia").unwrap();
    // Serbia's position has held since 2008 and is ongoing: no last day.
    assert_eq!(
        (
            serbia.events,
            serbia.first.as_deref(),
            serbia.last.as_deref()
        ),
        (2, Some("2008-01-01"), None)
    );
    let places = groups("place");
    assert_eq!(places[0].key, "northern-kosovo");
    assert_eq!(places[0].events, 4);
    assert!(
        places.iter().all(|p| p.key != "zvecan"),
        "a place without events is no group"
    );
    let kinds = groups("kind");
    let decision = kinds.iter().find(|g| g.key == "decision").unwrap();
    assert_eq!((decision.events, decision.name.as_str()), (2, "decision"));
    insta::assert_snapshot!(
        "aggregate_events_person_fixture_table",
        env.ok(&["aggregate", "events", "--by", "person"])
    );
    insta::assert_snapshot!(
        "aggregate_events_organisation_fixture_json",
        env.ok(&[
            "aggregate",
            "events",
            "--by",
            "organisation",
            "--format",
            "json"
        ])
    );
    // Filters apply, names resolve.
    let kfor: Vec<Group> = env.json(&[
        "aggregate",
        "events",
        "--by",
        "kind",
        "--org",
        "KFOR",
        "--format",
        "json",
    ]);
    let keys: Vec<&str> = kfor.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["attack", "decision"]);
}

fn totals(env: &Env, args: &[&str]) -> Vec<Total> {
    let mut all = vec!["aggregate", "figures", "--format", "json"];
    all.extend_from_slice(args);
    env.json(&all)
}

/// `aggregate figures --measure injured --by event`.
const INJURED_BY_EVENT: &[&str] = &[
    "aggregate",
    "figures",
    "--measure",
    "injured",
    "--by",
    "event",
];

#[test]
fn injured_by_event_on_the_founding_seed_reports_93_and_30_never_123() {
    let env = Env::with_seed();
    let rows = totals(&env, &["--measure", "injured", "--by", "event"]);
    assert_eq!(
        rows,
        [
            Total {
                key: ATTACK.into(),
                measure: "injured".into(),
                unit: "people".into(),
                about: None,
                low: Some(93.0),
                high: Some(93.0),
                figures: 1,
                sources: vec![ANEWS.into()],
            },
            Total {
                key: ATTACK.into(),
                measure: "injured".into(),
                unit: "soldiers".into(),
                about: Some("kfor".into()),
                low: Some(30.0),
                high: Some(30.0),
                figures: 1,
                sources: vec![ANEWS.into()],
            },
        ]
    );
    let out = env.ok(&[INJURED_BY_EVENT, &["--format", "json"]].concat());
    assert!(!out.contains("123"), "93 and 30 were added: {out}");
    assert_table_and_json_snapshots!(env, "aggregate_figures_injured_founding", INJURED_BY_EVENT);
}

#[test]
fn two_sources_for_one_event_give_the_lowest_low_and_highest_high() {
    let env = Env::with_fixture();
    let rows = totals(&env, &["--measure", "injured", "--by", "event"]);
    let people = rows.iter().find(|r| r.unit == "people").unwrap();
    // 93 (Stoltenberg, A News) and 52–80 (a hospital, Fixture Wire): not 93 + 52.
    assert_eq!(
        (people.low, people.high, people.figures),
        (Some(52.0), Some(93.0), 2)
    );
    assert_eq!(people.sources, [ANEWS, WIRE]);
    let soldiers = rows.iter().find(|r| r.unit == "soldiers").unwrap();
    // 30 and "at least 25": the low is 25, the high is open.
    assert_eq!(
        (soldiers.low, soldiers.high, soldiers.figures),
        (Some(25.0), None, 2)
    );
    assert_table_and_json_snapshots!(env, "aggregate_figures_injured_fixture", INJURED_BY_EVENT);
}

#[test]
fn qualifiers_at_least_and_approximately() {
    let env = Env::with_seed();
    let shot = totals(&env, &["--measure", "shot", "--by", "claimed-by"]);
    assert_eq!(
        shot.iter()
            .map(|r| (r.key.as_str(), r.low, r.high))
            .collect::<Vec<_>>(),
        [("aleksandar-vucic", Some(6.0), None)]
    );
    let added = totals(&env, &["--measure", "added", "--by", "event"]);
    assert_eq!((added[0].low, added[0].high), (Some(500.0), Some(500.0)));
    // The unit filter folds case; the article itself is the claimant of what it states.
    let by_claimant = totals(&env, &["--unit", "SOLDIERS", "--by", "claimed-by"]);
    assert_eq!(by_claimant.len(), 1);
    assert_eq!(by_claimant[0].key, ANEWS);
}

#[test]
fn different_events_in_one_bucket_are_added_and_spans_keep_their_own_key() {
    let env = Env::with_seed();
    env.write(
        "seed/2023-07-30-two-clashes.toml",
        r#"
[source]
id = "two-clashes"
title = "Two clashes"
publisher = "Test"
published = "2023-07-30"

[[events]]
id = "2023-06-02-clash-one"
date = "2023-06-02"
kind = "clash"
title = "First clash"
participants = [{ id = "kfor" }]

[[events]]
id = "2023-06-20-clash-two"
date = "2023-06-20"
kind = "clash"
title = "Second clash"

[[figures]]
event = "2023-06-02-clash-one"
value = 4
unit = "people"
measure = "injured"
about = "kfor"

[[figures]]
event = "2023-06-02-clash-one"
value = 6
unit = "people"
measure = "injured"

[[figures]]
event = "2023-06-20-clash-two"
value = 10
qualifier = "at_most"
unit = "people"
measure = "injured"
"#,
    );
    let months = totals(
        &env,
        &["--measure", "injured", "--unit", "people", "--by", "month"],
    );
    let june: Vec<_> = months
        .iter()
        .filter(|r| r.key == "2023-06")
        .map(|r| (r.about.as_deref(), r.low, r.high, r.figures))
        .collect();
    // Clash one: 6 people, and 4 of KFOR (another subject, another row); clash two: at most 10
    // (0 to 10). Added: 6..16 people, and 4 of KFOR.
    assert_eq!(
        june,
        [
            (None, Some(6.0), Some(16.0), 2),
            (Some("kfor"), Some(4.0), Some(4.0), 1)
        ]
    );
    assert!(months.iter().any(|r| r.key == "2023-05"));
    let shot = totals(&env, &["--measure", "shot", "--by", "month"]);
    assert_eq!(
        shot[0].key, "2023-01/2023-07",
        "an interval is not put in its first month"
    );
    let years = totals(
        &env,
        &["--measure", "injured", "--unit", "people", "--by", "year"],
    );
    assert_eq!(
        years
            .iter()
            .map(|r| (r.key.as_str(), r.about.as_deref(), r.low, r.high))
            .collect::<Vec<_>>(),
        [
            ("2023", None, Some(99.0), Some(109.0)),
            ("2023", Some("kfor"), Some(4.0), Some(4.0))
        ]
    );
    let orgs = totals(&env, &["--measure", "injured", "--by", "organisation"]);
    let kfor: Vec<(&str, Option<f64>)> = orgs
        .iter()
        .filter(|r| r.key == "kfor")
        .map(|r| (r.unit.as_str(), r.low))
        .collect();
    assert_eq!(kfor, [("people", Some(4.0)), ("soldiers", Some(30.0))]);
}

#[test]
fn every_format_of_aggregates() {
    let env = Env::with_seed();
    let csv = env.ok(&[
        "aggregate",
        "figures",
        "--by",
        "event",
        "--format",
        "csv",
        "--measure",
        "shot",
    ]);
    assert_eq!(
        csv,
        "key,measure,unit,about,low,high,figures,sources\n2023-01-19-serbs-shot-in-kosovo,shot,Serbs,kosovo-serbs,6,,1,anews-2023-07-19-nato-chief-serbia\n"
    );
    let jsonl = env.ok(&[
        "aggregate",
        "events",
        "--by",
        "year",
        "--from",
        "2022",
        "--to",
        "2023",
        "--format",
        "jsonl",
    ]);
    let lines: Vec<Bucket> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(counts(&lines), [("2022", 0, 1), ("2023", 8, 2)]);
}

/// An invented article: a dispute ongoing since 2008 beside two events of 2024.
const DISPUTE: &str = r#"[source]
title = "The valley's water, sixteen years on"
publisher = "Valley Courier"
published = "2024-05-20"

[[events]]
id = "2008-valley-water-dispute"
date = "2008/.."
date_text = "since 2008"
kind = "dispute"
title = "Eastbrook and Westbrook dispute the valley's water"

[[events]]
id = "2024-03-02-eastbrook-farmers"
date = "2024-03-02"
kind = "protest"
title = "Farmers gather at Eastbrook town hall"

[[events]]
id = "2024-05-10-water-talks"
date = "2024-05-10"
kind = "meeting"
title = "The two towns meet about the water"
"#;

#[test]
fn month_buckets_cover_the_months_events_certainly_fall_in_unless_every_possible_one_is_asked() {
    let env = Env::empty();
    env.write("seed/2024-05-20-valley-water.toml", DISPUTE);
    env.ok(&["seed"]);
    // The span since 2008 adds no month of its own: it is possible in each month shown.
    let months = buckets(&env, &["--by", "month"]);
    assert_eq!(
        counts(&months),
        [("2024-03", 1, 1), ("2024-04", 0, 1), ("2024-05", 1, 1)]
    );
    let years = buckets(&env, &["--by", "year"]);
    assert_eq!(counts(&years), [("2024", 2, 1)]);
    // --all-possible: every month from its first known day, January 2008, to the last.
    let every = buckets(&env, &["--by", "month", "--all-possible"]);
    assert_eq!(every.len(), 17 * 12 - 7);
    assert_eq!(counts(&every[..1]), [("2008-01", 0, 1)]);
    assert_eq!(counts(&every[every.len() - 1..]), [("2024-05", 1, 1)]);
    let years = buckets(&env, &["--by", "year", "--all-possible"]);
    assert_eq!(years.len(), 17);
    // --from and --to still set the range.
    let spring = buckets(
        &env,
        &["--by", "month", "--from", "2024-02", "--to", "2024-03"],
    );
    assert_eq!(counts(&spring), [("2024-02", 0, 1), ("2024-03", 1, 1)]);
    // With no event certainly in one month, the range is every known day's, as before.
    let alone = buckets(&env, &["--by", "month", "--kind", "dispute"]);
    assert_eq!(counts(&alone), [("2008-01", 0, 1)]);
}
