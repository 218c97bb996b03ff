//! `annals export`: the timeline (with the `timeline` filters) as a file for people or other
//! tools. The export date is the only reading of the clock in annals, and `--today` replaces it.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::cli::ExportArgs;
use crate::export::{self, Export, ExportFormat};
use crate::query::sources::sources;
use crate::query::timeline::timeline;

pub fn run(db: &Path, args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    if args.lanes.is_some() && args.format != ExportFormat::Html {
        bail!("--lanes applies to --format html only");
    }
    let today = match &args.today {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--today {s:?}: expected a day as YYYY-MM-DD"))?,
        None => chrono::Local::now().date_naive(),
    };
    let conn = super::open_for_query(db, err)?;
    let filter = super::filter(&conn, &args.filters)?;
    let mut rows = Vec::new();
    timeline(&conn, &filter, |row| {
        rows.push(row);
        Ok(())
    })?;
    let ctx = Export {
        today,
        lanes: args.lanes.unwrap_or_default(),
        sources: sources(
            &conn,
            rows.iter()
                .flat_map(|r| r.sources.iter().map(String::as_str)),
        )?,
    };
    match &args.out {
        None => export::write(args.format, rows, &ctx, out),
        Some(path) => {
            // Written whole to memory first, so a failure leaves no half-written file.
            let mut buf = Vec::new();
            export::write(args.format, rows, &ctx, &mut buf)?;
            fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))
        }
    }
}
