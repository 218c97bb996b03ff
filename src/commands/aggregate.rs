//! `annals aggregate events|figures`: counts of events by time bucket or group, and figures added
//! up by the rules in [`crate::query::aggregate`].

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Result};

use crate::cli::AggregateCommand;
use crate::output::{count, thousands, write_rows, Record};
use crate::query::aggregate::{
    events, figures, Cover, EventCounts, FigureFilter, FigureTotal, Group, TimeBucket,
};
use crate::query::filter::EmptyRange;

pub fn run(
    db: &Path,
    cmd: &AggregateCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let conn = super::open_for_query(db, err)?;
    match cmd {
        AggregateCommand::Events(args) => {
            let filter = super::args::filter(&conn, &args.filter)?;
            let cover = if args.all_possible {
                Cover::Possible
            } else {
                Cover::Certain
            };
            let counts = events(&conn, &filter, args.by, cover).map_err(|e| {
                match e.downcast::<EmptyRange>() {
                    // An open side of the range reaches to the events' known days, which may lie
                    // before the other side.
                    Ok(r) => anyhow!("--from {} is later than --to {}", r.first, r.last),
                    Err(e) => e,
                }
            })?;
            match counts {
                EventCounts::Time(rows) => write_rows(args.output.output(), out, |each| {
                    rows.into_iter().try_for_each(each)
                }),
                EventCounts::Groups(rows) => write_rows(args.output.output(), out, |each| {
                    rows.into_iter().try_for_each(each)
                }),
            }
        }
        AggregateCommand::Figures(args) => {
            let filter = FigureFilter {
                measure: args.measure.clone(),
                unit: args.unit.clone(),
            };
            let rows = figures(&conn, &filter, args.by)?;
            write_rows(args.output.output(), out, |each| {
                rows.into_iter().try_for_each(each)
            })
        }
    }
}

impl Record for TimeBucket {
    fn table_headers() -> &'static [&'static str] {
        &["key", "within", "possible"]
    }

    fn table_cells(&self) -> Vec<String> {
        vec![self.key.clone(), count(self.within), count(self.possible)]
    }

    fn csv_headers() -> &'static [&'static str] {
        Self::table_headers()
    }
}

impl Record for Group {
    fn table_headers() -> &'static [&'static str] {
        &["key", "name", "events", "first", "last"]
    }

    /// An unknown first day and an open last day show as "?" and "open".
    fn table_cells(&self) -> Vec<String> {
        vec![
            self.key.clone(),
            self.name.clone(),
            count(self.events),
            self.first.clone().unwrap_or_else(|| "?".into()),
            self.last.clone().unwrap_or_else(|| "open".into()),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        Self::table_headers()
    }
}

impl Record for FigureTotal {
    fn table_headers() -> &'static [&'static str] {
        &[
            "key", "counted", "about", "low", "high", "figures", "sources",
        ]
    }

    /// Unit and measure in one cell ("people injured"); an open high shows as "open"; sources
    /// as their number.
    fn table_cells(&self) -> Vec<String> {
        let cells = self.csv_cells();
        vec![
            cells[0].clone(),
            format!("{} {}", self.unit, self.measure),
            cells[3].clone(),
            thousands(&cells[4]),
            if self.high.is_none() {
                "open".into()
            } else {
                thousands(&cells[5])
            },
            count(self.figures),
            count(self.sources.len()),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        &[
            "key", "measure", "unit", "about", "low", "high", "figures", "sources",
        ]
    }
}
