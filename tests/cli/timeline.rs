//! `annals timeline`: the founding article's events, filters, formats, and the first-run setup.

use serde::Deserialize;

use crate::util::Env;

/// `timeline --format json` rows. Unknown fields fail, so a renamed field fails a test.
// Every field is listed so that an unknown one fails; not every test reads every field.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub date: String,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub date_human: String,
    pub precision: String,
    pub approximate: bool,
    pub uncertain: bool,
    pub ongoing: bool,
    pub disputed: bool,
    pub date_text: Option<String>,
    pub date_source: Option<String>,
    pub date_publisher: Option<String>,
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<Named>,
    pub participants: Vec<Participant>,
    pub figures: Vec<Figure>,
    pub quotes: Vec<Quote>,
    pub sources: Vec<String>,
    pub window: Option<String>,
    /// Given only for an event whose place (or a place it lies within) has coordinates.
    #[serde(default)]
    pub geo: Option<Geo>,
}

// Every field is listed so that an unknown one fails; not every test reads every field.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub latitude: f64,
    pub longitude: f64,
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
    pub precision: String,
    pub place: String,
}

// Every field is listed so that an unknown one fails; not every test reads every field.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub speaker: Named,
    pub text: String,
    pub source: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub id: String,
    pub name: String,
}

// Every field is listed so that an unknown one fails; not every test reads every field.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub role: Option<String>,
}

// Every field is listed so that an unknown one fails; not every test reads every field.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: Option<serde_json::Number>,
    pub low: Option<serde_json::Number>,
    pub high: Option<serde_json::Number>,
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    pub label: String,
    pub about: Option<Named>,
    pub claimed_by: Option<Named>,
    pub source: String,
    pub publisher: String,
    pub text: Option<String>,
    /// Present, and true, only where a later article gives the claimant's revised figure.
    #[serde(default)]
    pub revised: bool,
}

const MEETING: &str = "2023-07-19-stoltenberg-vucic-meeting";
const ATTACK: &str = "2023-05-attack-on-kfor";
const DECISION: &str = "2023-05-30-nato-sends-700-troops";
const PROTESTS: &str = "2023-05-protests-against-albanian-mayors";
const INDEPENDENCE: &str = "2008-kosovo-declares-independence";

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn first_run_creates_migrates_and_seeds_the_database() {
    let env = Env::with_seed();
    assert!(!env.db().exists());
    let out = env.cmd().arg("timeline").output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line on stderr: {stderr}");
    assert_contains!(stderr, "created annals.db");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_contains!(stdout, "Stoltenberg meets Vucic");
    assert!(env.db().exists());

    // The second run uses the database it made and says nothing on stderr.
    let again = env.cmd().arg("timeline").output().unwrap();
    assert!(again.stderr.is_empty());
    assert_eq!(String::from_utf8(again.stdout).unwrap(), stdout);
}

#[test]
fn without_a_database_or_seed_folder_it_says_what_to_do() {
    let env = Env::empty();
    let err = env.fails(&["timeline"]);
    assert_contains!(err, "no database at annals.db");
    assert_contains!(err, "annals seed");
    assert!(!env.db().exists());
}

#[test]
fn a_bad_seed_folder_on_first_run_leaves_no_database_behind() {
    let env = Env::empty();
    env.write("seed/bad.toml", "[source]\ntitle = 1\n");
    let err = env.fails(&["timeline"]);
    assert_contains!(err, "bad.toml:2:9");
    assert!(!env.db().exists());
    assert!(!env.path("annals.db-wal").exists());
}

#[test]
fn table_fits_80_columns_and_shows_precision() {
    let env = Env::with_seed();
    let table = env.ok(&["timeline"]);
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    for date in [
        "19 Jul 2023",
        "May 2023",
        "since May 2023",
        "30 May 2023",
        "2008",
        "since 2008",
    ] {
        assert!(
            table.contains(&format!(" {date} ")),
            "no {date:?} in\n{table}"
        );
    }
    assert_contains!(table, "93 people injured");
    assert_contains!(table, "about 500 troops added");
    insta::assert_snapshot!("timeline_table", table);
}

#[test]
fn json_has_every_field_and_snapshot() {
    let env = Env::with_seed();
    let out = env.ok(&["timeline", "--format", "json"]);
    let events: Vec<Event> = serde_json::from_str(&out).unwrap();
    assert_eq!(events.len(), 12);
    insta::assert_snapshot!("timeline_json", out);

    let meeting = events.iter().find(|e| e.id == MEETING).unwrap();
    assert_eq!(meeting.date, "2023-07-19");
    assert_eq!(meeting.date_text.as_deref(), Some("on Wednesday"));
    assert_eq!(meeting.precision, "day");
    assert_eq!(
        meeting.place,
        Some(Named {
            id: "brussels".into(),
            name: "Brussels".into()
        })
    );
    let roles: Vec<(&str, Option<&str>)> = meeting
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p.role.as_deref()))
        .collect();
    assert_eq!(
        roles,
        [
            ("jens-stoltenberg", Some("host")),
            ("aleksandar-vucic", Some("guest"))
        ]
    );
    assert_eq!(meeting.sources, ["anews-2023-07-19-nato-chief-serbia"]);

    let shot = events
        .iter()
        .find(|e| e.id == "2023-01-19-serbs-shot-in-kosovo")
        .unwrap();
    let f = &shot.figures[0];
    assert_eq!(
        (
            f.qualifier.as_str(),
            f.value.as_ref().map(|v| v.to_string())
        ),
        ("at_least", Some("6".into()))
    );
    assert_eq!(
        f.claimed_by.as_ref().map(|c| c.id.as_str()),
        Some("aleksandar-vucic")
    );

    // Chronological: earliest day, then latest (open last), then id.
    let keys: Vec<(Option<&str>, Option<&str>)> = events
        .iter()
        .map(|e| (e.earliest.as_deref(), e.latest.as_deref()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| match (a.1, b.1) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        })
    });
    assert_eq!(keys, sorted);
}

#[test]
fn may_2023_overlapping_and_within() {
    let env = Env::with_seed();
    let may: Vec<Event> = env.json(&[
        "timeline", "--from", "2023-05", "--to", "2023-05", "--format", "json",
    ]);
    let found = ids(&may);
    for id in [ATTACK, DECISION, PROTESTS] {
        assert!(found.contains(&id), "{id} missing from {found:?}");
    }
    for id in [MEETING, INDEPENDENCE] {
        assert!(!found.contains(&id), "{id} should not be in {found:?}");
    }
    let attack = may.iter().find(|e| e.id == ATTACK).unwrap();
    assert!(attack
        .figures
        .iter()
        .any(|f| f.label == "93 people injured"));
    let decision = may.iter().find(|e| e.id == DECISION).unwrap();
    assert_eq!(
        decision.figures[0].value.as_ref().unwrap().to_string(),
        "700"
    );
    let protests = may.iter().find(|e| e.id == PROTESTS).unwrap();
    assert!(protests.ongoing && protests.latest.is_none());

    let within: Vec<Event> = env.json(&[
        "timeline", "--from", "2023-05", "--to", "2023-05", "--within", "--format", "json",
    ]);
    assert_eq!(
        ids(&within),
        [ATTACK, DECISION],
        "only events certainly in May"
    );
}

#[test]
fn year_range_finds_the_independence() {
    let env = Env::with_seed();
    let events: Vec<Event> = env.json(&[
        "timeline", "--from", "2008", "--to", "2008", "--format", "json",
    ]);
    let found = ids(&events);
    assert!(found.contains(&INDEPENDENCE), "{found:?}");
    assert!(!found.contains(&MEETING));
    let e = events.iter().find(|e| e.id == INDEPENDENCE).unwrap();
    assert_eq!((e.date.as_str(), e.precision.as_str()), ("2008", "year"));
    assert_eq!(e.date_text.as_deref(), Some("15 years ago"));
}

#[test]
fn filters_by_kind_person_and_organisation() {
    let env = Env::with_seed();
    let meetings: Vec<Event> = env.json(&["timeline", "--kind", "meeting", "--format", "json"]);
    assert_eq!(ids(&meetings), [MEETING]);
    let vucic: Vec<Event> = env.json(&[
        "timeline",
        "--person",
        "aleksandar-vucic",
        "--format",
        "json",
    ]);
    assert_eq!(
        ids(&vucic),
        [MEETING, "2023-07-19-vucic-asks-nato-for-security"]
    );
    let kfor: Vec<Event> = env.json(&["timeline", "--org", "kfor", "--format", "json"]);
    assert_eq!(ids(&kfor), [ATTACK, DECISION]);
    let empty = env.ok(&[
        "timeline", "--kind", "meeting", "--from", "2024", "--format", "json",
    ]);
    assert_eq!(empty.trim(), "[]");
}

#[test]
fn unknown_ids_and_bad_ranges_are_errors() {
    let env = Env::with_seed();
    env.ok(&["timeline"]);
    let err = env.fails(&["timeline", "--person", "vucich"]);
    assert!(
        err.contains("--person: no person is named \"vucich\"")
            && err.contains("did you mean \"aleksandar-vucic\""),
        "{err}"
    );
    let err = env.fails(&["timeline", "--from", "2023-07", "--to", "2023-05"]);
    assert_contains!(err, "later than --to");
    let err = env.fails(&["timeline", "--from", "May 2023"]);
    assert!(
        err.contains("--from") && err.contains("\"May 2023\""),
        "{err}"
    );
}

#[test]
fn csv_has_a_header_and_a_row_per_event() {
    let env = Env::with_seed();
    let out = env.ok(&["timeline", "--format", "csv", "--kind", "attack"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let figures = headers.iter().position(|h| h == "figures").unwrap();
    assert!(rows[0][figures].contains("93 people injured — Jens Stoltenberg (A News)"));
}

#[test]
fn db_flag_works_before_or_after_the_subcommand_and_from_the_environment() {
    let env = Env::with_seed();
    env.ok(&["--db", "a.db", "seed"]);
    env.ok(&["seed", "--db", "b.db"]);
    let via_env = env
        .cmd()
        .env("ANNALS_DB", "c.db")
        .arg("seed")
        .output()
        .unwrap();
    assert!(via_env.status.success());
    for db in ["a.db", "b.db", "c.db"] {
        assert!(env.path(db).exists(), "{db}");
    }
    assert!(!env.db().exists());
}

#[test]
fn help_and_version() {
    let env = Env::empty();
    let help = env.ok(&["--help"]);
    for cmd in [
        "migrate",
        "seed",
        "timeline",
        "aggregate",
        "show",
        "people",
        "organisations",
        "places",
        "sources",
        "search",
        "sql",
    ] {
        assert_contains!(help, cmd);
    }
    let version = env.ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("annals {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn events_carry_their_quotes() {
    let env = Env::with_seed();
    let events: Vec<Event> = env.json(&["timeline", "--format", "json", "--kind", "attack"]);
    let quotes = &events[0].quotes;
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].speaker.id, "jens-stoltenberg");
    assert_eq!(
        quotes[0].text,
        "Three of them were seriously injured. This is unacceptable."
    );
    assert_eq!(quotes[0].source, "anews-2023-07-19-nato-chief-serbia");
}

/// In a range, each row says whether the event lies wholly inside it or only may overlap it: a
/// field in JSON and CSV, a line under the date in the table. `--on` is `--from` and `--to` of one
/// day, month or year.
#[test]
fn rows_in_a_range_say_whether_they_are_within_it_or_only_may_overlap_it() {
    let env = Env::with_seed();
    let day: Vec<Event> = env.json(&["timeline", "--on", "2023-07-19", "--format", "json"]);
    let windows: Vec<(&str, Option<&str>)> = day
        .iter()
        .map(|e| (e.id.as_str(), e.window.as_deref()))
        .collect();
    assert_eq!(
        windows,
        [
            ("serbia-regards-kosovo-as-its-territory", Some("possible")),
            ("2023-01-19-serbs-shot-in-kosovo", Some("possible")),
            ("2023-eu-on-low-serb-turnout", Some("possible")),
            ("2023-nato-increases-presence", Some("possible")),
            (PROTESTS, Some("possible")),
            (MEETING, Some("within")),
            ("2023-07-19-vucic-asks-nato-for-security", Some("within")),
        ]
    );
    // --on is the range from the first to the last day of what it names.
    assert_eq!(
        env.ok(&["timeline", "--on", "2023-05", "--format", "json"]),
        env.ok(&["timeline", "--from", "2023-05", "--to", "2023-05", "--format", "json"])
    );
    // Without a range there is nothing to be within.
    let all: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    assert!(all.iter().all(|e| e.window.is_none()));
    // With --within every row is within.
    let within: Vec<Event> = env.json(&[
        "timeline", "--on", "2023-05", "--within", "--format", "json",
    ]);
    let windows: Vec<(&str, Option<&str>)> = within
        .iter()
        .map(|e| (e.id.as_str(), e.window.as_deref()))
        .collect();
    assert_eq!(
        windows,
        [(ATTACK, Some("within")), (DECISION, Some("within"))]
    );

    // The table marks the possible rows under their date.
    let table = env.ok(&["timeline", "--on", "2023-07-19", "--kind", "position"]);
    let lines: Vec<&str> = table.lines().map(str::trim_end).collect();
    assert_eq!(
        lines[3],
        " since 2008      position   Serbia continues to regard Kosovo as its    1"
    );
    assert_eq!(lines[4], " (may overlap)              territory");
    let table = env.ok(&["timeline", "--on", "2023-07-19", "--kind", "meeting"]);
    assert!(!table.contains("may overlap"), "{table}");

    // CSV: the last column.
    let csv = env.ok(&["timeline", "--on", "2023-07-19", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().next_back(), Some("window"));
    let last: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().iter().next_back().unwrap().to_string())
        .collect();
    assert_eq!(
        last,
        ["possible", "possible", "possible", "possible", "possible", "within", "within"]
    );

    // A bad --on names itself and the value; --on with --from is refused.
    let err = env.fails(&["timeline", "--on", "May"]);
    assert!(err.contains("--on") && err.contains("\"May\""), "{err}");
    let out = env.output(&["timeline", "--on", "2023", "--from", "2023"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("'--on <DATE>' cannot be used with '--from <DATE>'"),
        "{err}"
    );
}

/// The same figure from two articles is one line with both publishers; different figures for
/// the same thing are one range with each account and who gave it, in table and CSV alike.
#[test]
fn figures_are_shown_once_with_their_sources_and_differing_claims_each_with_its_claimant() {
    let env = Env::with_seed();
    env.copy_dir(&crate::util::fixtures().join("backfill"), "seed");
    let csv_figures = |env: &Env, kind: &str| -> String {
        let out = env.ok(&["timeline", "--kind", kind, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let figures = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "figures")
            .unwrap();
        let row = reader.records().next().unwrap().unwrap();
        row[figures].to_string()
    };
    assert_eq!(
        csv_figures(&env, "attack"),
        "30 soldiers injured — Fixture Daily, A News; \
         11 soldiers injured (part of 30 soldiers injured) — Fixture Daily; \
         93 people injured — Jens Stoltenberg (A News); \
         3 people seriously injured — Jens Stoltenberg (A News)"
    );
    // JSON keeps every figure, each with its source and publisher.
    let events: Vec<Event> = env.json(&["timeline", "--kind", "attack", "--format", "json"]);
    let thirty: Vec<(&str, &str)> = events[0]
        .figures
        .iter()
        .filter(|f| f.label == "30 soldiers injured")
        .map(|f| (f.source.as_str(), f.publisher.as_str()))
        .collect();
    assert_eq!(
        thirty,
        [
            ("fixture-daily-2023-06-05-zvecan-clash", "Fixture Daily"),
            ("anews-2023-07-19-nato-chief-serbia", "A News")
        ]
    );

    // Differing accounts: each claim with its claimant and publisher, a claimant's later figure
    // as a revision of its earlier one, and no number that no one claimed.
    env.copy_dir(&crate::util::fixtures().join("wire"), "seed");
    std::fs::copy(
        crate::util::fixtures().join("report-2023-07-20-test-wire-vucic-brussels.toml"),
        env.path("seed/report-2023-07-20-test-wire-vucic-brussels.toml"),
    )
    .unwrap();
    std::fs::copy(
        crate::util::fixtures().join("report-2023-07-20-test-wire-vucic-brussels.txt"),
        env.path("seed/report-2023-07-20-test-wire-vucic-brussels.txt"),
    )
    .unwrap();
    env.ok(&["seed"]);
    assert_eq!(
        csv_figures(&env, "attack"),
        "soldiers injured — 30: Fixture Daily, A News; \
         25, then at least 25: Kosovo Force (Test Wire, Fixture Wire); \
         11 soldiers injured (part of 30 soldiers injured) — Fixture Daily; \
         people injured — 93: Jens Stoltenberg (A News); about 90: Kosovo Force (Test Wire); \
         52–80: Fixture Wire; \
         3 people seriously injured — Jens Stoltenberg (A News)"
    );
    let table = env.ok(&["timeline", "--kind", "attack"]);
    assert_eq!(
        crate::util::table_body(&table),
        [
            " 29 May 2023   attack   NATO troops attacked in northern Kosovo         3",
            "                        · soldiers injured — 30: Fixture Daily, A",
            "                        News; 25, then at least 25: Kosovo Force",
            "                        (Test Wire, Fixture Wire)",
            "                        · 11 soldiers injured (part of 30 soldiers",
            "                        injured) — Fixture Daily",
            "                        · people injured — 93: Jens Stoltenberg (A",
            "                        News); about 90: Kosovo Force (Test Wire);",
            "                        52–80: Fixture Wire",
            "                        · 3 people seriously injured — Jens",
            "                        Stoltenberg (A News)",
        ]
    );
}

/// The founding article with the backfilled June article (Zvečan, within northern Kosovo), the
/// wire article and a later report.
fn four_articles() -> Env {
    let env = Env::with_fixture();
    env.copy_dir(&crate::util::fixtures().join("backfill"), "seed");
    env.copy_fixtures("report-2023-07-20-test-wire-vucic-brussels.");
    env.ok(&["seed"]);
    env
}

#[test]
fn place_keeps_events_there_and_in_places_within_it() {
    let env = four_articles();
    // The attack is in Zvečan (the June article narrows "northern Kosovo"); Zvečan lies
    // within northern Kosovo.
    let north: Vec<Event> =
        env.json(&["timeline", "--place", "northern kosovo", "--format", "json"]);
    assert_eq!(
        ids(&north),
        [
            "2023-04-northern-kosovo-elections",
            "2023-nato-increases-presence",
            PROTESTS,
            ATTACK,
        ]
    );
    let zvecan: Vec<Event> = env.json(&["timeline", "--place", "Zvečan", "--format", "json"]);
    assert_eq!(ids(&zvecan), [ATTACK]);
    assert_eq!(
        env.ok(&["timeline", "--place", "zvecan", "--format", "json"]),
        env.ok(&["timeline", "--place", "Zvečan", "--format", "json"])
    );
    // The same filter counts in aggregate.
    let counts = env.ok(&[
        "aggregate",
        "events",
        "--by",
        "place",
        "--place",
        "northern-kosovo",
        "--format",
        "csv",
    ]);
    assert_eq!(
        counts,
        "key,name,events,first,last\nnorthern-kosovo,northern Kosovo,3,2023-04-01,\nzvecan,Zvečan,1,2023-05-29,2023-05-29\n"
    );
    let err = env.fails(&["timeline", "--place", "zvecn"]);
    assert_eq!(
        err.trim(),
        "error: --place: no place is named \"zvecn\" (did you mean \"zvecan\", Zvečan?)"
    );
}

#[test]
fn source_keeps_events_a_publisher_or_an_article_reports() {
    let env = four_articles();
    let wire: Vec<Event> = env.json(&["timeline", "--source", "test wire", "--format", "json"]);
    assert_eq!(ids(&wire), [ATTACK, MEETING]);
    let daily: Vec<Event> = env.json(&[
        "timeline",
        "--source",
        "fixture-daily-2023-06-05-zvecan-clash",
        "--format",
        "json",
    ]);
    assert_eq!(ids(&daily), [ATTACK, DECISION]);
    assert!(daily.iter().all(|e| e
        .sources
        .contains(&"fixture-daily-2023-06-05-zvecan-clash".to_string())));
    let err = env.fails(&["timeline", "--source", "Reuters"]);
    assert_eq!(
        err.trim(),
        "error: --source: no source is named \"Reuters\""
    );
}

#[test]
fn text_searches_titles_summaries_quotes_and_figures_of_the_timeline() {
    let env = four_articles();
    // "partner" is in quotes only; "NATO troops" in titles and a summary.
    let partner: Vec<Event> = env.json(&["timeline", "--text", "partner", "--format", "json"]);
    assert_eq!(
        ids(&partner),
        [MEETING, "2023-07-20-kurti-rejects-vucic-claim"]
    );
    let troops: Vec<Event> = env.json(&["timeline", "--text", "NATO troops", "--format", "json"]);
    assert_eq!(
        ids(&troops),
        ["2023-nato-increases-presence", ATTACK, DECISION]
    );
    // "hospital" is in the words of a figure only.
    let hospital: Vec<Event> = env.json(&["timeline", "--text", "hospital", "--format", "json"]);
    assert_eq!(ids(&hospital), [ATTACK]);
    // With a range, only what also lies in it.
    let may: Vec<Event> = env.json(&[
        "timeline",
        "--text",
        "troops",
        "--on",
        "2023-05-30",
        "--within",
        "--format",
        "json",
    ]);
    assert_eq!(ids(&may), [DECISION]);
    // Accents and case folded; punctuation is never FTS5 syntax.
    assert_eq!(
        env.ok(&["timeline", "--text", "STOLTENBERG", "--format", "csv"]),
        env.ok(&["timeline", "--text", "stoltenberg", "--format", "csv"])
    );
    assert_eq!(
        env.ok(&["timeline", "--text", "\" OR 1", "--format", "json"]),
        "[]\n"
    );
    let err = env.fails(&["timeline", "--text", "  "]);
    assert_eq!(
        err.trim(),
        "error: --text \"  \": nothing to search for: give one or more words"
    );
}

#[test]
fn kind_is_matched_without_case_and_a_misspelt_one_gets_did_you_mean() {
    let env = Env::with_seed();
    assert_eq!(
        env.ok(&["timeline", "--kind", "Meeting", "--format", "json"]),
        env.ok(&["timeline", "--kind", "meeting", "--format", "json"])
    );
    let meetings: Vec<Event> = env.json(&["timeline", "--kind", "MEETING", "--format", "json"]);
    assert_eq!(ids(&meetings), [MEETING]);
    let err = env.fails(&["timeline", "--kind", "meetng"]);
    assert_eq!(
        err.trim(),
        "error: --kind: no event is of kind \"meetng\" (did you mean \"meeting\"?)"
    );
    let err = env.fails(&[
        "aggregate",
        "events",
        "--by",
        "month",
        "--kind",
        "coronation",
    ]);
    assert_eq!(
        err.trim(),
        "error: --kind: no event is of kind \"coronation\" (kinds: attack, decision, declaration, \
         deployment, election, meeting, position, protest, recognition, request, shooting, \
         statement)"
    );
}

/// When a later report narrows an event's date, the date is shown with that report's words and
/// its publisher, not the first article's words; articles added one by one, the oldest report
/// that gives the date wins whatever the order they came in.
#[test]
fn a_narrowed_date_is_shown_with_the_words_of_the_report_that_gave_it() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let words = |env: &Env, id: &str| -> (String, Option<String>, Option<String>, Option<String>) {
        let events: Vec<Event> = env.json(&["timeline", "--format", "json"]);
        let e = events.into_iter().find(|e| e.id == id).unwrap();
        (e.date_human, e.date_text, e.date_source, e.date_publisher)
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        words(&env, ATTACK),
        (
            "May 2023".into(),
            some("in May"),
            some("anews-2023-07-19-nato-chief-serbia"),
            some("A News")
        )
    );
    // The attack dated "on May 29" by `source` of `publisher`, in the timeline and in `show`.
    let on_may_29_by = |env: &Env, source: &str, publisher: &str| {
        assert_eq!(
            words(env, ATTACK),
            (
                "29 May 2023".into(),
                some("on May 29"),
                some(source),
                some(publisher)
            )
        );
        let show = env.ok(&["show", ATTACK, "--width", "200"]);
        let line = format!(
            "\ndate:     29 May 2023 — “on May 29”, {publisher} (2023-05-29; 2023-05-29 to 2023-05-29)\n"
        );
        assert_contains!(show, &line);
    };
    // A wire report of the next day dates the attack "on May 29".
    env.copy_fixtures("report-2023-07-20-test-wire-vucic-brussels.");
    env.ok(&["seed"]);
    on_may_29_by(&env, "testwire-2023-07-20-vucic-brussels", "Test Wire");
    // An older article, added later, said the same: its words are the record's now.
    env.copy_dir(&crate::util::fixtures().join("backfill"), "seed");
    env.ok(&["seed"]);
    on_may_29_by(
        &env,
        "fixture-daily-2023-06-05-zvecan-clash",
        "Fixture Daily",
    );
    // The same in CSV, and in the exports that word the date.
    let csv = env.ok(&["timeline", "--kind", "attack", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(
        (
            cell("date_text"),
            cell("date_source"),
            cell("date_publisher")
        ),
        (
            "on May 29".into(),
            "fixture-daily-2023-06-05-zvecan-clash".into(),
            "Fixture Daily".into()
        )
    );
    let ics = env.ok(&[
        "export",
        "--format",
        "ics",
        "--today",
        "2023-07-21",
        "--kind",
        "attack",
    ]);
    assert_contains!(
        ics,
        "DESCRIPTION:29 May 2023 — “on May 29”\\, Fixture Daily"
    );
    let tljs = env.ok(&[
        "export",
        "--format",
        "timelinejs",
        "--today",
        "2023-07-21",
        "--kind",
        "attack",
    ]);
    assert_contains!(tljs, "When: 29 May 2023 — “on May 29”, Fixture Daily");
    // A date that several reports give in the same words: the oldest report's.
    assert_eq!(
        words(&env, MEETING),
        (
            "19 Jul 2023".into(),
            some("on Wednesday"),
            some("anews-2023-07-19-nato-chief-serbia"),
            some("A News")
        )
    );
}
