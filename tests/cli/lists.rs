//! `annals people|organisations|places|sources`.

use serde::Deserialize;

use crate::util::Env;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub events: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub url: Option<String>,
    pub events: u64,
    pub figures: u64,
    pub quotes: u64,
}

#[test]
fn people_with_event_counts_and_first_and_last_days() {
    let env = Env::with_fixture();
    let people: Vec<Entity> = env.json(&["people", "--format", "json"]);
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "albin-kurti",
            "aleksandar-vucic",
            "aleksandar-vulin",
            "jens-stoltenberg"
        ]
    );
    assert_eq!(
        people[1],
        Entity {
            id: "aleksandar-vucic".into(),
            name: "Aleksandar Vucic".into(),
            aliases: vec!["Serbian President".into(), "Vucic".into(), "Vučić".into()],
            events: 3,
            first: Some("2023-07-19".into()),
            last: Some("2023-07-20".into()),
        }
    );
    insta::assert_snapshot!("people_fixture_table", env.ok(&["people"]));
    insta::assert_snapshot!(
        "people_founding_json",
        Env::with_seed().ok(&["people", "--format", "json"])
    );
}

#[test]
fn organisations_and_places() {
    let env = Env::with_fixture();
    let orgs: Vec<Entity> = env.json(&["organisations", "--format", "json"]);
    let serbia = orgs.iter().find(|o| o.id == "serbia").unwrap();
    assert_eq!(
        (
            serbia.events,
            serbia.first.as_deref(),
            serbia.last.as_deref()
        ),
        (2, Some("2008-01-01"), None)
    );
    let places: Vec<Entity> = env.json(&["places", "--format", "json"]);
    let summary: Vec<(&str, u64)> = places.iter().map(|p| (p.id.as_str(), p.events)).collect();
    assert_eq!(
        summary,
        [("brussels", 2), ("northern-kosovo", 4), ("zvecan", 0)]
    );
    insta::assert_snapshot!("organisations_fixture_table", env.ok(&["organisations"]));
    insta::assert_snapshot!(
        "places_fixture_json",
        env.ok(&["places", "--format", "json"])
    );
}

#[test]
fn sources_oldest_first() {
    let env = Env::with_fixture();
    let sources: Vec<Source> = env.json(&["sources", "--format", "json"]);
    let summary: Vec<(&str, u64, u64, u64)> = sources
        .iter()
        .map(|s| (s.id.as_str(), s.events, s.figures, s.quotes))
        .collect();
    assert_eq!(
        summary,
        [
            ("anews-2023-07-19-nato-chief-serbia", 12, 6, 5),
            ("fixture-wire-2023-07-21-kosovo-tensions", 2, 2, 2)
        ]
    );
    insta::assert_snapshot!("sources_fixture_table", env.ok(&["sources"]));
    let csv = env.ok(&["sources", "--format", "csv"]);
    assert!(
        csv.starts_with("id,title,publisher,published,url,events,figures,quotes\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
}
