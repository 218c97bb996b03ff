//! `annals search TEXT`: full-text search, best match first, within a time limit.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::SearchArgs;
use crate::output::{write_rows, Record};
use crate::query::search::{search, Hit};

pub fn run(db: &Path, args: &SearchArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut conn = super::open_for_query(db, err)?;
    let text = args.text.join(" ");
    let time_limit = super::args::time_limit(args.timeout)?;
    write_rows(args.output.output(), out, |each| {
        search(&mut conn, &text, args.fts, args.limit, time_limit, each)
    })
}

impl Record for Hit {
    fn table_headers() -> &'static [&'static str] {
        &["kind", "match", "event"]
    }

    /// The snippet, with who said it; the event's title below its id.
    fn table_cells(&self) -> Vec<String> {
        let snippet = match &self.who {
            Some(who) => format!("{} ({who})", self.snippet),
            None => self.snippet.clone(),
        };
        let event = match (&self.event, &self.title) {
            (Some(id), Some(title)) if self.kind != "event" => format!("{title}\n{id}"),
            (Some(id), _) => id.clone(),
            _ => String::new(),
        };
        vec![self.kind.clone(), snippet, event]
    }

    fn csv_headers() -> &'static [&'static str] {
        &["kind", "id", "event", "title", "who", "snippet", "source"]
    }
}
