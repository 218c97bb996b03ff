//! One self-contained HTML page: inline CSS, the events as embedded JSON, and a small script
//! (`timeline.js`, beside this file) that draws them as SVG on a zoomable time axis and shows an
//! event's details on click. Beside the timeline, a map (`map.js`) draws the events that have a
//! place with coordinates (`TimelineRow::geo`): points, and boxes for areas (lighter where only a
//! place the event lies within is known), over the country outlines around them ([`outline`]).
//! Selecting an event on either highlights it on both, and the map shows only the events in the
//! timeline's visible window. The page loads nothing: a Content-Security-Policy forbids every
//! request, so it opens from disk with no network.
//!
//! A page draws every event it holds, so it holds at most [`DEFAULT_LIMIT`] events unless told
//! otherwise: the latest ones, kept as the timeline's rows stream by ([`Latest`]), and the page
//! says how many it shows of how many and how to see others. A whole record of 90,000 events is
//! a page of about 90 MB that a browser takes tens of seconds to open; it is written when asked
//! for (`--all`).

use std::collections::{BTreeMap, VecDeque};
use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Export, Lanes, Span};
use crate::output::figures::{self, Style};
use crate::query::sources::StoredArticle;
use crate::query::timeline::TimelineRow;

pub mod outline;

const CSS: &str = include_str!("timeline.css");
const JS: &str = include_str!("timeline.js");
const MAP_JS: &str = include_str!("map.js");

/// How many events a page holds when neither `--limit` nor `--all` is given: enough for years
/// of a day's news, few enough that the page opens in a second or two.
pub const DEFAULT_LIMIT: usize = 2000;

/// The rows a page is drawn from: the latest `limit` of the timeline's rows (the last in its
/// order, by first day), kept as they stream by, so memory holds `limit` rows whatever the
/// record's size; and how many rows there were.
#[derive(Debug)]
pub struct Latest {
    limit: Option<usize>,
    rows: VecDeque<TimelineRow>,
    total: usize,
}

impl Latest {
    /// Keep the last `limit` rows; every row when `None`.
    pub fn new(limit: Option<usize>) -> Latest {
        Latest {
            limit,
            rows: VecDeque::new(),
            total: 0,
        }
    }

    pub fn push(&mut self, row: TimelineRow) {
        self.total += 1;
        self.rows.push_back(row);
        if self.limit.is_some_and(|n| self.rows.len() > n) {
            self.rows.pop_front();
        }
    }

    /// The rows kept, in timeline order, and how many there were when that is more.
    pub fn finish(self) -> (Vec<TimelineRow>, Option<usize>) {
        let of = (self.total > self.rows.len()).then_some(self.total);
        (self.rows.into(), of)
    }
}

/// What the script reads from `#annals-data`.
#[derive(Debug, Serialize)]
struct Data<'a> {
    title: &'static str,
    /// The export date, YYYY-MM-DD: ongoing events are drawn up to it.
    exported: String,
    /// `kind` or `organisation`.
    lanes: &'static str,
    /// How many events the filters gave, when the page holds only the latest of them.
    of: Option<usize>,
    events: Vec<PageEvent<'a>>,
    sources: BTreeMap<&'a str, &'a StoredArticle>,
    /// The country outlines around the events that have a place on the map (none when no event
    /// has).
    outline: Vec<outline::Country>,
}

/// A timeline row with what drawing it needs.
#[derive(Debug, Serialize)]
struct PageEvent<'a> {
    #[serde(flatten)]
    row: &'a TimelineRow,
    /// The lane it is drawn in.
    lane: String,
    /// First and last day drawn (see [`Span`]).
    first: String,
    last: String,
    /// The start is open or unknown: drawn fading out to the left.
    open_start: bool,
    /// The end is unknown: drawn fading out to the right.
    unknown_end: bool,
    /// The figures as the timeline shows them: each number once, with who gives it.
    figure_lines: Vec<String>,
}

/// What the page's script reads: the rows with what drawing them needs, and the outlines
/// around those that have a place on the map.
fn page_data<'a>(rows: &'a [TimelineRow], ctx: &'a Export) -> Result<Data<'a>> {
    let events = rows
        .iter()
        .map(|row| {
            let span = Span::of(row, ctx.today)?;
            Ok(PageEvent {
                row,
                lane: lane(row, ctx.lanes),
                first: span.first.to_string(),
                last: span.last.to_string(),
                open_start: span.date.open_start(),
                unknown_end: span.unknown_end(),
                figure_lines: figures::lines(&row.figures, Style { thousands: true }),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let extent = outline::extent(rows.iter().filter_map(|r| r.geo.as_ref()));
    Ok(Data {
        title: "annals timeline",
        exported: ctx.today.to_string(),
        lanes: match ctx.lanes {
            Lanes::Kind => "kind",
            Lanes::Organisation => "organisation",
        },
        of: ctx.of,
        sources: ctx.sources.iter().map(|s| (s.id.as_str(), s)).collect(),
        events,
        outline: extent.map_or_else(Vec::new, |e| outline::countries(&outline::around(e))),
    })
}

/// Write the page.
pub fn write(rows: &[TimelineRow], ctx: &Export, out: &mut dyn Write) -> Result<()> {
    let data = page_data(rows, ctx)?;
    let limited = limit_note(&data);
    let json = script_safe_json(&data)?;
    write!(
        out,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>annals timeline</title>
<link rel="icon" href="data:,">
<style>
{CSS}</style>
</head>
<body>
<header>
  <h1>annals timeline</h1>
  <p id="summary"></p>{limited}
  <nav class="controls" aria-label="Zoom and pan">
    <button type="button" id="zoom-in" title="Zoom in (+)">+</button>
    <button type="button" id="zoom-out" title="Zoom out (-)">&minus;</button>
    <button type="button" id="pan-left" title="Earlier (&larr;)">&larr;</button>
    <button type="button" id="pan-right" title="Later (&rarr;)">&rarr;</button>
    <button type="button" id="fit" title="Show everything (0)">Fit</button>
  </nav>
</header>
<main>
  <div id="chart" tabindex="0" aria-label="Timeline: scroll to zoom, drag to pan, or use the buttons and the + - arrow keys"><svg id="timeline" xmlns="http://www.w3.org/2000/svg" role="img"></svg><div id="spacer"></div></div>
  <div id="side">
    <figure id="map-panel">
      <svg id="map" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="Map of the events in view: scroll to zoom, drag to pan; each place is a button"></svg>
      <figcaption><span id="map-note" role="note"></span> <button type="button" id="map-fit" title="Show every event on the map">Fit map</button> <span class="credit">Borders: Natural Earth</span></figcaption>
    </figure>
    <aside id="details" aria-live="polite"><p class="hint">Click an event to see its details.</p></aside>
  </div>
</main>
<script type="application/json" id="annals-data">{json}</script>
<script>
{MAP_JS}
{JS}</script>
</body>
</html>
"#
    )?;
    out.flush()?;
    Ok(())
}

/// What the page says when it holds only the latest of the events the filters gave: how many
/// of how many, from which day, and how to see others. Empty when it holds them all.
fn limit_note(data: &Data) -> String {
    let (Some(of), Some(first)) = (data.of, data.events.first()) else {
        return String::new();
    };
    let from = NaiveDate::parse_from_str(&first.first, "%Y-%m-%d").map_or_else(
        |_| first.first.clone(),
        |d| d.format("%-d %b %Y").to_string(),
    );
    format!(
        "\n  <p id=\"limited\" role=\"note\">Showing the latest {} of {} events, by the day they \
         start (from {}). Export with <code>--from</code> and <code>--to</code> for other dates, \
         <code>--limit N</code> for more or fewer, <code>--all</code> for every one.</p>",
        thousands(data.events.len()),
        thousands(of),
        escape(&from)
    )
}

/// `12000` as `12,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text for an HTML element's content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The lane an event is drawn in: its kind, or its first organisation's name.
fn lane(row: &TimelineRow, lanes: Lanes) -> String {
    match lanes {
        Lanes::Kind => row.kind.clone(),
        Lanes::Organisation => row
            .participants
            .iter()
            .find(|p| p.kind == "organisation")
            .map_or_else(|| "(no organisation)".to_string(), |p| p.name.clone()),
    }
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` are written as `\u003c`,
/// `\u003e` and `\u0026`, so no `</script>` or `<!--` can end or change the element. JSON
/// syntax outside strings never holds these characters, so only strings change, and they
/// parse back the same.
fn script_safe_json(value: &impl Serialize) -> Result<String> {
    let json = serde_json::to_string(value)?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{Geo, GeoPrecision};

    fn row(id: &str, geo: Option<Geo>) -> TimelineRow {
        TimelineRow {
            id: id.into(),
            date: "2023-05-29".into(),
            earliest: Some("2023-05-29".into()),
            latest: Some("2023-05-29".into()),
            date_human: "29 May 2023".into(),
            precision: "day".into(),
            approximate: false,
            uncertain: false,
            ongoing: false,
            disputed: false,
            disputed_place: false,
            reported_places: Vec::new(),
            date_text: None,
            date_source: None,
            date_publisher: None,
            kind: "attack".into(),
            title: format!("Event {id}"),
            summary: None,
            place: None,
            participants: vec![],
            figures: vec![],
            quotes: vec![],
            sources: vec![],
            window: None,
            geo,
        }
    }

    fn geo(precision: GeoPrecision, [west, south, east, north]: [f64; 4]) -> Geo {
        Geo {
            latitude: (south + north) / 2.0,
            longitude: (west + east) / 2.0,
            west,
            south,
            east,
            north,
            precision,
            place: "p".into(),
        }
    }

    /// The data a page written from `rows` embeds for its script.
    fn page(rows: &[TimelineRow]) -> serde_json::Value {
        let ctx = Export {
            today: NaiveDate::from_ymd_opt(2023, 7, 19).unwrap(),
            lanes: Lanes::Kind,
            sources: vec![],
            of: None,
        };
        let mut out = Vec::new();
        write(rows, &ctx, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        let start = html.find(r#"id="annals-data">"#).unwrap() + r#"id="annals-data">"#.len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    fn outline_names(data: &serde_json::Value) -> Vec<&str> {
        let countries = data["outline"].as_array().unwrap();
        countries
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn located_events_carry_their_coordinates_and_the_outline_around_them() {
        let zvecan = [20.84, 42.91, 20.84, 42.91];
        let north = [20.3, 42.7, 21.2, 43.3];
        let kosovo = [20.03, 41.85, 21.75, 43.26];
        let rows = [
            row("town", Some(geo(GeoPrecision::Point, zvecan))),
            row("area", Some(geo(GeoPrecision::Area, north))),
            row("within", Some(geo(GeoPrecision::Within, kosovo))),
            row("nowhere", None),
        ];
        let data = page(&rows);
        let events = data["events"].as_array().unwrap();
        let town = &events[0]["geo"];
        assert_eq!(
            (town["latitude"].as_f64(), town["longitude"].as_f64()),
            (Some(42.91), Some(20.84))
        );
        assert_eq!(town["precision"], "point");
        assert_eq!(events[1]["geo"]["west"].as_f64(), Some(20.3));
        assert_eq!(events[1]["geo"]["north"].as_f64(), Some(43.3));
        assert_eq!(events[1]["geo"]["precision"], "area");
        assert_eq!(events[2]["geo"]["precision"], "within");
        assert!(events[3].get("geo").is_none(), "{}", events[3]);

        let names = outline_names(&data);
        for near in [
            "Kosovo",
            "Serbia",
            "Montenegro",
            "Albania",
            "Macedonia",
            "Bulgaria",
        ] {
            assert!(names.contains(&near), "{near} missing from {names:?}");
        }
        for far in ["Belgium", "Spain", "Brazil", "China", "Australia"] {
            assert!(!names.contains(&far), "{far} in {names:?}");
        }
    }

    #[test]
    fn a_page_with_no_located_event_carries_no_outline() {
        let data = page(&[row("a", None), row("b", None)]);
        assert_eq!(data["outline"], serde_json::json!([]));
    }

    #[test]
    fn thousands_are_separated() {
        let t: Vec<String> = [0, 999, 1000, 12000, 1234567].map(thousands).into();
        assert_eq!(t, ["0", "999", "1,000", "12,000", "1,234,567"]);
    }

    #[test]
    fn script_end_tags_cannot_escape_the_data() {
        let s = script_safe_json(&"</script><script>alert(1)</script> & <!--").unwrap();
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script> & <!--");
    }
}
