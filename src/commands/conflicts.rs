//! `annals conflicts`: pairs of reports that disagree on an event's date, its place or a figure.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::ConflictsArgs;
use crate::output::figures::singular;
use crate::output::{thousands, write_rows, Record};
use crate::query::conflicts::{conflicts, Conflict};

pub fn run(
    db: &Path,
    args: &ConflictsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let conn = super::open_for_query(db, err)?;
    let filter = super::args::filter(&conn, &args.filter)?;
    write_rows(args.output.output(), out, |each| {
        conflicts(&conn, &filter, each)
    })
}

impl Conflict {
    /// A figure's label as tables show figures: thousands separated, and a count of one in the
    /// singular ("1 police officer injured"). A date, or a label of another shape, as it is.
    fn readable(&self, value: &str) -> String {
        let (Some(unit), Some(measure)) = (&self.unit, &self.measure) else {
            return value.to_string();
        };
        let Some(amount) = value.strip_suffix(&format!(" {unit} {measure}")) else {
            return value.to_string();
        };
        let one = ["1", "about 1", "at least 1", "at most 1"].contains(&amount);
        let unit = if one { singular(unit) } else { unit.clone() };
        format!("{} {unit} {measure}", thousands(amount))
    }
}

impl Record for Conflict {
    fn table_headers() -> &'static [&'static str] {
        &["event", "about", "one report", "another report"]
    }

    /// The event's title, what the reports disagree on, and each report's value with who
    /// claims it and its publisher.
    fn table_cells(&self) -> Vec<String> {
        let who = |claimant: &Option<String>, publisher: &str| match claimant {
            Some(c) => format!("{c} ({publisher})"),
            None => publisher.to_string(),
        };
        let about = match (&self.unit, &self.measure) {
            (Some(u), Some(m)) => format!("{u} {m}"),
            _ => self.about.clone(),
        };
        vec![
            self.event_title.clone(),
            about,
            format!(
                "{} — {}",
                self.readable(&self.value_a),
                who(&self.claimant_a, &self.publisher_a)
            ),
            format!(
                "{} — {}",
                self.readable(&self.value_b),
                who(&self.claimant_b, &self.publisher_b)
            ),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        &[
            "event_id",
            "event_title",
            "about",
            "unit",
            "measure",
            "source_a",
            "publisher_a",
            "claimant_a",
            "value_a",
            "source_b",
            "publisher_b",
            "claimant_b",
            "value_b",
        ]
    }
}
