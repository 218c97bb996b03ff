//! Exports: the timeline's rows written as whole files for people and for the tools they already
//! use. Every writer takes the rows of [`crate::query::timeline::timeline`] and an [`Export`]
//! context (the export date, the sources); one module per format. Nothing here reads the clock:
//! the export date comes in from the caller.

pub mod geojson;
pub mod html;
pub mod ics;
pub mod mermaid;
pub mod seed;
pub mod timelinejs;

use std::io::Write;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::date::FuzzyDate;
use crate::output::{self, write_rows};
use crate::query::sources::StoredArticle;
use crate::query::timeline::TimelineRow;

/// What `annals export` writes: the timeline's rows in one of the [`RowFormat`]s, or the whole
/// record as seed files ([`seed`]), which takes no filters and writes a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Rows(RowFormat),
    Seed,
}

/// A format the timeline's rows are written in: one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    /// One self-contained HTML page with a zoomable timeline (no network access).
    Html,
    /// TimelineJS 3 JSON (Knight Lab).
    Timelinejs,
    /// A Mermaid `timeline` diagram, for Markdown on GitHub and GitLab.
    Mermaid,
    /// An iCalendar file of all-day events, for calendar apps.
    Ics,
    /// The whole record, flat, one row per event with a header (formula-leading cells get a
    /// leading ', against CSV injection).
    Csv,
    /// The same CSV with every cell as it is, for pipelines.
    CsvRaw,
    /// The whole record, one JSON object per line.
    Jsonl,
    /// GeoJSON (RFC 7946): one feature per event that has coordinates, a point or an area's
    /// box, for GIS tools (QGIS, geojson.io, Leaflet).
    Geojson,
}

/// The help of `--format seed`.
const SEED_HELP: &str = "The whole database as seed files, one per article (with its text), into \
                         the folder --out; seeding that folder into a new database rebuilds the \
                         same record";

/// `--format` takes every row format's value, then `seed`.
impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use RowFormat::*;
        &[
            ExportFormat::Rows(Html),
            ExportFormat::Rows(Timelinejs),
            ExportFormat::Rows(Mermaid),
            ExportFormat::Rows(Ics),
            ExportFormat::Rows(Csv),
            ExportFormat::Rows(CsvRaw),
            ExportFormat::Rows(Jsonl),
            ExportFormat::Rows(Geojson),
            ExportFormat::Seed,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            ExportFormat::Rows(format) => format.to_possible_value(),
            ExportFormat::Seed => Some(PossibleValue::new("seed").help(SEED_HELP)),
        }
    }
}

/// How the HTML page groups events into lanes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Lanes {
    /// One lane per kind of event (meeting, attack ...).
    #[default]
    Kind,
    /// One lane per organisation: an event goes in its first organisation's lane.
    Organisation,
}

/// Everything an export needs besides the rows.
#[derive(Debug, Clone)]
pub struct Export {
    /// The export date: ongoing events end here.
    pub today: NaiveDate,
    pub lanes: Lanes,
    /// The sources the rows name, for titles and links.
    pub sources: Vec<StoredArticle>,
    /// How many events the filters gave, when the rows are only the latest of them (the HTML
    /// page's limit); `None` when the rows are all of them.
    pub of: Option<usize>,
}

/// Write `rows` as `format`.
pub fn write(
    format: RowFormat,
    rows: Vec<TimelineRow>,
    ctx: &Export,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        RowFormat::Html => html::write(&rows, ctx, out),
        RowFormat::Timelinejs => timelinejs::write(&rows, ctx, out),
        RowFormat::Mermaid => mermaid::write(&rows, out),
        RowFormat::Ics => ics::write(&rows, ctx, out),
        RowFormat::Csv => write_rows(output::Format::Csv, out, |each| {
            rows.into_iter().try_for_each(each)
        }),
        RowFormat::CsvRaw => write_rows(output::Format::CsvRaw, out, |each| {
            rows.into_iter().try_for_each(each)
        }),
        RowFormat::Jsonl => write_rows(output::Format::Jsonl, out, |each| {
            rows.into_iter().try_for_each(each)
        }),
        RowFormat::Geojson => geojson::write(&rows, ctx, out),
    }
}

/// The days an event is drawn over: what is known of it, with an ongoing event running to the
/// export date and an open or unknown side reduced to the known date's own span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The parsed date.
    pub date: FuzzyDate,
    /// First day drawn: the earliest day, or for an open or unknown start the end date's first day.
    pub first: NaiveDate,
    /// Last day drawn (inclusive): the latest day; the export date for an ongoing event (or its
    /// first day when that is later); the start date's last day when the end is unknown.
    pub last: NaiveDate,
}

impl Span {
    /// The span of `row`'s date, `today` being the export date.
    pub fn of(row: &TimelineRow, today: NaiveDate) -> Result<Span> {
        let date = FuzzyDate::parse(&row.date)
            .with_context(|| format!("event {:?} has a date the export cannot read", row.id))?;
        let start = date.start_point().or(date.end_point()).copied();
        let end = date.end_point().or(date.start_point()).copied();
        // A parsed date always has at least one side that is a date.
        let (Some(start), Some(end)) = (start, end) else {
            anyhow::bail!("event {:?} has no date on either side", row.id);
        };
        let first = start.first_day();
        let last = if date.ongoing() {
            today.max(first)
        } else {
            end.last_day()
        };
        Ok(Span { date, first, last })
    }

    /// Whether the end is unknown (`2023-05/`), not open.
    pub fn unknown_end(&self) -> bool {
        !self.date.ongoing() && self.date.latest().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str) -> TimelineRow {
        TimelineRow {
            id: "e".into(),
            date: date.into(),
            earliest: None,
            latest: None,
            date_human: String::new(),
            precision: "day".into(),
            approximate: false,
            uncertain: false,
            ongoing: false,
            date_text: None,
            date_source: None,
            date_publisher: None,
            kind: "k".into(),
            title: "t".into(),
            summary: None,
            place: None,
            disputed_place: false,
            reported_places: Vec::new(),
            participants: vec![],
            figures: vec![],
            quotes: vec![],
            disputed: false,
            sources: vec![],
            window: None,
            geo: None,
        }
    }

    fn span(date: &str) -> (String, String) {
        let today = NaiveDate::from_ymd_opt(2024, 3, 10).unwrap();
        let s = Span::of(&row(date), today).unwrap();
        (s.first.to_string(), s.last.to_string())
    }

    #[test]
    fn spans_cover_the_known_days() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(span("2023-05-29"), s("2023-05-29", "2023-05-29"));
        assert_eq!(span("2023-05~"), s("2023-05-01", "2023-05-31"));
        assert_eq!(span("2008"), s("2008-01-01", "2008-12-31"));
        assert_eq!(span("2023-01-19/2023-07-19"), s("2023-01-19", "2023-07-19"));
        assert_eq!(span("2023-05/.."), s("2023-05-01", "2024-03-10"));
        assert_eq!(span("2025-05/.."), s("2025-05-01", "2025-05-01"));
        assert_eq!(span("../2023-07"), s("2023-07-01", "2023-07-31"));
        assert_eq!(span("/2023-07-04"), s("2023-07-04", "2023-07-04"));
        assert_eq!(span("2023-05/"), s("2023-05-01", "2023-05-31"));
        assert!(Span::of(&row("2023-05/"), NaiveDate::MIN)
            .unwrap()
            .unknown_end());
        assert!(!Span::of(&row("2023-05/.."), NaiveDate::MIN)
            .unwrap()
            .unknown_end());
    }

    #[test]
    fn an_unreadable_date_names_the_event() {
        let e = Span::of(&row("May"), NaiveDate::MIN).unwrap_err();
        assert!(format!("{e:#}").contains("event \"e\""), "{e:#}");
    }
}
