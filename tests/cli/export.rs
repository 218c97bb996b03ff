//! `annals export`: every format through the real binary, on the founding article and on a small
//! seed of awkward dates and titles.

use std::collections::HashSet;

use serde::Deserialize;

use crate::timeline::Event;
use crate::util::Env;

/// The founding article's publication date: ongoing events end there.
const TODAY: &str = "2023-07-19";

/// Dates of every shape and titles with characters each format must escape.
const AWKWARD: &str = r#"
[source]
id = "awkward-wire"
title = "Awkward wire"
publisher = "Test Wire"
published = "2024-03-01"
url = "https://example.org/awkward"

[[organisations]]
id = "alliance"
name = "The Alliance"

[[events]]
id = "talks"
date = "2024-01-15"
kind = "meeting"
title = "Talks: round 2 </script><b>bold</b> & more, part; one"
participants = [{ id = "alliance" }]

[[events]]
id = "siege"
date = "2023-11/.."
kind = "siege"
title = "Siege begins"

[[events]]
id = "truce"
date = "../2023-12"
kind = "truce"
title = "Truce holds until December"

[[events]]
id = "strike"
date = "2023-10~/"
kind = "strike"
title = "Strike, end unknown"

[[events]]
id = "vote"
date = "2023?"
kind = "vote"
title = "A vote sometime in 2023"
"#;

fn awkward() -> Env {
    let env = Env::empty();
    env.write("wire/awkward.toml", AWKWARD);
    env.ok(&["seed", "wire"]);
    env
}

fn export(env: &Env, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "--format", format, "--today", TODAY];
    args.extend_from_slice(extra);
    env.ok(&args)
}

// TimelineJS 3's documented JSON format (timeline.knightlab.com/docs/json-format.html), as
// structs that refuse anything else: a misspelt or invented field fails the test.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlTimeline {
    title: Option<TlSlide>,
    events: Vec<TlSlide>,
    eras: Option<serde_json::Value>,
    scale: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlSlide {
    start_date: Option<TlDate>,
    end_date: Option<TlDate>,
    text: Option<TlText>,
    media: Option<serde_json::Value>,
    group: Option<String>,
    display_date: Option<String>,
    background: Option<serde_json::Value>,
    autolink: Option<bool>,
    unique_id: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct TlDate {
    year: i64,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    millisecond: Option<u32>,
    display_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlText {
    headline: Option<String>,
    text: Option<String>,
}

fn date(year: i64, month: Option<u32>, day: Option<u32>, display: &str) -> TlDate {
    TlDate {
        year,
        month,
        day,
        hour: None,
        minute: None,
        second: None,
        millisecond: None,
        display_date: Some(display.into()),
    }
}

fn slide<'a>(doc: &'a TlTimeline, id: &str) -> &'a TlSlide {
    doc.events
        .iter()
        .find(|s| s.unique_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no slide {id}"))
}

#[test]
fn timelinejs_has_the_documented_shape_and_honest_dates() {
    let env = Env::with_seed();
    let out = export(&env, "timelinejs", &[]);
    let doc: TlTimeline = serde_json::from_str(&out).unwrap();
    assert!(doc.eras.is_none() && doc.scale.is_none());
    let title = doc.title.as_ref().unwrap();
    assert!(title.start_date.is_none() && title.unique_id.is_none());
    assert_eq!(
        title.text.as_ref().unwrap().text.as_deref(),
        Some("12 event(s), exported 19 July 2023")
    );
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    assert_eq!(doc.events.len(), timeline.len());
    let mut ids = HashSet::new();
    for (s, e) in doc.events.iter().zip(&timeline) {
        // Every slide: a start date, a headline, a unique id that is the event's id.
        assert_eq!(s.unique_id.as_deref(), Some(e.id.as_str()));
        assert!(ids.insert(e.id.clone()));
        let start = s.start_date.as_ref().expect("start_date");
        assert!(start.month.is_none_or(|m| (1..=12).contains(&m)));
        assert!(start.day.is_none() || start.month.is_some());
        assert_eq!(
            s.text.as_ref().unwrap().headline.as_deref(),
            Some(e.title.as_str())
        );
        assert_eq!(s.group.as_deref(), Some(e.kind.as_str()));
        assert!(s.media.is_none() && s.background.is_none() && s.autolink.is_none());
    }
    // A month is a month, not 1 May; a year is a year.
    let attack = slide(&doc, "2023-05-attack-on-kfor");
    assert_eq!(
        attack.start_date,
        Some(date(2023, Some(5), None, "May 2023"))
    );
    assert!(attack.end_date.is_none());
    assert_eq!(attack.display_date.as_deref(), Some("May 2023"));
    let independence = slide(&doc, "2008-kosovo-declares-independence");
    assert_eq!(
        independence.start_date,
        Some(date(2008, None, None, "2008"))
    );
    // An interval keeps each end's own precision.
    let shot = slide(&doc, "2023-01-19-serbs-shot-in-kosovo");
    assert_eq!(
        shot.start_date,
        Some(date(2023, Some(1), Some(19), "19 Jan 2023"))
    );
    assert_eq!(
        shot.end_date,
        Some(date(2023, Some(7), Some(19), "19 Jul 2023"))
    );
    // Ongoing: ends at the export date, and says so.
    let protests = slide(&doc, "2023-05-protests-against-albanian-mayors");
    assert_eq!(
        protests.start_date,
        Some(date(2023, Some(5), None, "May 2023"))
    );
    assert_eq!(
        protests.end_date,
        Some(date(2023, Some(7), Some(19), "ongoing (19 Jul 2023)"))
    );
    assert_eq!(
        protests.display_date.as_deref(),
        Some("since May 2023 (ongoing)")
    );
    assert!(protests
        .text
        .as_ref()
        .unwrap()
        .text
        .as_deref()
        .unwrap()
        .contains("Ongoing"));
    // Details: figures with who claimed them, quotes, the source linked.
    let text = attack.text.as_ref().unwrap().text.clone().unwrap();
    assert_contains!(
        text,
        "<li>93 people injured — Jens Stoltenberg (A News)</li>"
    );
    assert_contains!(text, "Three of them were seriously injured.");
    assert_contains!(text, "<a href=\"https://anews.com.tr/");
    insta::assert_snapshot!("export_timelinejs", out);
}

#[test]
fn timelinejs_export_date_moves_ongoing_ends_and_filters_apply() {
    let env = Env::with_seed();
    let out = export(&env, "timelinejs", &["--kind", "protest"]);
    let doc: TlTimeline = serde_json::from_str(&out).unwrap();
    assert_eq!(doc.events.len(), 1);
    let later = env
        .cmd()
        .args(["export", "--format", "timelinejs", "--kind", "protest"])
        .env("ANNALS_TODAY", "2025-02-03")
        .output()
        .unwrap();
    assert!(later.status.success());
    let doc: TlTimeline = serde_json::from_slice(&later.stdout).unwrap();
    let end = doc.events[0].end_date.as_ref().unwrap();
    assert_eq!((end.year, end.month, end.day), (2025, Some(2), Some(3)));
}

#[test]
fn timelinejs_escapes_html_and_handles_open_sides() {
    let env = awkward();
    let doc: TlTimeline = serde_json::from_str(&export(&env, "timelinejs", &[])).unwrap();
    let talks = slide(&doc, "talks");
    assert_eq!(
        talks.text.as_ref().unwrap().headline.as_deref(),
        Some("Talks: round 2 &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; more, part; one")
    );
    // An open start begins at the only date known, and shows the date as the timeline words it.
    let truce = slide(&doc, "truce");
    assert_eq!(
        truce.start_date,
        Some(date(2023, Some(12), None, "Dec 2023"))
    );
    assert!(truce.end_date.is_none());
    assert_eq!(truce.display_date.as_deref(), Some("until Dec 2023"));
    // An unknown end has no end date; an uncertain year stays a year.
    let strike = slide(&doc, "strike");
    assert_eq!(
        strike.start_date,
        Some(date(2023, Some(10), None, "c. Oct 2023"))
    );
    assert!(strike.end_date.is_none());
    let vote = slide(&doc, "vote");
    assert_eq!(vote.start_date, Some(date(2023, None, None, "2023?")));
}

#[test]
fn mermaid_is_a_timeline_block_of_every_event() {
    let env = Env::with_seed();
    let out = export(&env, "mermaid", &[]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("timeline"));
    assert_eq!(lines.next(), Some("    title annals timeline"));
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    for e in &timeline {
        assert!(out.contains(&e.title), "{} missing:\n{out}", e.title);
    }
    assert!(out.contains("    section 2008\n"));
    assert!(out.contains("    section 2023\n"));
    assert!(out.contains(
        "        May 2023 : NATO troops attacked in northern Kosovo (93 people injured, "
    ));
    // Two events of the same date share one period.
    assert!(out.contains(
        "        19 Jul 2023 : Stoltenberg meets Vucic at NATO headquarters\n                    : Vucic asks"
    ));
    insta::assert_snapshot!("export_mermaid", out);
}

#[test]
fn mermaid_names_a_figure_two_articles_state_once() {
    let env = Env::with_seed();
    env.copy_dir(&crate::util::fixtures().join("backfill"), "seed");
    let out = export(&env, "mermaid", &[]);
    let attack = out
        .lines()
        .find(|l| l.contains("NATO troops attacked in northern Kosovo"))
        .unwrap_or_else(|| panic!("no attack line:\n{out}"));
    // The founding article and the backfilled one both state 30 soldiers injured.
    // ("11 soldiers injured (part of 30 soldiers injured)" names it as what it is part of.)
    let named = attack.matches("30 soldiers injured").count()
        - attack.matches("part of 30 soldiers injured").count();
    assert_eq!(named, 1, "{attack}");
    let shows: serde_json::Value =
        env.json(&["show", "2023-05-attack-on-kfor", "--format", "json"]);
    let stated = shows.to_string().matches("30 soldiers injured").count();
    assert!(stated >= 2, "both articles state it: {shows}");
}

#[test]
fn mermaid_text_cannot_break_the_diagram() {
    let env = awkward();
    let out = export(&env, "mermaid", &[]);
    // Entry lines have exactly one ": " (the separator); no line starts a comment.
    for line in out.lines().skip(2) {
        let t = line.trim_start();
        if t.starts_with("section ") {
            continue;
        }
        assert_eq!(line.matches(": ").count(), 1, "{line:?}");
        assert!(!t.starts_with('#') && !t.starts_with("%%"), "{line:?}");
    }
    assert_contains!(out, "Talks∶ round 2");
    assert_contains!(out, "until Dec 2023 : Truce holds until December");
}

/// Unfold an iCalendar file into its content lines.
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ') {
            lines.last_mut().unwrap().push_str(rest);
        } else if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

/// The content lines of the VEVENT whose UID is `uid`.
fn vevent(lines: &[String], uid: &str) -> Vec<String> {
    let at = lines
        .iter()
        .position(|l| l == &format!("UID:{uid}"))
        .unwrap_or_else(|| panic!("no {uid}"));
    let start = lines[..at]
        .iter()
        .rposition(|l| l == "BEGIN:VEVENT")
        .unwrap();
    let end = at + lines[at..].iter().position(|l| l == "END:VEVENT").unwrap();
    lines[start..=end].to_vec()
}

#[test]
fn ics_is_rfc_5545_all_day_events_with_exclusive_ends() {
    let env = Env::with_seed();
    let out = export(&env, "ics", &[]);
    // Every line ends in CRLF and is at most 75 octets; no bare LF.
    assert!(out.ends_with("\r\n"));
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let lines = unfold(&out);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        timeline.len()
    );
    for e in &timeline {
        let ev = vevent(&lines, &format!("{}@annals", e.id));
        assert!(ev.contains(&format!("SUMMARY:{}", e.title.replace(',', "\\,"))));
        assert!(ev.contains(&"DTSTAMP:20230719T000000Z".to_string()));
        assert!(ev.iter().any(|l| l.starts_with("DTSTART;VALUE=DATE:")));
        assert!(ev.iter().any(|l| l.starts_with("DTEND;VALUE=DATE:")));
    }
    // May 2023 is 1 May up to (not including) 1 June.
    let attack = vevent(&lines, "2023-05-attack-on-kfor@annals");
    assert!(attack.contains(&"DTSTART;VALUE=DATE:20230501".to_string()));
    assert!(attack.contains(&"DTEND;VALUE=DATE:20230601".to_string()));
    assert!(attack.contains(&"LOCATION:northern Kosovo".to_string()));
    let desc = attack
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert_contains!(desc, "93 people injured — Jens Stoltenberg (A News)\\n");
    // A day is one day; an ongoing event runs through the export date.
    let meeting = vevent(&lines, "2023-07-19-stoltenberg-vucic-meeting@annals");
    assert!(meeting.contains(&"DTSTART;VALUE=DATE:20230719".to_string()));
    assert!(meeting.contains(&"DTEND;VALUE=DATE:20230720".to_string()));
    let protests = vevent(&lines, "2023-05-protests-against-albanian-mayors@annals");
    assert!(protests.contains(&"DTEND;VALUE=DATE:20230720".to_string()));
    insta::assert_snapshot!("export_ics", out.replace("\r\n", "⏎\n"));
}

#[test]
fn ics_escapes_text_and_spans_open_sides() {
    let env = awkward();
    let lines = unfold(&export(&env, "ics", &[]));
    let talks = vevent(&lines, "talks@annals");
    assert!(
        talks.contains(
            &"SUMMARY:Talks: round 2 </script><b>bold</b> & more\\, part\\; one".to_string()
        ),
        "{talks:?}"
    );
    assert!(talks.contains(&"URL:https://example.org/awkward".to_string()));
    let truce = vevent(&lines, "truce@annals");
    assert!(truce.contains(&"DTSTART;VALUE=DATE:20231201".to_string()));
    assert!(truce.contains(&"DTEND;VALUE=DATE:20240101".to_string()));
    let siege = vevent(&lines, "siege@annals");
    assert!(siege.contains(&"DTSTART;VALUE=DATE:20231101".to_string()));
    // Ongoing since November 2023 with the export date before it: only its first day.
    assert!(
        siege.contains(&"DTEND;VALUE=DATE:20231102".to_string()),
        "{siege:?}"
    );
}

#[test]
fn csv_and_jsonl_carry_the_whole_record() {
    let env = Env::with_seed();
    let csv_out = export(&env, "csv", &[]);
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for h in [
        "id",
        "date",
        "earliest",
        "latest",
        "date_human",
        "figures",
        "quotes",
        "sources",
    ] {
        assert!(headers.iter().any(|x| x == h), "{h} in {headers:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    assert_eq!(rows.len(), timeline.len());
    let quotes = headers.iter().position(|h| h == "quotes").unwrap();
    let attack = rows
        .iter()
        .find(|r| &r[0] == "2023-05-attack-on-kfor")
        .unwrap();
    assert!(attack[quotes].contains("Jens Stoltenberg: \"Three of them were seriously injured."));

    let jsonl = export(&env, "jsonl", &[]);
    let events: Vec<Event> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        events.iter().map(|e| &e.id).collect::<Vec<_>>(),
        timeline.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    assert_eq!(events[0].date, timeline[0].date);
}

/// The JSON embedded in an exported page.
fn page_data(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"annals-data\">";
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn html_page_has_a_map_whose_outline_follows_the_located_events() {
    let env = Env::with_seed();
    let html = export(&env, "html", &[]);
    for part in [
        r#"<svg id="map""#,
        r#"id="map-note""#,
        r#"id="map-fit""#,
        "Natural Earth",
        "data-map-event-id",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let data = page_data(&html);
    let events = data["events"].as_array().unwrap();
    let located: Vec<&serde_json::Value> = events.iter().filter_map(|e| e.get("geo")).collect();
    for geo in &located {
        assert!(
            geo["latitude"].is_f64() && geo["longitude"].is_f64(),
            "{geo}"
        );
    }
    // The outline is there exactly when some event has a place on the map.
    let outline = data["outline"].as_array().unwrap();
    assert_eq!(
        outline.is_empty(),
        located.is_empty(),
        "{} countries",
        outline.len()
    );
}

#[test]
fn html_is_one_self_contained_page_with_every_event() {
    let env = Env::with_seed();
    let html = export(&env, "html", &[]);
    assert!(html.starts_with("<!doctype html>"));
    // Nothing to fetch: a policy that forbids requests, no external resource of any kind.
    assert!(html.contains("content=\"default-src 'none';"));
    for bad in [
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
        "<link rel=\"stylesheet",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(
        html.contains("data-event-id"),
        "the script marks each event"
    );
    let data = page_data(&html);
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    let events = data["events"].as_array().unwrap();
    assert_eq!(events.len(), timeline.len());
    assert_eq!(data["exported"], TODAY);
    assert_eq!(data["lanes"], "kind");
    let attack = events
        .iter()
        .find(|e| e["id"] == "2023-05-attack-on-kfor")
        .unwrap();
    assert_eq!(attack["lane"], "attack");
    assert_eq!(
        (attack["first"].as_str(), attack["last"].as_str()),
        (Some("2023-05-01"), Some("2023-05-31"))
    );
    assert_eq!(attack["quotes"][0]["speaker"]["name"], "Jens Stoltenberg");
    let protests = events
        .iter()
        .find(|e| e["id"] == "2023-05-protests-against-albanian-mayors")
        .unwrap();
    assert_eq!(protests["last"], TODAY);
    let source = &data["sources"]["anews-2023-07-19-nato-chief-serbia"];
    assert_eq!(source["publisher"], "A News");
    assert!(source["url"]
        .as_str()
        .unwrap()
        .starts_with("https://anews.com.tr/"));
}

#[test]
fn html_data_cannot_close_its_script_and_lanes_can_be_organisations() {
    let env = awkward();
    let html = export(&env, "html", &["--lanes", "organisation"]);
    // Exactly the page's own two scripts end; the title's `</script>` is escaped.
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(html.contains("\\u003c/script\\u003e\\u003cb\\u003ebold"));
    let data = page_data(&html);
    assert_eq!(data["lanes"], "organisation");
    let lane = |id: &str| {
        data["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()["lane"]
            .clone()
    };
    assert_eq!(lane("talks"), "The Alliance");
    assert_eq!(lane("siege"), "(no organisation)");
    // In timeline order: the open start first.
    assert_eq!(data["events"].as_array().unwrap()[0]["id"], "truce");
    let truce = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "truce")
        .unwrap();
    assert_eq!(truce["open_start"], true);
    assert_eq!(truce["unknown_end"], false);
}

#[test]
fn out_writes_a_file_and_stdout_stays_empty() {
    let env = Env::with_seed();
    let stdout = env.ok(&[
        "export",
        "--format",
        "ics",
        "--today",
        TODAY,
        "--out",
        "kosovo.ics",
    ]);
    assert_eq!(stdout, "");
    let file = std::fs::read_to_string(env.path("kosovo.ics")).unwrap();
    assert_eq!(file, export(&env, "ics", &[]));
}

#[test]
fn bad_arguments_are_refused_and_write_nothing() {
    let env = Env::with_seed();
    env.ok(&["migrate"]);
    env.ok(&["seed"]);
    let before = env.dump();
    let err = env.fails(&["export", "--format", "html", "--today", "2023-02-30"]);
    assert_contains!(err, "--today \"2023-02-30\"");
    let err = env.fails(&[
        "export", "--format", "ics", "--lanes", "kind", "--today", TODAY,
    ]);
    assert_contains!(err, "--lanes applies to --format html only");
    let err = env.fails(&[
        "export", "--format", "html", "--from", "2023-13", "--today", TODAY,
    ]);
    assert_contains!(err, "--from");
    let err = env.fails(&[
        "export", "--format", "html", "--person", "nobody", "--today", TODAY,
    ]);
    assert_contains!(err, "no person is named \"nobody\"");
    let err = env.fails(&[
        "export",
        "--format",
        "html",
        "--today",
        TODAY,
        "--out",
        "no/such/dir/t.html",
    ]);
    assert_contains!(err, "cannot write no/such/dir/t.html");
    assert!(!env.path("no").exists());
    let unknown = env.output(&["export", "--format", "pdf"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("possible values"));
    assert_eq!(env.dump(), before);
}

/// The ids of the events a page holds, in its order.
fn page_ids(html: &str) -> Vec<String> {
    page_data(html)["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The note a page that holds only some events shows above its chart.
fn limit_note(html: &str) -> Option<&str> {
    let start = html.find("<p id=\"limited\"")?;
    Some(&html[start..start + html[start..].find("</p>").unwrap()])
}

#[test]
fn an_html_page_holds_the_latest_events_it_is_given_and_says_so() {
    let env = Env::with_seed();
    let timeline: Vec<Event> = env.json(&["timeline", "--format", "json"]);
    let all: Vec<String> = timeline.iter().map(|e| e.id.clone()).collect();
    assert_eq!(all.len(), 12);

    let html = export(&env, "html", &["--limit", "5"]);
    assert_eq!(page_ids(&html), all[7..]);
    assert_eq!(page_data(&html)["of"], 12);
    let note = limit_note(&html).expect("a note that the page holds 5 of 12 events");
    assert_contains!(
        note,
        "Showing the latest 5 of 12 events, by the day they start (from 1 May 2023)."
    );
    assert_contains!(note, "<code>--all</code> for every one");

    // Fewer events than the limit, or --all: every event, and nothing said of a limit.
    for extra in [&[][..], &["--all"], &["--limit", "12"]] {
        let html = export(&env, "html", extra);
        assert_eq!(page_ids(&html), all, "{extra:?}");
        assert_eq!(page_data(&html)["of"], serde_json::Value::Null, "{extra:?}");
        assert_eq!(limit_note(&html), None, "{extra:?}");
    }
    // The filters choose the window; the limit then keeps its latest.
    let html = export(&env, "html", &["--to", "2023-05", "--limit", "2"]);
    let window: Vec<Event> = env.json(&["timeline", "--format", "json", "--to", "2023-05"]);
    let ids: Vec<&String> = window.iter().map(|e| &e.id).collect();
    assert_eq!(
        page_ids(&html).iter().collect::<Vec<_>>(),
        ids[ids.len() - 2..]
    );
    assert_eq!(page_data(&html)["of"], window.len());
}

#[test]
fn a_large_record_makes_a_page_of_2000_events_unless_told_otherwise() {
    let env = Env::empty();
    crate::util::write_corpus(&env.path("seed"), "many", 0..21, 100, 1);
    env.ok(&["seed"]);
    let html = export(&env, "html", &[]);
    assert_eq!(page_ids(&html).len(), 2000);
    assert_eq!(page_data(&html)["of"], 2100);
    assert_contains!(
        limit_note(&html).unwrap(),
        "Showing the latest 2,000 of 2,100 events"
    );
    let html = export(&env, "html", &["--all"]);
    assert_eq!(page_ids(&html).len(), 2100);
    assert_eq!(limit_note(&html), None);
}

#[test]
fn limit_and_all_are_for_the_html_page_only() {
    let env = Env::with_seed();
    for format in ["csv", "jsonl", "ics", "mermaid", "timelinejs"] {
        for extra in [&["--limit", "3"][..], &["--all"]] {
            let mut args = vec!["export", "--format", format, "--today", TODAY];
            args.extend_from_slice(extra);
            let err = env.fails(&args);
            assert_contains!(err, "--limit and --all apply to --format html only");
        }
    }
    let err = env.fails(&["export", "--format", "seed", "--out", "x", "--all"]);
    assert_contains!(err, "--limit and --all apply to --format html only");
    assert!(!env.path("x").exists());
    for bad in [&["--limit", "0"][..], &["--limit", "2", "--all"]] {
        let mut args = vec!["export", "--format", "html", "--today", TODAY];
        args.extend_from_slice(bad);
        assert_eq!(env.output(&args).status.code(), Some(2), "{bad:?}");
    }
}
