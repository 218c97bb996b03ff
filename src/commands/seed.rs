//! `annals seed`: check seed files, then load them in one transaction.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::SeedArgs;
use crate::db;
use crate::seed::{self, Status};

pub fn run(path: &Path, args: &SeedArgs, out: &mut dyn Write) -> Result<()> {
    let mut conn = db::open(path)?;
    let summary = seed::seed(&mut conn, &args.paths)?;
    for f in &summary.files {
        let status = match f.status {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
        };
        writeln!(
            out,
            "{status:9} {}: {} events, {} figures, {} quotes, {} people, {} organisations, {} places",
            f.file.display(),
            f.events,
            f.figures,
            f.quotes,
            f.people,
            f.organisations,
            f.places
        )?;
    }
    writeln!(
        out,
        "{} file(s): {} added, {} updated, {} unchanged",
        summary.files.len(),
        summary.count(Status::Added),
        summary.count(Status::Updated),
        summary.count(Status::Unchanged)
    )?;
    Ok(())
}
