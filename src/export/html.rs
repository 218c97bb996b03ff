//! One self-contained HTML page: inline CSS, the events as embedded JSON, and a small script
//! (`timeline.js`, beside this file) that draws them as SVG on a zoomable time axis and shows an
//! event's details on click. The page loads nothing: a Content-Security-Policy forbids every
//! request, so it opens from disk with no network.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Export, Lanes, Span};
use crate::output::figures::{self, Style};
use crate::query::sources::StoredArticle;
use crate::query::timeline::TimelineRow;

const CSS: &str = include_str!("timeline.css");
const JS: &str = include_str!("timeline.js");

/// What the script reads from `#annals-data`.
#[derive(Debug, Serialize)]
struct Data<'a> {
    title: &'static str,
    /// The export date, YYYY-MM-DD: ongoing events are drawn up to it.
    exported: String,
    /// `kind` or `organisation`.
    lanes: &'static str,
    events: Vec<PageEvent<'a>>,
    sources: BTreeMap<&'a str, &'a StoredArticle>,
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

/// Write the page.
pub fn write(rows: &[TimelineRow], ctx: &Export, out: &mut dyn Write) -> Result<()> {
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
    let data = Data {
        title: "annals timeline",
        exported: ctx.today.to_string(),
        lanes: match ctx.lanes {
            Lanes::Kind => "kind",
            Lanes::Organisation => "organisation",
        },
        events,
        sources: ctx.sources.iter().map(|s| (s.id.as_str(), s)).collect(),
    };
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
  <p id="summary"></p>
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
  <aside id="details" aria-live="polite"><p class="hint">Click an event to see its details.</p></aside>
</main>
<script type="application/json" id="annals-data">{json}</script>
<script>
{JS}</script>
</body>
</html>
"#
    )?;
    out.flush()?;
    Ok(())
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
