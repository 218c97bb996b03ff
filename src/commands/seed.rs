//! `annals seed`: check seed files, then load them in one transaction.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::SeedArgs;
use crate::db;
use crate::seed::{self, Status};

pub fn run(path: &Path, args: &SeedArgs, out: &mut dyn Write) -> Result<()> {
    let mut conn = db::open(path)?;
    let summary = seed::seed(&mut conn, &args.paths, args.prune)?;
    for f in &summary.files {
        write!(out, "{:9} {}", f.status.as_str(), f.file.display())?;
        if f.status == Status::Pruned {
            writeln!(out, ": the file is gone; what it stated was removed")?;
        } else {
            writeln!(
                out,
                ": {} events, {} figures, {} quotes, {} people, {} organisations, {} places",
                f.events, f.figures, f.quotes, f.people, f.organisations, f.places
            )?;
        }
    }
    writeln!(
        out,
        "{} file(s): {} added, {} updated, {} unchanged, {} pruned",
        summary.files.len(),
        summary.count(Status::Added),
        summary.count(Status::Updated),
        summary.count(Status::Unchanged),
        summary.count(Status::Pruned)
    )?;
    if !summary.wrote() {
        writeln!(out, "nothing changed; the database was not written")?;
    }
    Ok(())
}
