//! `annals export`: the timeline (with the `timeline` filters) as a file for people or other
//! tools. The export date is the only reading of the clock in annals, and `--today` replaces it.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::cli::ExportArgs;
use crate::export::{self, html, seed, Export, ExportFormat, RowFormat};
use crate::query::sources::sources;
use crate::query::timeline::timeline;

pub fn run(db: &Path, args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    match args.format {
        ExportFormat::Seed => run_seed(db, args, out, err),
        ExportFormat::Rows(format) => run_rows(db, format, args, out, err),
    }
}

/// The timeline's rows as one file (or standard output).
fn run_rows(
    db: &Path,
    format: RowFormat,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    if args.lanes.is_some() && format != RowFormat::Html {
        bail!("--lanes applies to --format html only");
    }
    if (args.limit.is_some() || args.all) && format != RowFormat::Html {
        bail!("--limit and --all apply to --format html only");
    }
    let today = match &args.today {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--today {s:?}: expected a day as YYYY-MM-DD"))?,
        None => chrono::Local::now().date_naive(),
    };
    let conn = super::open_for_query(db, err)?;
    let filter = super::args::filter(&conn, &args.filter)?;
    // A page holds the latest of the events (html::DEFAULT_LIMIT unless told); other formats all.
    let limit = (format == RowFormat::Html && !args.all)
        .then(|| args.limit.map_or(html::DEFAULT_LIMIT, |n| n as usize));
    let mut latest = html::Latest::new(limit);
    timeline(&conn, &filter, |row| {
        latest.push(row);
        Ok(())
    })?;
    let (rows, of) = latest.finish();
    if format == RowFormat::Geojson {
        let left_out = export::geojson::skipped(&rows);
        if left_out > 0 {
            writeln!(
                err,
                "{left_out} of {} event(s) have no coordinates (their place, and every place it \
                 lies within, has none) and are left out",
                rows.len()
            )?;
        }
    }
    let ctx = Export {
        today,
        lanes: args.lanes.unwrap_or_default(),
        sources: sources(
            &conn,
            rows.iter()
                .flat_map(|r| r.sources.iter().map(String::as_str)),
        )?,
        of,
    };
    match &args.out {
        None => export::write(format, rows, &ctx, out),
        Some(path) => {
            // Written whole to memory first, so a failure leaves no half-written file.
            let mut buf = Vec::new();
            export::write(format, rows, &ctx, &mut buf)?;
            fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))
        }
    }
}

/// `--format seed --out DIR`: the whole record, one seed file per article.
fn run_seed(db: &Path, args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let Some(dir) = &args.out else {
        bail!("--format seed writes a folder: give it with --out DIR");
    };
    if args.filter.any() {
        bail!(
            "--format seed exports the whole record (an article is one file); it takes no \
             filters (--from, --to, --on, --within, --kind, --person, --org, --place, --source, \
             --text)"
        );
    }
    if args.lanes.is_some() {
        bail!("--lanes applies to --format html only");
    }
    if args.limit.is_some() || args.all {
        bail!("--limit and --all apply to --format html only");
    }
    let conn = super::open_for_query(db, err)?;
    let files = seed::articles(&conn)?;
    seed::write_folder(&files, dir)?;
    let texts = files.iter().filter(|f| f.body.is_some()).count();
    writeln!(
        out,
        "exported {} article(s) to {}: {} seed file(s), {} article text(s)",
        files.len(),
        crate::sanitize::path(dir),
        files.len(),
        texts
    )?;
    Ok(())
}
