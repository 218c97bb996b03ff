//! `annals people|organisations|places|sources`: lists with event counts and first/last days.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::output::{count, write_rows, Output, Record};
use crate::query::lists::{entities, sources, Entities, EntityRow, ListedSource};

pub fn run_entities(
    db: &Path,
    what: Entities,
    format: Output,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let conn = super::open_for_query(db, err)?;
    write_rows(format, out, |each| entities(&conn, what, each))
}

pub fn run_sources(
    db: &Path,
    format: Output,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let conn = super::open_for_query(db, err)?;
    write_rows(format, out, |each| sources(&conn, each))
}

impl Record for EntityRow {
    fn table_headers() -> &'static [&'static str] {
        &["id", "name", "events", "first", "last"]
    }

    /// An unknown first day and an open last day show as "?" and "open" (when there are events).
    fn table_cells(&self) -> Vec<String> {
        let day = |d: &Option<String>, none: &str| match d {
            Some(d) => d.clone(),
            None if self.events == 0 => String::new(),
            None => none.to_string(),
        };
        vec![
            self.id.clone(),
            self.name.clone(),
            count(self.events),
            day(&self.first, "?"),
            day(&self.last, "open"),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        &["id", "name", "aliases", "events", "first", "last"]
    }
}

impl Record for ListedSource {
    fn table_headers() -> &'static [&'static str] {
        &["published", "source", "states"]
    }

    /// The title, then the id and publisher; what the article states, a count a line.
    fn table_cells(&self) -> Vec<String> {
        let counted = |n: i64, one: &str, many: &str| {
            format!("{} {}", count(n), if n == 1 { one } else { many })
        };
        vec![
            self.article.published.clone(),
            format!(
                "{}\n{} ({})",
                self.article.title, self.article.id, self.article.publisher
            ),
            format!(
                "{}\n{}\n{}",
                counted(self.events, "event", "events"),
                counted(self.figures, "figure", "figures"),
                counted(self.quotes, "quote", "quotes")
            ),
        ]
    }

    fn csv_headers() -> &'static [&'static str] {
        &[
            "id",
            "title",
            "publisher",
            "published",
            "url",
            "events",
            "figures",
            "quotes",
        ]
    }
}
