//! `annals check`: every check `seed` makes, without writing. An existing database is opened
//! read-only, without migrations, to resolve ids that stored articles define and to show what
//! seeding the files would change; none is created.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::db;
use crate::{sanitize, seed};

pub fn run(db: &Path, args: &CheckArgs, out: &mut dyn Write) -> Result<()> {
    let conn = db::open_if_present(db, "check")?;
    let report = seed::check_files(conn.as_ref(), &args.paths)?;
    for r in &report.resolved {
        let line = format!(
            "{}: event {:?}: {:?} resolves to {} ({}, against publication on {})",
            sanitize::path(&r.file),
            r.event,
            r.words,
            r.date,
            r.date.human(),
            r.published
        );
        writeln!(out, "{}", sanitize::terminal(&line))?;
    }
    // What seeding these files would change, shown before anything is written.
    match &report.changes {
        Some(changes) if changes.is_empty() => writeln!(out, "seeding would change no event")?,
        Some(changes) => {
            writeln!(out, "seeding would change:")?;
            for c in changes {
                writeln!(out, "  {}", sanitize::terminal(&c.to_string()))?;
            }
        }
        None => {}
    }
    writeln!(
        out,
        "{} file(s), {} event report(s) checked: no errors{}",
        report.files,
        report.reports,
        if conn.is_some() {
            format!(" (ids resolved against {})", sanitize::path(db))
        } else {
            String::new()
        }
    )?;
    Ok(())
}
