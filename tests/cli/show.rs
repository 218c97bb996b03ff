//! `annals show`: one event, person, organisation, place or source in full, found by id, name or
//! alias.

use serde::Deserialize;

use crate::timeline::{Figure, Named, Participant};
use crate::util::Env;

/// `show --format json`: tagged by `kind`; unknown fields fail.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantRole {
    participant: Named,
    participant_kind: String,
    role: Option<String>,
    source: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
#[allow(clippy::large_enum_variant)] // read once per test
pub enum Detail {
    Event {
        id: String,
        date: String,
        earliest: Option<String>,
        latest: Option<String>,
        date_human: String,
        precision: String,
        approximate: bool,
        uncertain: bool,
        ongoing: bool,
        disputed: bool,
        date_text: Option<String>,
        date_source: Option<String>,
        date_publisher: Option<String>,
        event_kind: String,
        title: String,
        summary: Option<String>,
        place: Option<Named>,
        #[serde(default)]
        disputed_place: bool,
        #[serde(default)]
        reported_places: Vec<serde_json::Value>,
        participants: Vec<Participant>,
        figures: Vec<Figure>,
        quotes: Vec<Quote>,
        reports: Vec<Report>,
        roles: Vec<ParticipantRole>,
    },
    Person(Actor),
    Organisation(Actor),
    Place {
        id: String,
        name: String,
        aliases: Vec<String>,
        events: Vec<EventRef>,
        source: String,
    },
    Source {
        id: String,
        title: String,
        publisher: String,
        published: String,
        url: Option<String>,
        seed_file: Option<String>,
        events: Vec<EventRef>,
        figures: Vec<Figure>,
        quotes: Vec<Quote>,
    },
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    id: String,
    name: String,
    aliases: Vec<String>,
    roles: Vec<Role>,
    organisation_kind: Option<String>,
    parent: Option<Named>,
    events: Vec<EventRef>,
    quotes: Vec<Quote>,
    source: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    title: String,
    organisation: Option<Named>,
    source: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    speaker: Named,
    event: Option<Named>,
    text: String,
    source: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    source: Named,
    publisher: String,
    published: String,
    date: Option<String>,
    date_text: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    place: Option<Named>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRef {
    id: String,
    date: String,
    date_human: String,
    kind: String,
    title: String,
    role: Option<String>,
}

const ATTACK: &str = "2023-05-attack-on-kfor";

#[test]
fn an_event_in_full_with_figures_from_both_sources() {
    let env = Env::with_fixture();
    let Detail::Event {
        title,
        date_text,
        date_publisher,
        figures,
        quotes,
        reports,
        participants,
        ..
    } = env.json(&["show", ATTACK, "--format", "json"])
    else {
        panic!("not an event");
    };
    assert_eq!(title, "NATO troops attacked in northern Kosovo");
    assert_eq!(date_text.as_deref(), Some("in May"));
    assert_eq!(date_publisher.as_deref(), Some("A News"));
    assert_eq!(participants[0].id, "kfor");
    let labels: Vec<(&str, Option<&str>)> = figures
        .iter()
        .map(|f| {
            (
                f.label.as_str(),
                f.claimed_by.as_ref().map(|c| c.name.as_str()),
            )
        })
        .collect();
    assert!(labels.contains(&("93 people injured", Some("Jens Stoltenberg"))));
    assert!(labels.contains(&("at least 25 soldiers injured", Some("Kosovo Force"))));
    assert!(labels.contains(&("52–80 people injured", None)));
    assert_eq!(quotes.len(), 1);
    let sources: Vec<&str> = reports.iter().map(|r| r.source.id.as_str()).collect();
    assert_eq!(
        sources,
        [
            "anews-2023-07-19-nato-chief-serbia",
            "fixture-wire-2023-07-21-kosovo-tensions"
        ]
    );
    assert_table_and_json_snapshots!(env, "show_event_fixture", &["show", ATTACK]);
}

#[test]
fn a_person_by_alias_with_accents_their_events_in_order_and_quotes() {
    let env = Env::with_fixture();
    let plain = env.ok(&["show", "vucic", "--format", "json"]);
    for name in ["Vučić", "VUCIC", "aleksandar-vucic", "Aleksandar Vučić"] {
        assert_eq!(env.ok(&["show", name, "--format", "json"]), plain, "{name}");
    }
    let Detail::Person(p) = serde_json::from_str(&plain).unwrap() else {
        panic!("not a person");
    };
    assert_eq!(p.aliases, ["Serbian President", "Vucic", "Vučić"]);
    let events: Vec<&str> = p.events.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(events, ["2023-07-19", "2023-07-19", "2023-07-20"]);
    assert_eq!(p.events[0].role.as_deref(), Some("guest"));
    assert_eq!(p.quotes.len(), 3, "quotes from both articles");
    insta::assert_snapshot!("show_person_fixture_table", env.ok(&["show", "Vučić"]));
    insta::assert_snapshot!(
        "show_person_founding_json",
        Env::with_seed().ok(&["show", "stoltenberg", "--format", "json"])
    );
}

#[test]
fn organisations_places_and_sources() {
    let env = Env::with_fixture();
    let Detail::Organisation(kfor) = env.json(&["show", "KFOR", "--format", "json"]) else {
        panic!("not an organisation");
    };
    assert_eq!(kfor.parent.unwrap().id, "nato");
    assert_eq!(kfor.events.len(), 2);
    let Detail::Place { name, events, .. } = env.json(&["show", "zvecan", "--format", "json"])
    else {
        panic!("not a place");
    };
    assert_eq!((name.as_str(), events.len()), ("Zvečan", 0));
    let Detail::Source {
        events,
        figures,
        quotes,
        ..
    } = env.json(&[
        "show",
        "fixture-wire-2023-07-21-kosovo-tensions",
        "--format",
        "json",
    ])
    else {
        panic!("not a source");
    };
    assert_eq!((events.len(), figures.len(), quotes.len()), (2, 2, 2));
    insta::assert_snapshot!("show_organisation_fixture_table", env.ok(&["show", "kfor"]));
    insta::assert_snapshot!(
        "show_source_fixture_table",
        env.ok(&["show", "fixture-wire-2023-07-21-kosovo-tensions"])
    );
}

#[test]
fn ambiguous_and_unknown_names_are_errors_that_help() {
    let env = Env::with_fixture();
    let err = env.fails(&["show", "aleksandar"]);
    assert_contains!(err, "\"aleksandar\" is ambiguous");
    assert_contains!(err, "person \"aleksandar-vucic\" (Aleksandar Vucic)");
    assert_contains!(err, "person \"aleksandar-vulin\" (Aleksandar Vulin)");
    let err = env.fails(&["timeline", "--person", "aleksandar"]);
    assert!(
        err.contains("--person") && err.contains("ambiguous"),
        "{err}"
    );
    let err = env.fails(&["show", "stoltenburg"]);
    assert!(
        err.contains(
            "no event or person or organisation or place or source is named \"stoltenburg\""
        ),
        "{err}"
    );
    assert_contains!(err, "did you mean \"jens-stoltenberg\"");
    let err = env.fails(&["show", ATTACK, "--format", "csv"]);
    assert_contains!(err, "no CSV form");
    // A person's name is not an organisation.
    let err = env.fails(&["timeline", "--org", "vucic"]);
    assert_contains!(err, "no organisation is named \"vucic\"");
}

#[test]
fn jsonl_is_one_line() {
    let env = Env::with_seed();
    let out = env.ok(&["show", "brussels", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 1);
    let Detail::Place { events, .. } = serde_json::from_str(&out).unwrap() else {
        panic!("not a place");
    };
    assert_eq!(events.len(), 2);
}

/// Two invented articles about one march: each gives the same two participants, with roles of
/// its own (one none).
const MARCH_1: &str = r#"[source]
title = "Farmers march on Eastbrook"
publisher = "Valley Courier"
published = "2024-04-02"

[[people]]
id = "milena-dordic"
name = "Milena Đorđić"

[[organisations]]
id = "farmers-union"
name = "Valley Farmers' Union"

[[events]]
id = "2024-04-01-farmers-march"
date = "2024-04-01"
kind = "march"
title = "Farmers march from Westbrook to Eastbrook town hall, along the valley road, with tractors"
participants = [
    { id = "milena-dordic", role = "organiser" },
    { id = "farmers-union", role = "called the march" },
]
"#;

const MARCH_2: &str = r#"[source]
title = "The march, seen from Westbrook"
publisher = "Westbrook Herald"
published = "2024-04-03"

[[events]]
id = "2024-04-01-farmers-march"
participants = [
    { id = "milena-dordic", role = "speaker at the town hall" },
    { id = "farmers-union" },
]
"#;

#[test]
fn show_lists_every_role_of_every_participant_with_its_source_and_takes_a_width() {
    let env = Env::empty();
    env.write("seed/2024-04-02-march.toml", MARCH_1);
    env.write("seed/2024-04-03-march.toml", MARCH_2);
    env.ok(&["seed"]);
    let out = env.ok(&["show", "2024-04-01-farmers-march", "--width", "100"]);
    assert_contains!(
        out,
        "participants:\n\
         \x20 Milena Đorđić (person milena-dordic)\n\
         \x20   organiser [2024-04-02-march]\n\
         \x20   speaker at the town hall [2024-04-03-march]\n\
         \x20 Valley Farmers' Union (organisation farmers-union)\n\
         \x20   called the march [2024-04-02-march]\n\
         \x20   no role given [2024-04-03-march]\n"
    );
    // The same listing, in JSON: one entry per article and participant.
    let json: serde_json::Value =
        env.json(&["show", "2024-04-01-farmers-march", "--format", "json"]);
    let roles: Vec<(String, String, Option<String>, String)> = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["participant"]["id"].as_str().unwrap().to_string(),
                r["participant_kind"].as_str().unwrap().to_string(),
                r["role"].as_str().map(String::from),
                r["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let role = |id: &str, kind: &str, role: Option<&str>, source: &str| {
        (
            id.to_string(),
            kind.to_string(),
            role.map(String::from),
            source.to_string(),
        )
    };
    assert_eq!(
        roles,
        [
            role(
                "milena-dordic",
                "person",
                Some("organiser"),
                "2024-04-02-march"
            ),
            role(
                "farmers-union",
                "organisation",
                Some("called the march"),
                "2024-04-02-march"
            ),
            role(
                "milena-dordic",
                "person",
                Some("speaker at the town hall"),
                "2024-04-03-march"
            ),
            role("farmers-union", "organisation", None, "2024-04-03-march"),
        ]
    );

    // --width: every line fits, broken between words, as the listings' tables are.
    let narrow = env.ok(&["show", "2024-04-01-farmers-march", "--width", "40"]);
    for line in narrow.lines() {
        assert!(
            line.chars().count() <= 40 || !line.trim().contains(' '),
            "{line:?} in\n{narrow}"
        );
    }
    assert_contains!(
        narrow,
        "Farmers march from Westbrook to\n  Eastbrook town hall, along the valley\n  road, with tractors\n"
    );
    // Off a terminal, 80 columns, as the listings.
    let default = env.ok(&["show", "2024-04-01-farmers-march"]);
    assert!(
        default.lines().all(|l| l.chars().count() <= 80),
        "{default}"
    );
    assert_eq!(
        default,
        env.ok(&["show", "2024-04-01-farmers-march", "--width", "80"])
    );
    let out = env.output(&["show", "2024-04-01-farmers-march", "--width", "10"]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains!(
        String::from_utf8_lossy(&out.stderr),
        "10 is not in 20..=1000"
    );
}

/// A place's readable form: its name and id, the article that introduced it, then its events,
/// each with its date, kind, title and id.
#[test]
fn a_place_reads_as_its_name_its_article_and_its_events() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let id_column = " ".repeat(38);
    let expected = [
        "Brussels",
        "place brussels",
        "",
        "from:     anews-2023-07-19-nato-chief-serbia",
        "",
        "events:",
        "  19 Jul 2023            meeting      Stoltenberg meets Vucic at NATO headquarters",
        &format!("{id_column}2023-07-19-stoltenberg-vucic-meeting"),
        "  19 Jul 2023            request      Vucic asks NATO to provide safety and security for Serbs in",
        &format!("{id_column}Kosovo"),
        &format!("{id_column}2023-07-19-vucic-asks-nato-for-security"),
        "",
    ];
    assert_eq!(
        env.ok(&["show", "brussels", "--width", "100"]),
        expected.join("\n")
    );
}
