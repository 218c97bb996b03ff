//! `annals sql`: one SQL statement on a read-only connection, within a time and a memory limit,
//! its rows in any output format.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cli::SqlArgs;
use crate::db;
use crate::output::{write_rows_with, Format, Headers, Record};
use crate::query::sql::{Limits, Session, SqlRow, MEMORY_LIMIT_MB};

pub fn run(
    path: &Path,
    args: &SqlArgs,
    input: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let limits = Limits {
        time: super::args::time_limit(args.timeout)?,
        memory_mb: Some(MEMORY_LIMIT_MB),
    };
    let sql = match args.sql.as_deref() {
        Some(s) if s != "-" => s.to_string(),
        _ => {
            let mut s = String::new();
            input
                .read_to_string(&mut s)
                .context("cannot read SQL from standard input")?;
            s
        }
    };
    let params: Vec<(String, String)> = args
        .params
        .chunks(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect();
    // Create, migrate and seed a missing database as every query command does; then read only.
    drop(super::open_for_query(path, err)?);
    let session = Session::new(db::open_read_only(path)?, limits)?;
    let mut stmt = session.prepare(&sql)?;
    stmt.bind(&params)?;
    let names = stmt.columns().to_vec();
    let headers = Headers {
        table: names.clone(),
        csv: names,
    };
    // The first row before any output: a statement that fails before it (stopped by a limit,
    // most often) prints nothing but the error, not even a CSV header.
    let mut next = stmt.next_row()?;
    let mut bound = (args.output.format == Format::Table).then(|| TableBound::new(args.max_rows));
    write_rows_with(args.output.output(), &headers, out, |each| {
        while let Some(row) = next {
            if let Some(bound) = &mut bound {
                if !bound.admits(&row) {
                    break;
                }
            }
            each(row)?;
            next = stmt.next_row()?;
        }
        Ok(())
    })?;
    if let Some(said) = bound.and_then(|b| b.cut()) {
        writeln!(err, "note: {said}")?;
    }
    Ok(())
}

/// The most text a table holds: a table is laid out whole in memory before it is printed (about
/// seven bytes of memory for each byte of text), so it stops here, as a statement stops at its
/// memory limit.
pub const TABLE_MAX_BYTES: usize = 8 << 20;

/// How much of a statement's result a table shows: rows up to `--max-rows` (0: any number) and
/// text up to [`TABLE_MAX_BYTES`].
struct TableBound {
    max_rows: usize,
    rows: usize,
    bytes: usize,
    /// Why the table ended before the result did, once it has: what allowed no more, and what
    /// shows more.
    cut_by: Option<(String, &'static str)>,
}

impl TableBound {
    fn new(max_rows: usize) -> TableBound {
        TableBound {
            max_rows,
            rows: 0,
            bytes: 0,
            cut_by: None,
        }
    }

    /// Whether `row` goes in the table; once one does not, none after it does.
    fn admits(&mut self, row: &SqlRow) -> bool {
        let size: usize = row
            .values
            .iter()
            .map(|v| match v {
                Value::String(s) => s.len(),
                _ => 8,
            })
            .sum();
        if self.max_rows != 0 && self.rows >= self.max_rows {
            self.cut_by = Some((
                format!("--max-rows {}", self.max_rows),
                "--max-rows N shows more, ",
            ));
        } else if self.bytes + size > TABLE_MAX_BYTES {
            self.cut_by = Some(("the 8 MB of text a table holds".into(), ""));
        } else {
            self.rows += 1;
            self.bytes += size;
            return true;
        }
        false
    }

    /// What to say when the table ended before the statement's result did.
    fn cut(self) -> Option<String> {
        self.cut_by.map(|(by, more)| {
            format!(
                "the table shows the first {} row(s), as {by} allows; the statement gives more \
                 ({more}--format csv or json streams every row)",
                self.rows
            )
        })
    }
}

impl Record for SqlRow {
    /// The columns are only known at run time: the command passes them as [`Headers`].
    fn table_headers() -> &'static [&'static str] {
        &[]
    }

    fn table_cells(&self) -> Vec<String> {
        self.csv_cells()
    }

    fn csv_headers() -> &'static [&'static str] {
        &[]
    }

    /// NULL as an empty cell, text as itself, numbers as JSON writes them.
    fn csv_cells(&self) -> Vec<String> {
        self.values
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }
}
