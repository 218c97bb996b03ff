//! `annals check`: every check `seed` makes, without writing. An existing database is opened
//! read-only, without migrations, to resolve ids that stored articles define; none is created.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::db;
use crate::{sanitize, seed};

pub fn run(db: &Path, args: &CheckArgs, out: &mut dyn Write) -> Result<()> {
    let conn = db::open_if_present(db, "check")?;
    // Lines are kept until every file is known to be without error.
    let mut lines = Vec::new();
    let mut events = 0;
    let mut ids = BTreeSet::new();
    let files = seed::prepare(conn.as_ref(), &args.paths, &mut |a| {
        events += a.events.len();
        ids.extend(a.events.iter().map(|e| e.id.clone()));
        for e in a.events.iter().filter(|e| e.resolved) {
            if let (Some(words), Some(date)) = (&e.date_text, &e.date) {
                lines.push(format!(
                    "{}: event {:?}: {words:?} resolves to {date} ({}, against publication on {})",
                    sanitize::path(&a.file),
                    e.id,
                    date.human(),
                    a.source.published
                ));
            }
        }
    })?;
    for line in lines {
        writeln!(out, "{}", sanitize::terminal(&line))?;
    }
    // What seeding these files would change, shown before anything is written.
    if let Some(conn) = &conn {
        match seed::preview::changes(conn, &args.paths, &ids)? {
            Some(changes) if changes.is_empty() => writeln!(out, "seeding would change no event")?,
            Some(changes) => {
                writeln!(out, "seeding would change:")?;
                for c in changes {
                    writeln!(out, "  {}", sanitize::terminal(&c.to_string()))?;
                }
            }
            None => writeln!(
                out,
                "(no preview of the changes: {} is larger than {} MB)",
                sanitize::path(db),
                seed::preview::MAX_PREVIEW_BYTES / (1024 * 1024)
            )?,
        }
    }
    writeln!(
        out,
        "{files} file(s), {events} event report(s) checked: no errors{}",
        if conn.is_some() {
            format!(" (ids resolved against {})", sanitize::path(db))
        } else {
            String::new()
        }
    )?;
    Ok(())
}
