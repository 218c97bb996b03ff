//! TimelineJS 3 JSON (Knight Lab's documented format: a `title` slide and `events`, each with
//! `start_date`, optional `end_date`, `text` {headline, text}, `group`, `display_date` and
//! `unique_id`). A date carries only the fields its precision knows, so "May 2023" is
//! `{year: 2023, month: 5}` and never an invented 1 May; an ongoing event ends at the export date
//! and says so.

use std::io::Write;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Export, Span};
use crate::date::Point;
use crate::output::figures::{self, Style};
use crate::query::timeline::TimelineRow;

#[derive(Debug, Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Debug, Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

#[derive(Debug, Serialize)]
struct Date {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    display_date: String,
}

#[derive(Debug, Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// Write the TimelineJS document.
pub fn write(rows: &[TimelineRow], ctx: &Export, out: &mut dyn Write) -> Result<()> {
    let events = rows
        .iter()
        .map(|row| slide(row, ctx))
        .collect::<Result<Vec<_>>>()?;
    let doc = Timeline {
        title: Slide {
            unique_id: None,
            start_date: None,
            end_date: None,
            display_date: None,
            text: Text {
                headline: "annals timeline".into(),
                text: format!(
                    "{} event(s), exported {}",
                    rows.len(),
                    ctx.today.format("%-d %B %Y")
                ),
            },
            group: None,
        },
        events,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

fn slide(row: &TimelineRow, ctx: &Export) -> Result<Slide> {
    let span = Span::of(row, ctx.today)?;
    let date = span.date;
    // An open or unknown start begins the slide at the end's date, the only one known.
    let start = date.start_point().or(date.end_point()).copied();
    let start_date = start.map(point_date);
    let end_date = if date.ongoing() {
        Some(day_date(
            span.last,
            format!("ongoing ({})", span.last.format("%-d %b %Y")),
        ))
    } else if date.start_point().is_some() && date.start_point() != date.end_point() {
        date.end_point().copied().map(point_date)
    } else {
        None
    };
    let mut display = row.date_human.clone();
    if row.ongoing {
        display.push_str(" (ongoing)");
    }
    Ok(Slide {
        unique_id: Some(row.id.clone()),
        start_date,
        end_date,
        display_date: Some(display),
        text: Text {
            headline: escape(&row.title),
            text: body(row, ctx),
        },
        group: Some(row.kind.clone()),
    })
}

/// A date with exactly the fields its precision knows.
fn point_date(p: Point) -> Date {
    let day = p.first_day();
    Date {
        year: p.year,
        month: p.month.map(|_| day.month()),
        day: p.day.and(p.month).map(|_| day.day()),
        display_date: p.human(true),
    }
}

fn day_date(d: NaiveDate, display: String) -> Date {
    Date {
        year: d.year(),
        month: Some(d.month()),
        day: Some(d.day()),
        display_date: display,
    }
}

/// The slide's HTML text: summary, figures, participants, quotes and sources with links.
fn body(row: &TimelineRow, ctx: &Export) -> String {
    let mut html = String::new();
    if row.ongoing {
        html.push_str(&format!(
            "<p><em>Ongoing: still going on at the export date, {}.</em></p>",
            ctx.today.format("%-d %B %Y")
        ));
    }
    if row.date_text.is_some() {
        html.push_str(&format!(
            "<p>When: {}</p>",
            escape(&crate::output::event_date(row))
        ));
    }
    if let Some(s) = &row.summary {
        html.push_str(&format!("<p>{}</p>", escape(s)));
    }
    let items: Vec<String> = figures::lines(&row.figures, Style { thousands: true })
        .iter()
        .map(|l| escape(l))
        .collect();
    push_list(&mut html, &items);
    if !row.participants.is_empty() {
        let names: Vec<String> = row.participants.iter().map(|p| escape(&p.name)).collect();
        html.push_str(&format!("<p>With: {}</p>", names.join(", ")));
    }
    for q in &row.quotes {
        html.push_str(&format!(
            "<blockquote>“{}” — {}</blockquote>",
            escape(&q.text),
            escape(&q.speaker.name)
        ));
    }
    let sources: Vec<String> = row
        .sources
        .iter()
        .map(|id| match ctx.sources.iter().find(|s| &s.id == id) {
            Some(s) => {
                let title = escape(&s.title);
                let title = match s.url.as_deref().and_then(crate::sanitize::web_url) {
                    Some(url) => format!("<a href=\"{}\">{title}</a>", escape(url)),
                    None => title,
                };
                format!("{title}, {}, {}", escape(&s.publisher), s.published)
            }
            None => escape(id),
        })
        .collect();
    if !sources.is_empty() {
        html.push_str("<p>Sources:</p>");
        push_list(&mut html, &sources);
    }
    html
}

fn push_list(html: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    html.push_str("<ul>");
    for i in items {
        html.push_str(&format!("<li>{i}</li>"));
    }
    html.push_str("</ul>");
}

/// Text for HTML, in content or a double-quoted attribute: `&`, `<`, `>` and `"` escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
