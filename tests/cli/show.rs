//! `annals show`: one event, person, organisation, place or source in full, found by id, name or
//! alias.

use serde::Deserialize;

use crate::timeline::{Figure, Named, Participant};
use crate::util::Env;

/// `show --format json`: tagged by `kind`; unknown fields fail.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
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
        participants: Vec<Participant>,
        figures: Vec<Figure>,
        quotes: Vec<Quote>,
        reports: Vec<Report>,
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
