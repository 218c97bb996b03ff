//! Rendering rows as a table, JSON, JSON Lines or CSV, from one row type per listing: the row is
//! `Serialize` for JSON and gives its cells for tables and CSV. JSON, JSON Lines and CSV stream
//! row by row; a table needs every row before it can size its columns.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::sanitize;

/// How rows are written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table sized for the terminal (80 columns when not a terminal).
    Table,
    /// One JSON array (`[]` when empty).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row; a cell a spreadsheet would run as a formula
    /// (starting with = + - @) gets a leading ' (CSV injection).
    Csv,
    /// CSV with every cell as it is, for pipelines (no formula guard).
    CsvRaw,
}

/// A row that every format can render.
pub trait Record: Serialize {
    /// Column headers of the narrow, human table.
    fn table_headers() -> &'static [&'static str];
    /// Cells of the human table, in the order of `table_headers`.
    fn table_cells(&self) -> Vec<String>;
    /// Column headers of the flat CSV form (every scalar, lists joined with "; ").
    fn csv_headers() -> &'static [&'static str];
    /// Cells of the CSV form, in the order of `csv_headers`.
    fn csv_cells(&self) -> Vec<String>;
}

/// Width of a table when standard output is not a terminal.
pub const DEFAULT_WIDTH: u16 = 80;

/// Column headers for the table and CSV forms, when they are only known at run time (`annals sql`).
#[derive(Debug, Clone, Default)]
pub struct Headers {
    pub table: Vec<String>,
    pub csv: Vec<String>,
}

impl Headers {
    /// The headers a row type declares.
    pub fn of<R: Record>() -> Headers {
        let owned = |h: &[&str]| h.iter().map(|s| s.to_string()).collect();
        Headers {
            table: owned(R::table_headers()),
            csv: owned(R::csv_headers()),
        }
    }
}

/// Render `rows` as `format` to `out`, streaming where the format allows.
pub fn write_rows<R: Record>(
    format: Format,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    write_rows_with(format, &Headers::of::<R>(), out, rows)
}

/// [`write_rows`] with headers given at run time instead of by the row type.
pub fn write_rows_with<R: Record>(
    format: Format,
    headers: &Headers,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    match format {
        Format::Json => {
            let mut n = 0usize;
            rows(&mut |row: R| {
                out.write_all(if n == 0 { b"[\n  " } else { b",\n  " })?;
                // Pretty-printed and indented one level; JSON strings never hold a raw newline.
                let pretty = serde_json::to_string_pretty(&row)?;
                out.write_all(pretty.replace('\n', "\n  ").as_bytes())?;
                n += 1;
                Ok(())
            })?;
            out.write_all(if n == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        Format::Jsonl => {
            rows(&mut |row: R| {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
        }
        Format::Csv | Format::CsvRaw => {
            let raw = format == Format::CsvRaw;
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(&headers.csv)?;
            rows(&mut |row: R| {
                let cells = row.csv_cells();
                w.write_record(
                    cells
                        .iter()
                        .map(|c| sanitize::csv_cell(c, raw).into_owned()),
                )?;
                Ok(())
            })?;
            w.flush()?;
        }
        Format::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_HORIZONTAL_ONLY)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(
                    headers
                        .table
                        .iter()
                        .map(|h| sanitize::terminal(h).into_owned()),
                );
            let width = if table.is_tty() {
                table.width().unwrap_or(DEFAULT_WIDTH)
            } else {
                DEFAULT_WIDTH
            };
            table.set_width(width);
            let mut n = 0usize;
            rows(&mut |row: R| {
                // Nothing in a cell reaches the terminal as a control sequence.
                let cells = row.table_cells();
                table.add_row(cells.iter().map(|c| sanitize::terminal(c).into_owned()));
                n += 1;
                Ok(())
            })?;
            if n == 0 {
                writeln!(out, "(no rows)")?;
            } else {
                writeln!(out, "{table}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
