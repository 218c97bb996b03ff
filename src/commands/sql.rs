//! `annals sql`: one SQL statement on a read-only connection, within a time and a memory limit,
//! its rows in any output format.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use serde_json::Value;

use crate::cli::SqlArgs;
use crate::db;
use crate::output::{write_rows_with, Headers, Record};
use crate::query::sql::{Limits, Session, SqlRow, MEMORY_LIMIT_MB};

pub fn run(
    path: &Path,
    args: &SqlArgs,
    input: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let limits = Limits {
        time: time_limit(args.timeout)?,
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
    write_rows_with(args.output.output(), &headers, out, |each| {
        while let Some(row) = next {
            each(row)?;
            next = stmt.next_row()?;
        }
        Ok(())
    })
}

/// `--timeout SECONDS` as the statement's time limit: `None` for 0.
fn time_limit(secs: f64) -> Result<Option<(Duration, f64)>> {
    if secs == 0.0 {
        return Ok(None);
    }
    let limit = Duration::try_from_secs_f64(secs)
        .map_err(|_| anyhow!("--timeout {secs}: give a number of seconds, or 0 for no limit"))?;
    Ok(Some((limit, secs)))
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
