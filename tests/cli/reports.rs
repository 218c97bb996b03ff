//! One event, many reports: fixture articles that report the founding article's events again,
//! incremental re-seeding, pruning, and the `conflicts` view.

use std::collections::BTreeMap;

use crate::timeline::Event;
use crate::util::Env;

const MEETING: &str = "2023-07-19-stoltenberg-vucic-meeting";
const ATTACK: &str = "2023-05-attack-on-kfor";
const DECISION: &str = "2023-05-30-nato-sends-700-troops";
const PATROLS: &str = "2023-07-kfor-steps-up-patrols";
const WIRE: &str = "testwire-2023-07-20-vucic-brussels";
const WIRE_FILE: &str = "seed/report-2023-07-20-test-wire-vucic-brussels.toml";
const DAILY: &str = "testdaily-2023-07-21-kfor-patrols";
const FOUNDING: &str = "anews-2023-07-19-nato-chief-serbia";

fn timeline(env: &Env) -> BTreeMap<String, Event> {
    let events: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    events.into_iter().map(|e| (e.id.clone(), e)).collect()
}

fn rows(env: &Env, sql: &str) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => "NULL".to_string(),
                rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_second_report_joins_the_event_with_its_own_date_words_and_figures() {
    let env = Env::with_seed_and_fixtures("report-");
    let out = env.ok(&["seed"]);
    assert_contains!(out, "3 added, 0 updated, 0 unchanged, 0 pruned");
    let events = timeline(&env);
    assert_eq!(
        events.len(),
        13,
        "one new event, no duplicates: {:?}",
        events.keys()
    );

    let meeting = &events[MEETING];
    assert_eq!(meeting.sources, [FOUNDING, WIRE]);
    assert_eq!(meeting.date, "2023-07-19");

    // "in May" and "on May 29" give the day; both reports keep their own words and dates.
    let attack = &events[ATTACK];
    assert_eq!(attack.sources, [FOUNDING, WIRE]);
    assert_eq!(
        (attack.date.as_str(), attack.date_human.as_str()),
        ("2023-05-29", "29 May 2023")
    );
    assert!(!attack.disputed);
    let labels: Vec<(&str, &str)> = attack
        .figures
        .iter()
        .map(|f| (f.label.as_str(), f.source.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("93 people injured", FOUNDING),
            ("3 people seriously injured", FOUNDING),
            ("30 soldiers injured", FOUNDING),
            ("about 90 people injured", WIRE),
            ("25 soldiers injured", WIRE),
        ]
    );
    assert_eq!(
        rows(&env, "SELECT source_id, date, date_text, date_resolved, earliest, latest FROM event_sources WHERE event_id = '2023-05-attack-on-kfor' ORDER BY source_id"),
        [
            format!("{FOUNDING}|2023-05|in May|0|2023-05-01|2023-05-31"),
            format!("{WIRE}|2023-05-29|on May 29|1|2023-05-29|2023-05-29"),
        ]
    );
    // The oldest article reporting the event is named as its source; the date is shown with
    // the words of the report that gave it.
    assert_eq!(
        rows(
            &env,
            "SELECT source_id, title, date_text FROM events WHERE id = '2023-05-attack-on-kfor'"
        ),
        [format!(
            "{FOUNDING}|NATO troops attacked in northern Kosovo|on May 29"
        )]
    );

    // Another spelling merges into the same person.
    assert_eq!(env.count("people"), 2);
    let aliases = rows(
        &env,
        "SELECT alias FROM person_aliases WHERE person_id = 'aleksandar-vucic' ORDER BY alias",
    );
    assert_eq!(
        aliases,
        ["Aleksandar Vučić", "Serbian President", "Vucic", "Vučić"]
    );

    // A disputed date: both kept, the event spans them, and the timeline says so.
    let decision = &events[DECISION];
    assert!(decision.disputed);
    assert_eq!(decision.date, "2023-05-30/2023-05-31");
    assert_eq!(decision.date_human, "30 May 2023 or 31 May 2023 (disputed)");
    let table = env.ok(&["timeline", "--kind", "decision"]);
    assert_contains!(table, "(disputed)");

    // A new event dated only by its words.
    let patrols = &events[PATROLS];
    assert_eq!(
        (patrols.date.as_str(), patrols.date_human.as_str()),
        ("2023-07-17/..", "since 17 Jul 2023")
    );
    assert_eq!(
        rows(
            &env,
            "SELECT date_resolved FROM events WHERE id = '2023-07-kfor-steps-up-patrols'"
        ),
        ["1"]
    );
}

#[test]
fn the_timeline_table_counts_sources() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let table = env.ok(&["timeline", "--kind", "meeting"]);
    assert_contains!(table, " sources ");
    let row = table
        .lines()
        .find(|l| l.contains("Stoltenberg meets Vucic"))
        .unwrap();
    assert!(row.trim_end().ends_with(" 2"), "{row}");
}

#[test]
fn the_conflicts_view_lists_disagreeing_reports() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let conflicts = rows(
        &env,
        "SELECT event_id, about, measure, source_a, value_a, source_b, value_b FROM conflicts ORDER BY event_id, about, measure, value_a",
    );
    assert_eq!(
        conflicts,
        [
            format!("{DECISION}|date|NULL|{FOUNDING}|2023-05-30|{DAILY}|2023-05-31"),
            format!("{ATTACK}|figure|injured|{FOUNDING}|30 soldiers injured|{WIRE}|25 soldiers injured"),
            format!("{ATTACK}|figure|injured|{FOUNDING}|93 people injured|{WIRE}|about 90 people injured"),
        ]
    );
    // The same figure from two articles is no conflict.
    assert!(!conflicts
        .iter()
        .any(|c| c.starts_with(&format!("{DECISION}|figure"))));
}

#[test]
fn reseeding_an_unchanged_folder_writes_nothing() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let before = env.counts();
    let dump = env.dump();
    let watcher = env.conn();
    let version = Env::data_version(&watcher);
    let out = env.ok(&["seed"]);
    assert_contains!(out, "0 added, 0 updated, 3 unchanged, 0 pruned");
    assert_contains!(out, "nothing changed; the database was not written");
    assert_eq!(Env::data_version(&watcher), version, "the file was written");
    assert_eq!(env.counts(), before);
    assert_eq!(env.dump(), dump);

    // A run that does write is seen by the same watcher: the test can fail.
    let file = env.path(WIRE_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("value = 25", "value = 26")).unwrap();
    env.ok(&["seed"]);
    assert_ne!(Env::data_version(&watcher), version);
}

#[test]
fn editing_one_file_changes_exactly_that_articles_rows() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let before = env.dump_of_record();
    let file = env.path(WIRE_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("value = 90", "value = 85").replace(
        "aliases = [\"Zvecan\"]",
        "aliases = [\"Zvecan\", \"Zveçan\"]",
    );
    std::fs::write(&file, edited).unwrap();
    let out = env.ok(&["seed"]);
    assert_contains!(out, "0 added, 1 updated, 2 unchanged");
    let after = env.dump_of_record();
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    // Rows of other articles are untouched; the edited article's participants and figures are
    // re-inserted (new row ids), one figure with its new value, and its new alias added.
    for line in removed.iter().chain(&added) {
        assert!(
            line.contains(WIRE),
            "a row of another article changed: {line}"
        );
    }
    assert!(added.iter().any(|l| l.contains("|85|")), "{added:?}");
    assert!(added.iter().any(|l| l.contains("Zveçan")), "{added:?}");
    assert!(removed.iter().any(|l| l.contains("|90|")), "{removed:?}");
    assert_eq!(
        removed.len(),
        5,
        "source, 2 participants, 2 figures: {removed:?}"
    );
}

#[test]
fn a_changed_article_leaves_nothing_of_its_old_version() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    // The wire drops its place and its report of the attack.
    let file = env.path(WIRE_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = text.find("# The attack again").unwrap();
    let quotes = text.find("[[quotes]]").unwrap();
    let mut edited = text[..cut].to_string();
    edited.push_str(&text[quotes..]);
    let edited = edited.replace(
        "[[places]]\nid = \"zvecan\"\nname = \"Zvečan\"\naliases = [\"Zvecan\"]\n",
        "",
    );
    std::fs::write(&file, edited).unwrap();
    env.ok(&["seed"]);

    let fresh = Env::with_seed_and_fixtures("report-");
    std::fs::copy(&file, fresh.path(WIRE_FILE)).unwrap();
    fresh.ok(&["seed"]);
    assert_eq!(env.counts(), fresh.counts());
    assert_eq!(
        env.ok(&["timeline", "--format", "json"]),
        fresh.ok(&["timeline", "--format", "json"])
    );
    assert_eq!(env.count("places"), 2, "zvecan is defined nowhere now");
    let attack = &timeline(&env)[ATTACK];
    assert_eq!((attack.date.as_str(), attack.sources.len()), ("2023-05", 1));
}

#[test]
fn prune_removes_what_deleted_files_stated_and_only_that() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    std::fs::remove_file(env.path(WIRE_FILE)).unwrap();
    std::fs::remove_file(env.path(&WIRE_FILE.replace(".toml", ".txt"))).unwrap();

    // Without --prune the stored article stays.
    let out = env.ok(&["seed"]);
    assert_contains!(out, "0 pruned");
    assert_eq!(env.count("sources"), 3);

    let out = env.ok(&["seed", "--prune"]);
    assert_contains!(out, "pruned    seed/report-2023-07-20-test-wire-vucic-brussels.toml: article \"testwire-2023-07-20-vucic-brussels\" is not among the files given");
    assert_contains!(out, "0 added, 0 updated, 2 unchanged, 1 pruned");

    let fresh = Env::with_seed_and_fixtures("report-2023-07-21");
    fresh.ok(&["seed"]);
    assert_eq!(env.counts(), fresh.counts());
    assert_eq!(
        env.ok(&["timeline", "--format", "json"]),
        fresh.ok(&["timeline", "--format", "json"])
    );
    assert_eq!(
        rows(&env, "SELECT id FROM places WHERE id = 'zvecan'"),
        Vec::<String>::new()
    );
    assert_eq!(
        rows(
            &env,
            "SELECT count(*) FROM person_aliases WHERE alias = 'Vučić'"
        ),
        ["0"]
    );
    let attack = &timeline(&env)[ATTACK];
    assert_eq!((attack.date.as_str(), attack.sources.len()), ("2023-05", 1));

    let out = env.ok(&["seed", "--prune"]);
    assert_contains!(out, "nothing changed");
}

#[test]
fn pruning_an_article_others_still_refer_to_is_refused() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    // The founding article's file is gone, but the other articles still refer to its ids:
    // pruning it is refused, naming the file that refers to them.
    std::fs::remove_file(env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml"))
        .unwrap();
    let dump = env.dump();
    let err = env.fails(&["seed", "--prune"]);
    assert_contains!(err, "report-2023-07-20-test-wire-vucic-brussels.toml");
    assert_contains!(err, "unknown");
    assert_eq!(env.dump(), dump);
}

/// A report of an event defined elsewhere, as a seed file.
fn report(date: &str, extra: &str) -> String {
    format!(
        "[source]\ntitle = \"Later\"\npublisher = \"Test\"\npublished = \"2023-07-22\"\n\n\
         [[events]]\nid = \"{ATTACK}\"\n{date}{extra}"
    )
}

#[test]
fn incompatible_dates_name_both_files_unless_disputed() {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    let dump = env.dump();
    env.write(
        "later/2023-07-22-x.toml",
        report("date = \"2023-06-02\"\n", ""),
    );
    let err = env.fails(&["seed", "seed", "later"]);
    assert_contains!(err, "later/2023-07-22-x.toml:8:8: event \"2023-05-attack-on-kfor\" is dated 2023-06-02 here but 2023-05 in seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml: no day fits both; mark the event `disputed = true` to keep both dates");
    // The same, checked against the stored article alone.
    let err = env.fails(&["seed", "later"]);
    assert_contains!(err, "but 2023-05 in seed/2023-07-19-anews");
    assert_eq!(env.dump(), dump);

    env.write(
        "later/2023-07-22-x.toml",
        report("date = \"2023-06-02\"\n", "disputed = true\n"),
    );
    env.ok(&["seed", "later"]);
    let attack = &timeline(&env)[ATTACK];
    assert!(attack.disputed);
    // The span's ends are the reports' own dates: May (not 1 May) to 2 June.
    assert_eq!(attack.date, "2023-05/2023-06-02");
    assert_eq!(attack.precision, "month");
    assert_eq!(attack.date_human, "May 2023 or 2 Jun 2023 (disputed)");
}

#[test]
fn a_report_must_agree_with_the_kind_it_repeats_and_may_give_its_own_place() {
    let env = Env::with_seed();
    env.write(
        "seed/2023-07-22-x.toml",
        report("", "kind = \"riot\"\ntitle = \"NATO troops attacked in northern Kosovo\"\nplace = \"brussels\"\n"),
    );
    let err = env.fails(&["seed"]);
    assert_contains!(err, "2023-07-22-x.toml:8:8: event \"2023-05-attack-on-kfor\" has `kind` \"riot\" here but \"attack\" in seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    // A place outside the other report's is a dispute, not an error.
    assert!(!err.contains("took place in"), "{err}");
    assert_contains!(err, "1 error");
    assert!(!env.db().exists() || env.count("sources") == 0);
}

#[test]
fn a_new_event_needs_kind_title_and_a_date() {
    let env = Env::empty();
    env.write(
        "in/a.toml",
        "[source]\ntitle = \"A\"\npublisher = \"T\"\npublished = \"2023-07-22\"\n\n\
         [[events]]\nid = \"new-thing\"\n\n[[events]]\nid = \"other\"\nkind = \"k\"\ntitle = \"t\"\n\
         date_text = \"the April elections\"\n",
    );
    let err = env.fails(&["seed", "in"]);
    for expected in [
        "a.toml:7:6: event \"new-thing\" needs `kind`: no other article reports it",
        "a.toml:7:6: event \"new-thing\" needs `title`: no other article reports it",
        "a.toml:7:6: event \"new-thing\" needs `date` (or `date_text` words to resolve): no other article reports it",
        "a.toml:13:13: `date_text`: cannot resolve the date words \"the April elections\"; give an explicit `date`",
        "4 errors",
    ] {
        assert_contains!(err, expected);
    }
}

#[test]
fn the_defining_article_loaded_alone_may_change_its_definition() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let file = env.path("seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "title = \"NATO troops attacked in northern Kosovo\"",
            "title = \"KFOR troops attacked in northern Kosovo\"",
        ),
    )
    .unwrap();
    // Only the founding article is given; the wire's stored report of the attack stays.
    let out = env.ok(&[
        "seed",
        "seed/2023-07-19-anews-nato-chief-serbia-dialogue.toml",
    ]);
    assert_contains!(out, "1 updated");
    let attack = &timeline(&env)[ATTACK];
    assert_eq!(attack.title, "KFOR troops attacked in northern Kosovo");
    assert_eq!(attack.sources, [FOUNDING, WIRE]);
    assert_eq!(
        attack.date, "2023-05-29",
        "the stored report still dates it"
    );
}

#[test]
fn show_lists_each_report_of_a_disputed_event() {
    let env = Env::with_seed_and_fixtures("report-");
    env.ok(&["seed"]);
    let detail: serde_json::Value = env.json(&[
        "show",
        "2023-05-30-nato-sends-700-troops",
        "--format",
        "json",
    ]);
    assert_eq!(detail["disputed"], true, "{detail:#}");
    assert_eq!(detail["date"], "2023-05-30/2023-05-31");
    let dates: Vec<&str> = detail["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2023-05-30", "2023-05-31"]);
}

#[test]
fn reports_of_months_combine_into_months_not_days() {
    let env = Env::empty();
    let article = |id: &str, published: &str, event: &str| {
        format!(
            "[source]\nid = \"{id}\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"{published}\"\n\n\
             [[events]]\nid = \"strike\"\n{event}"
        )
    };
    env.write(
        "seed/a.toml",
        article(
            "a",
            "2023-07-01",
            "date = \"2023-05/\"\nkind = \"strike\"\ntitle = \"A strike\"\n",
        ),
    );
    env.write(
        "seed/b.toml",
        article("b", "2023-07-02", "date = \"/2023-06\"\n"),
    );
    env.ok(&["seed"]);
    let strike = &timeline(&env)["strike"];
    assert_eq!(strike.date, "2023-05/2023-06");
    assert_eq!(strike.precision, "month");
    assert_eq!(strike.date_human, "May – Jun 2023");
    assert_eq!(
        (strike.earliest.as_deref(), strike.latest.as_deref()),
        (Some("2023-05-01"), Some("2023-06-30"))
    );
}
