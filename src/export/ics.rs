//! iCalendar (RFC 5545): one all-day `VEVENT` per event, spanning its days (`DTEND` is the day
//! after the last, as the standard wants), with text escaped and lines folded at 75 octets.

use std::io::Write;

use anyhow::Result;
use chrono::{Datelike, Days, NaiveDate};

use super::{Export, Span};
use crate::output::figures::{self, Style};
use crate::query::timeline::TimelineRow;
use crate::sanitize::{ics_text as text, web_url};

/// Write the calendar.
pub fn write(rows: &[TimelineRow], ctx: &Export, out: &mut dyn Write) -> Result<()> {
    let mut cal = Calendar { out };
    cal.line("BEGIN:VCALENDAR")?;
    cal.line("VERSION:2.0")?;
    cal.line("PRODID:-//annals//annals export//EN")?;
    cal.line("CALSCALE:GREGORIAN")?;
    cal.line("METHOD:PUBLISH")?;
    let stamp = format!("DTSTAMP:{}T000000Z", ctx.today.format("%Y%m%d"));
    for row in rows {
        let span = Span::of(row, ctx.today)?;
        cal.line("BEGIN:VEVENT")?;
        cal.line(&format!("UID:{}@annals", text(&row.id)))?;
        cal.line(&stamp)?;
        cal.line(&format!("DTSTART;VALUE=DATE:{}", day(span.first)))?;
        // The day after the last; a DATE has four digits, so 9999-12-31 is as far as it goes.
        let end = span
            .last
            .checked_add_days(Days::new(1))
            .filter(|d| d.year() <= 9999)
            .unwrap_or(span.last);
        cal.line(&format!("DTEND;VALUE=DATE:{}", day(end)))?;
        cal.line(&format!("SUMMARY:{}", text(&row.title)))?;
        cal.line(&format!("DESCRIPTION:{}", text(&description(row, ctx))))?;
        if let Some(place) = &row.place {
            cal.line(&format!("LOCATION:{}", text(&place.name)))?;
        }
        cal.line(&format!("CATEGORIES:{}", text(&row.kind)))?;
        let url = row
            .sources
            .first()
            .and_then(|id| ctx.sources.iter().find(|s| &s.id == id))
            .and_then(|s| s.url.as_deref())
            .and_then(web_url);
        if let Some(url) = url {
            cal.line(&format!("URL:{url}"))?;
        }
        cal.line("TRANSP:TRANSPARENT")?;
        cal.line("END:VEVENT")?;
    }
    cal.line("END:VCALENDAR")?;
    out.flush()?;
    Ok(())
}

/// `20230519`.
fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The event in words: its date as the timeline shows it (and as the article put it), summary,
/// figures with who claimed them, participants and sources.
fn description(row: &TimelineRow, ctx: &Export) -> String {
    let mut lines = Vec::new();
    let mut when = crate::output::event_date(row);
    if row.ongoing {
        when.push_str(&format!(" — ongoing at {}", ctx.today));
    }
    lines.push(when);
    if let Some(s) = &row.summary {
        lines.push(s.clone());
    }
    lines.extend(figures::lines(&row.figures, Style { thousands: true }));
    if !row.participants.is_empty() {
        let names: Vec<String> = row
            .participants
            .iter()
            .map(|p| match &p.role {
                Some(r) => format!("{} ({r})", p.name),
                None => p.name.clone(),
            })
            .collect();
        lines.push(format!("Participants: {}", names.join(", ")));
    }
    for id in &row.sources {
        match ctx.sources.iter().find(|s| &s.id == id) {
            Some(s) => {
                let mut line = format!("Source: {}, {}, {}", s.title, s.publisher, s.published);
                if let Some(url) = s.url.as_deref().and_then(web_url) {
                    line.push_str(&format!(" {url}"));
                }
                lines.push(line);
            }
            None => lines.push(format!("Source: {id}")),
        }
    }
    lines.join("\n")
}

/// Content lines, CRLF-ended and folded.
struct Calendar<'a> {
    out: &'a mut dyn Write,
}

impl Calendar<'_> {
    fn line(&mut self, line: &str) -> Result<()> {
        self.out.write_all(fold(line).as_bytes())?;
        Ok(())
    }
}

/// Fold a content line so that no line is longer than 75 octets, never inside a UTF-8 character:
/// each continuation starts with one space (RFC 5545 3.1). Ends with CRLF.
pub fn fold(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / MAX * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(parts.len() > 2);
        for (i, p) in parts.iter().enumerate() {
            assert!(p.len() <= 75, "{p:?} is {} octets", p.len());
            assert_eq!(i > 0, p.starts_with(' '));
        }
        let unfolded: String = parts
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(fold("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }
}
