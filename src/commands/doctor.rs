//! `annals doctor`: examine the database without changing it, print what was found, and fail when
//! something needs attention.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::doctor::{examine, Rebuild, SeedState};
use crate::{db, sanitize};

pub fn run(path: &Path, seeds: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let conn = db::open_unmigrated(path)?;
    let report = examine(&conn, seeds)?;
    let s = &report.schema;
    writeln!(out, "database      {}", sanitize::path(path))?;
    let pending = if s.pending.is_empty() {
        "up to date".to_string()
    } else {
        let names: Vec<String> = s
            .pending
            .iter()
            .map(|(v, n)| format!("V{v} \"{n}\""))
            .collect();
        format!(
            "{} pending migration(s), applied by the next command that opens it: {}",
            s.pending.len(),
            names.join(", ")
        )
    };
    writeln!(out, "schema        version {} ({pending})", s.version())?;
    let integrity = if report.integrity.is_empty() {
        "ok".to_string()
    } else {
        format!("{} problem(s)", report.integrity.len())
    };
    writeln!(out, "integrity     {integrity}")?;
    let fk = if report.foreign_keys.is_empty() {
        "ok".to_string()
    } else {
        format!("{} broken reference(s)", report.foreign_keys.len())
    };
    writeln!(out, "foreign keys  {fk}")?;
    writeln!(out, "rows")?;
    let width = report
        .counts
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0);
    for (name, n) in &report.counts {
        writeln!(out, "  {name:width$}  {n}")?;
    }
    let count = |st: fn(&SeedState) -> bool| report.seeds.iter().filter(|c| st(&c.state)).count();
    writeln!(
        out,
        "seed files    {} loaded: {} unchanged, {} changed, {} missing, {} unreadable",
        report.seeds.len(),
        count(|s| *s == SeedState::Unchanged),
        count(|s| *s == SeedState::Changed),
        count(|s| *s == SeedState::Missing),
        count(|s| matches!(s, SeedState::Unreadable(_)))
    )?;
    let folders: Vec<String> = seeds.iter().map(|p| sanitize::path(p)).collect();
    let folders = folders.join(" ");
    match &report.rebuild {
        Rebuild::Same(n) => writeln!(
            out,
            "rebuild       the same record as a fresh load of {folders} ({n} file(s))"
        )?,
        Rebuild::Differs(_) => {
            writeln!(out, "rebuild       differs from a fresh load of {folders}")?
        }
        Rebuild::Failed(_) => writeln!(out, "rebuild       {folders} does not load")?,
        Rebuild::Skipped(why) => writeln!(out, "rebuild       skipped: {why}")?,
    }
    let problems = report.problems();
    if problems.is_empty() {
        writeln!(out, "no problems found")?;
        return Ok(());
    }
    writeln!(out, "problems")?;
    for p in &problems {
        writeln!(out, "  {}", sanitize::terminal(p))?;
    }
    out.flush()?;
    bail!("{} problem(s) found in {}", problems.len(), path.display())
}
