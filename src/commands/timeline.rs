//! `annals timeline`: events in chronological order, filtered.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::TimelineArgs;
use crate::output::figures::{self, Style};
use crate::output::{write_rows, Record};
use crate::query::timeline::{timeline, TimelineRow, Window};

/// The line under the date of an event that only may overlap the range asked for.
pub const MAY_OVERLAP: &str = "(may overlap)";

pub fn run(db: &Path, args: &TimelineArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let conn = super::open_for_query(db, err)?;
    let filter = super::args::filter(&conn, &args.filter)?;
    write_rows(args.output.output(), out, |each| {
        timeline(&conn, &filter, each)
    })
}

impl Record for TimelineRow {
    fn table_headers() -> &'static [&'static str] {
        &["date", "kind", "event", "sources"]
    }

    /// The event's title, with its figures below it; under the date, whether the event only may
    /// overlap the range asked for.
    fn table_cells(&self) -> Vec<String> {
        let mut date = self.date_human.clone();
        if self.window == Some(Window::Possible) {
            date.push('\n');
            date.push_str(MAY_OVERLAP);
        }
        let mut event = self.title.clone();
        if let Some(line) = disputed_place_line(self) {
            event.push_str("\n· ");
            event.push_str(&line);
        }
        for line in figures::lines(&self.figures, Style { thousands: true }) {
            event.push_str("\n· ");
            event.push_str(&line);
        }
        vec![
            date,
            self.kind.clone(),
            event,
            crate::output::count(self.sources.len()),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        &[
            "id",
            "date",
            "earliest",
            "latest",
            "date_human",
            "precision",
            "approximate",
            "uncertain",
            "ongoing",
            "disputed",
            "date_text",
            "date_source",
            "date_publisher",
            "kind",
            "title",
            "summary",
            "place",
            "participants",
            "figures",
            "quotes",
            "sources",
            "window",
        ]
    }

    fn csv_cells(&self) -> Vec<String> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let participants: Vec<&str> = self.participants.iter().map(|p| p.name.as_str()).collect();
        let figures = figures::lines(&self.figures, Style { thousands: false });
        let quotes: Vec<String> = self
            .quotes
            .iter()
            .map(|q| format!("{}: \"{}\"", q.speaker.name, q.text))
            .collect();
        vec![
            self.id.clone(),
            self.date.clone(),
            opt(&self.earliest),
            opt(&self.latest),
            self.date_human.clone(),
            self.precision.clone(),
            self.approximate.to_string(),
            self.uncertain.to_string(),
            self.ongoing.to_string(),
            self.disputed.to_string(),
            opt(&self.date_text),
            opt(&self.date_source),
            opt(&self.date_publisher),
            self.kind.clone(),
            self.title.clone(),
            opt(&self.summary),
            place_cell(self),
            participants.join("; "),
            figures.join("; "),
            quotes.join("; "),
            self.sources.join("; "),
            self.window
                .map(Window::as_str)
                .unwrap_or_default()
                .to_string(),
        ]
    }
}

/// The CSV's place: its name, and with a disputed place, each reported place and its articles
/// ("Western Balkans; place disputed: Kosovo (a); central Serbia (c)").
fn place_cell(row: &TimelineRow) -> String {
    let name = row.place.as_ref().map(|p| p.name.clone());
    let parts: Vec<String> = name.into_iter().chain(disputed_place_line(row)).collect();
    parts.join("; ")
}

/// "place disputed: Gnjilica (article-a); central Serbia (article-c)", for an event whose
/// reports give places of which neither lies within the other.
pub fn disputed_place_line(row: &TimelineRow) -> Option<String> {
    if !row.disputed_place {
        return None;
    }
    let places: Vec<String> = row.reported_places.iter().map(|p| p.line()).collect();
    Some(format!("place disputed: {}", places.join("; ")))
}
