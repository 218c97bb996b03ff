//! Each report's own account of an event: a place that other reports' places do not hold (the
//! event's place is then disputed, and every report keeps its own), and its own title and
//! summary (the event shows the oldest article's, and `show` lists them all).

use serde_json::Value;

use crate::util::{record_of, Env};

const ARREST: &str = "2023-06-14-police-officers-arrested";
const CLASH: &str = "2023-05-29-clash-in-zvecan";

/// An article of `publisher` on `published` reporting the arrest at `place`, listing `places`.
fn arrest(id: &str, publisher: &str, published: &str, places: &str, event: &str) -> String {
    format!(
        "[source]\nid = \"{id}\"\ntitle = \"{publisher} on the arrest\"\npublisher = \"{publisher}\"\n\
         published = \"{published}\"\n\n{places}\n[[events]]\nid = \"{ARREST}\"\n{event}"
    )
}

/// Three reports of one arrest: Kosovo, then a village within Kosovo (one chain), then central
/// Serbia (outside it). Kosovo and Serbia both lie within the western Balkans.
fn arrest_files() -> [(&'static str, String); 3] {
    [
        (
            "seed/a.toml",
            arrest(
                "kosovo-online-arrest",
                "Kosovo Online",
                "2023-06-14",
                "[[places]]\nid = \"western-balkans\"\nname = \"Western Balkans\"\n\n\
                 [[places]]\nid = \"kosovo\"\nname = \"Kosovo\"\nwithin = \"western-balkans\"\n",
                "date = \"2023-06-14\"\nkind = \"arrest\"\n\
                 title = \"Three Kosovo police officers arrested\"\nplace = \"kosovo\"\n",
            ),
        ),
        (
            "seed/b.toml",
            arrest(
                "pristina-wire-arrest",
                "Pristina Wire",
                "2023-06-15",
                "[[places]]\nid = \"leposavic\"\nname = \"Leposavić\"\nwithin = \"kosovo\"\n",
                "place = \"leposavic\"\n",
            ),
        ),
        (
            "seed/c.toml",
            arrest(
                "belgrade-daily-arrest",
                "Belgrade Daily",
                "2023-06-16",
                "[[places]]\nid = \"serbia\"\nname = \"Serbia\"\nwithin = \"western-balkans\"\n\n\
                 [[places]]\nid = \"central-serbia\"\nname = \"central Serbia\"\n\
                 within = \"serbia\"\n",
                "place = \"central-serbia\"\n",
            ),
        ),
    ]
}

/// A timeline row's reported places: each place's id with the articles that give it.
fn reported_places(e: &Value) -> Vec<(String, Vec<String>)> {
    let places = e["reported_places"].as_array().unwrap();
    let text = |v: &Value| v.as_str().unwrap().to_string();
    places
        .iter()
        .map(|p| {
            let sources = p["sources"].as_array().unwrap();
            (text(&p["place"]["id"]), sources.iter().map(text).collect())
        })
        .collect()
}

#[test]
fn three_reports_of_one_arrest_with_places_on_no_one_chain_dispute_its_place() {
    let env = Env::empty();
    let [a, b, c] = arrest_files();
    for (path, text) in [&a, &b] {
        env.write(path, text);
    }
    env.ok(&["seed"]);
    // Two places on one chain: the narrower, undisputed.
    let rows: Vec<Value> = env.json(&["timeline", "--format", "json"]);
    assert_eq!(rows[0]["place"]["id"], "leposavic");
    assert_eq!(rows[0].get("disputed_place"), None);

    // The third report is no error; the preview says the place becomes disputed.
    env.write(c.0, &c.1);
    let preview = env.ok(&["check"]);
    assert_contains!(
        preview,
        &format!("place of {ARREST}: leposavic → western-balkans (disputed)")
    );
    assert_contains!(
        preview,
        &format!(
            "new conflict in {ARREST}: place: central-serbia (belgrade-daily-arrest) against \
             leposavic (pristina-wire-arrest)"
        )
    );
    env.ok(&["seed"]);

    let rows: Vec<Value> = env.json(&["timeline", "--format", "json"]);
    let e = &rows[0];
    assert_eq!(e["disputed_place"], true);
    // The narrowest place every reported place lies within.
    assert_eq!(e["place"]["id"], "western-balkans");
    let reported = reported_places(e);
    assert_eq!(
        reported,
        [
            (
                "kosovo".to_string(),
                vec!["kosovo-online-arrest".to_string()]
            ),
            (
                "leposavic".to_string(),
                vec!["pristina-wire-arrest".to_string()]
            ),
            (
                "central-serbia".to_string(),
                vec!["belgrade-daily-arrest".to_string()]
            ),
        ]
    );
    let table = env.ok(&["timeline", "--width", "400"]);
    assert_contains!(
        table,
        "place disputed: Kosovo (kosovo-online-arrest); Leposavić"
    );
    let csv = env.ok(&["timeline", "--format", "csv"]);
    assert_contains!(csv, ",Western Balkans; place disputed: Kosovo (kosovo-online-arrest); Leposavić (pristina-wire-arrest); central Serbia (belgrade-daily-arrest),");

    let flag: i64 = env
        .conn()
        .query_row(
            "SELECT disputed_place FROM timeline WHERE id = ?1",
            [ARREST],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(flag, 1);
}

#[test]
fn conflicts_list_each_pair_of_places_and_place_finds_the_event_by_any_report_s_place() {
    let env = Env::empty();
    for (path, text) in arrest_files() {
        env.write(path, text);
    }
    env.ok(&["seed"]);
    let rows: Vec<Value> = env.json(&["conflicts", "--format", "json"]);
    let got: Vec<[&str; 5]> = rows
        .iter()
        .map(|c| {
            [
                c["about"].as_str().unwrap(),
                c["value_a"].as_str().unwrap(),
                c["publisher_a"].as_str().unwrap(),
                c["value_b"].as_str().unwrap(),
                c["publisher_b"].as_str().unwrap(),
            ]
        })
        .collect();
    assert_eq!(
        got,
        [
            [
                "place",
                "central-serbia",
                "Belgrade Daily",
                "kosovo",
                "Kosovo Online"
            ],
            [
                "place",
                "central-serbia",
                "Belgrade Daily",
                "leposavic",
                "Pristina Wire"
            ],
        ]
    );
    assert_eq!(rows[0]["source_a"], "belgrade-daily-arrest");
    assert_eq!(rows[0]["source_b"], "kosovo-online-arrest");
    let table = env.ok(&["conflicts", "--width", "400"]);
    assert_contains!(table, "central-serbia — Belgrade Daily");

    for place in [
        "central Serbia",
        "serbia",
        "leposavic",
        "kosovo",
        "western-balkans",
    ] {
        let found: Vec<Value> = env.json(&["timeline", "--place", place, "--format", "json"]);
        assert_eq!(found.len(), 1, "--place {place}");
    }
    let shown = env.ok(&["show", ARREST]);
    assert_contains!(
        shown,
        "place:    Western Balkans (western-balkans)\nplace disputed:\n"
    );
    assert_contains!(
        shown,
        "  central Serbia [central-serbia]: belgrade-daily-arrest\n"
    );
    // The HTML page's data carries each place with its articles, and its script shows them.
    let html = env.ok(&["export", "--format", "html", "--today", "2023-07-01"]);
    assert_contains!(html, "\"disputed_place\":true");
    assert_contains!(
        html,
        "\"reported_places\":[{\"place\":{\"id\":\"kosovo\",\"name\":\"Kosovo\"},\"sources\":[\"kosovo-online-arrest\"]}"
    );
    assert_contains!(html, "Place disputed");
    same_record_loaded_in_another_order(&env);
}

/// An article reporting the clash in its own words.
fn clash(id: &str, publisher: &str, published: &str, words: &str) -> String {
    format!(
        "[source]\nid = \"{id}\"\ntitle = \"{publisher} on the clash\"\npublisher = \"{publisher}\"\n\
         published = \"{published}\"\n\n[[events]]\nid = \"{CLASH}\"\ndate = \"2023-05-29\"\n\
         kind = \"clash\"\n{words}"
    )
}

#[test]
fn two_summaries_of_one_clash_are_both_kept_and_the_oldest_article_s_is_shown() {
    let first = clash(
        "anews-clash",
        "A News",
        "2023-05-30",
        "title = \"Clash in Zvečan\"\nsummary = \"KFOR puts its injured soldiers at 30.\"\n",
    );
    let second = clash(
        "wire-clash",
        "Test Wire",
        "2023-05-31",
        "title = \"Police fire at protesters in Zvečan\"\n\
         summary = \"A police officer fired at retreating protesters.\"\n",
    );
    let mut records = Vec::new();
    for order in [[&first, &second], [&second, &first]] {
        let env = Env::empty();
        env.write("seed/1.toml", order[0]);
        env.ok(&["seed"]);
        env.write("seed/2.toml", order[1]);
        env.ok(&["seed"]);
        let rows: Vec<Value> = env.json(&["timeline", "--format", "json"]);
        assert_eq!(rows[0]["title"], "Clash in Zvečan");
        assert_eq!(rows[0]["summary"], "KFOR puts its injured soldiers at 30.");
        let shown = env.ok(&["show", CLASH, "--width", "400"]);
        assert_contains!(
            shown,
            "in each report's words:\n  A News [anews-clash]: KFOR puts its injured soldiers at 30.\n  \
             Test Wire [wire-clash]: \"Police fire at protesters in Zvečan\" A police officer \
             fired at retreating protesters.\n"
        );
        let detail: Value = env.json(&["show", CLASH, "--format", "json"]);
        let words: Vec<(&str, &str, &str)> = detail["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["source"]["id"].as_str().unwrap(),
                    r["publisher"].as_str().unwrap(),
                    r["summary"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            words,
            [
                (
                    "anews-clash",
                    "A News",
                    "KFOR puts its injured soldiers at 30."
                ),
                (
                    "wire-clash",
                    "Test Wire",
                    "A police officer fired at retreating protesters."
                ),
            ]
        );
        assert_eq!(
            detail["reports"][1]["title"],
            "Police fire at protesters in Zvečan"
        );
        records.push(record_of(&env.db()));
    }
    assert_eq!(records[0], records[1]);
}

/// The record is the same whatever order and runs the articles come in: here the one outside
/// the chain before the narrowest, one run each.
fn same_record_loaded_in_another_order(env: &Env) {
    let record = record_of(&env.db());
    let other = Env::empty();
    let [a, b, c] = arrest_files();
    for (path, text) in [&a, &c, &b] {
        other.write(path, text);
        other.ok(&["seed"]);
    }
    assert_eq!(record_of(&other.db()), record);
}
