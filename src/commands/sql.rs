//! `annals sql`: one SQL statement on a read-only connection, its rows in any output format.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cli::SqlArgs;
use crate::db;
use crate::output::{write_rows_with, Headers, Record};
use crate::query::sql::{columns, prepare, restrict, run as run_sql, SqlRow};

pub fn run(
    path: &Path,
    args: &SqlArgs,
    input: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
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
    let mut conn = db::open_read_only(path)?;
    restrict(&mut conn)?;
    let mut stmt = prepare(&conn, &sql)?;
    let names = columns(&stmt);
    let headers = Headers {
        table: names.clone(),
        csv: names,
    };
    write_rows_with(args.output.format, &headers, out, |each| {
        run_sql(&mut stmt, &params, each)
    })
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
