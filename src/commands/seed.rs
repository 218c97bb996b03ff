//! `annals seed`: check seed files, then load them in one transaction. While it works, a progress
//! bar on standard error (files, events, rate) when that is a terminal; nothing but the summary
//! otherwise.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rusqlite::Connection;

use crate::cli::SeedArgs;
use crate::db;
use crate::seed::{self, NoProgress, Progress, Status, Summary};

/// A new database is made whole (created, migrated and loaded) before it takes its name; if
/// another process made one there meanwhile, the files are loaded into that one instead.
pub fn run(path: &Path, args: &SeedArgs, out: &mut dyn Write) -> Result<()> {
    let (mut conn, loaded) = db::open_or_create(path, |conn| load(conn, args))?;
    let summary = match loaded {
        Some(summary) => summary,
        None => load(&mut conn, args)?,
    };
    // The transaction has committed: a summary that cannot be printed (a full disk, a closed
    // pipe) does not make the run a failure, but says so.
    if let Err(e) = print(&summary, out) {
        if !summary.wrote() {
            return Err(e);
        }
        eprintln!(
            "warning: the seed was written to {} (committed), but its summary could not be \
             printed: {e:#}",
            crate::sanitize::path(path)
        );
    }
    Ok(())
}

/// The summary: a line per file, the counts, then the stored events whose date or place the
/// run changed, each with the files that changed it.
fn print(summary: &Summary, out: &mut dyn Write) -> Result<()> {
    for f in &summary.files {
        write!(
            out,
            "{:9} {}",
            f.status.as_str(),
            crate::sanitize::path(&f.file)
        )?;
        if f.status == Status::Pruned {
            writeln!(
                out,
                ": article {:?} is not among the files given; what it stated was removed",
                f.source
            )?;
        } else if f.status == Status::Replaced {
            writeln!(
                out,
                ": the file now gives another article id; what article {:?} stated was removed",
                f.source
            )?;
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
        "{} file(s): {} added, {} updated, {} unchanged, {} pruned{}",
        summary.files.len(),
        summary.count(Status::Added),
        summary.count(Status::Updated),
        summary.count(Status::Unchanged),
        summary.count(Status::Pruned),
        match summary.count(Status::Replaced) {
            0 => String::new(),
            n => format!(", {n} replaced"),
        }
    )?;
    if !summary.wrote() {
        writeln!(out, "nothing changed; the database was not written")?;
    }
    if !summary.changed.is_empty() {
        writeln!(out, "changed stored events:")?;
        for c in &summary.changed {
            let by: Vec<String> = c.by.iter().map(|f| crate::sanitize::path(f)).collect();
            writeln!(
                out,
                "  {} (by {})",
                crate::sanitize::terminal(&c.change.to_string()),
                by.join(", ")
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Check and load the files, with a progress bar when standard error is a terminal.
fn load(conn: &mut Connection, args: &SeedArgs) -> Result<Summary> {
    if std::io::stderr().is_terminal() {
        let mut bar = Bar::new();
        let summary = seed::seed(conn, &args.paths, args.prune, &mut bar);
        bar.bar.finish_and_clear();
        summary
    } else {
        seed::seed(conn, &args.paths, args.prune, &mut NoProgress)
    }
}

/// A progress bar on standard error: files read, then files written with events and their rate.
struct Bar {
    bar: ProgressBar,
    events: u64,
}

const READING: &str = "reading  {bar:30} {pos}/{len} files {per_sec} {elapsed}";
const WRITING: &str = "writing  {bar:30} {pos}/{len} files, {msg} {elapsed}";

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Bar { bar, events: 0 }
    }

    fn style(&self, template: &str) {
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
    }
}

impl Progress for Bar {
    fn files(&mut self, total: usize) {
        self.style(READING);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }

    fn read(&mut self) {
        self.bar.inc(1);
    }

    fn checked(&mut self) {
        self.style(WRITING);
        self.bar.set_position(0);
        self.bar.reset_elapsed();
    }

    fn written(&mut self, events: usize) {
        self.events += events as u64;
        let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} events, {:.0} events/s",
            self.events,
            self.events as f64 / secs
        ));
        self.bar.inc(1);
    }
}
