//! Rendering rows as a table, JSON, JSON Lines or CSV, from one row type per listing: the row is
//! `Serialize` for JSON and gives its cells for tables and CSV. JSON, JSON Lines and CSV stream
//! row by row; a table needs every row before it can size its columns.
//!
//! The words that listings, `show` and the exports share for what the queries return are here
//! too: counts with thousands separators, an event's date with the words that gave it
//! ([`date_with_words`]) and its figures ([`figures`]).

pub mod figures;

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, Width};
use serde::Serialize;

use crate::query::timeline::TimelineRow;
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
    /// Cells of the CSV form, in the order of `csv_headers`. By default, the JSON form's field of
    /// each header's name: text as itself, null as an empty cell, a list joined with "; ".
    fn csv_cells(&self) -> Vec<String> {
        // Row types are plain data with string keys: serializing them cannot fail.
        let json = serde_json::to_value(self).unwrap_or_default();
        Self::csv_headers()
            .iter()
            .map(|h| json_cell(&json[*h]))
            .collect()
    }
}

/// A JSON value as one CSV cell: text as itself, null as empty, a list joined with "; ".
fn json_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(json_cell).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

/// Width of a table when standard output is not a terminal.
pub const DEFAULT_WIDTH: u16 = 80;

/// The width to fit text to: `width` when given, else the terminal's, or [`DEFAULT_WIDTH`] off
/// a terminal.
pub fn text_width(width: Option<u16>) -> u16 {
    match width {
        Some(w) => w,
        None => {
            let probe = Table::new();
            match probe.is_tty() {
                true => probe.width().unwrap_or(DEFAULT_WIDTH),
                false => DEFAULT_WIDTH,
            }
        }
    }
}

/// How rows are written: the format, and for a table its width (the terminal's, or
/// [`DEFAULT_WIDTH`] off a terminal, when none is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub width: Option<u16>,
}

impl From<Format> for Output {
    fn from(format: Format) -> Output {
        Output {
            format,
            width: None,
        }
    }
}

/// A count as a table shows it, with thousands separators: `12,000`.
pub fn count(n: impl std::fmt::Display) -> String {
    thousands(&n.to_string())
}

/// Every run of four or more digits written with thousands separators: `12000` → `12,000`
/// (for counts and figure labels, whose numbers are counts). Digits after a decimal point are
/// left as they are. Tables only: JSON and CSV keep numbers as they are.
pub fn thousands(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run = &chars[start..i];
            let after_point = start > 0 && chars[start - 1] == '.';
            for (k, c) in run.iter().enumerate() {
                if !after_point && run.len() >= 4 && k > 0 && (run.len() - k).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(*c);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `date` with the words that gave it and their publisher (the rule lives below seeding and
/// queries, which word a stored event's date the same way).
pub use crate::text::date_with_words;

/// A timeline row's date with the words of the report that gave it and their publisher: `29
/// May 2023 — “on May 29”, Fixture Daily`; the date alone when no report's words gave it.
pub fn event_date(row: &TimelineRow) -> String {
    date_with_words(
        &row.date_human,
        row.date_text.as_deref(),
        row.date_publisher.as_deref(),
    )
}

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

/// The width of the longest word of a cell (ids, links and numbers are words).
fn longest_word(cell: &str) -> usize {
    cell.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// The table as text, each column at least as wide as its longest word, so that an id is never
/// broken in the middle, as far as the table's width allows: when the longest words of all
/// columns do not fit side by side, the column with the longest (an id, most often) is kept
/// whole first, then the others from the shortest.
fn render_keeping_words_whole(table: &mut Table, longest: &[usize], width: u16) -> String {
    let mut order: Vec<usize> = (0..longest.len()).collect();
    order.sort_by_key(|&i| (longest[i], i));
    if let Some(last) = order.pop() {
        order.insert(0, last);
    }
    // A column takes its content and a space of padding on either side, and a space separates
    // it from the next; a column not kept whole takes at least one character.
    let mut room = usize::from(width).saturating_sub(longest.len().saturating_sub(1));
    room = room.saturating_sub(3 * longest.len());
    let mut whole = vec![false; longest.len()];
    for i in order {
        let more = longest[i].saturating_sub(1);
        if more <= room {
            room -= more;
            whole[i] = true;
        }
    }
    let keep = |table: &mut Table, on: bool| {
        for (i, &w) in longest.iter().enumerate() {
            let Some(column) = table.column_mut(i) else {
                continue;
            };
            // comfy-table's boundaries count the column's padding.
            match u16::try_from(w + 2) {
                Ok(w) if on && whole[i] => {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
                }
                _ => {
                    column.remove_constraint();
                }
            }
        }
    };
    keep(table, true);
    let text = table.to_string();
    if text
        .lines()
        .all(|l| l.chars().count() <= usize::from(width))
    {
        return text;
    }
    keep(table, false);
    table.to_string()
}

/// Render `rows` as `format` to `out`, streaming where the format allows.
pub fn write_rows<R: Record>(
    output: impl Into<Output>,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    write_rows_with(output, &Headers::of::<R>(), out, rows)
}

/// [`write_rows`] with headers given at run time instead of by the row type.
pub fn write_rows_with<R: Record>(
    output: impl Into<Output>,
    headers: &Headers,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    let Output { format, width } = output.into();
    match format {
        Format::Json => write_json(out, rows)?,
        Format::Jsonl => write_jsonl(out, rows)?,
        Format::Csv => write_csv(&headers.csv, false, out, rows)?,
        Format::CsvRaw => write_csv(&headers.csv, true, out, rows)?,
        Format::Table => write_table(&headers.table, text_width(width), out, rows)?,
    }
    out.flush()?;
    Ok(())
}

/// The rows `rows` gives, as one JSON array, each object pretty-printed on lines of its own.
fn write_json<R: Record>(
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
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
    Ok(())
}

/// The rows `rows` gives, one JSON object per line.
fn write_jsonl<R: Record>(
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    rows(&mut |row: R| {
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
        Ok(())
    })
}

/// The rows `rows` gives as CSV under `headers`; a cell a spreadsheet would run as a formula is
/// guarded unless `raw`.
fn write_csv<R: Record>(
    headers: &[String],
    raw: bool,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(headers)?;
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
    Ok(())
}

/// The rows `rows` gives as a table `width` columns wide under `headers`, or `(no rows)`.
fn write_table<R: Record>(
    headers: &[String],
    width: u16,
    out: &mut dyn Write,
    rows: impl FnOnce(&mut dyn FnMut(R) -> Result<()>) -> Result<()>,
) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| sanitize::terminal(h).into_owned()))
        .set_width(width);
    let mut longest: Vec<usize> = headers.iter().map(|h| longest_word(h)).collect();
    let mut n = 0usize;
    rows(&mut |row: R| {
        // Nothing in a cell reaches the terminal as a control sequence.
        let cells: Vec<String> = row
            .table_cells()
            .iter()
            .map(|c| sanitize::terminal(c).into_owned())
            .collect();
        for (i, c) in cells.iter().enumerate() {
            if let Some(l) = longest.get_mut(i) {
                *l = (*l).max(longest_word(c));
            }
        }
        table.add_row(cells);
        n += 1;
        Ok(())
    })?;
    if n == 0 {
        writeln!(out, "(no rows)")?;
    } else {
        let text = render_keeping_words_whole(&mut table, &longest, width);
        writeln!(out, "{text}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_field_as_a_csv_cell() {
        use serde_json::json;
        for (value, cell) in [
            (json!(null), ""),
            (json!("Kosovo Force"), "Kosovo Force"),
            (json!(12000), "12000"),
            (json!(2.5), "2.5"),
            (json!(true), "true"),
            (json!(["KFOR", "Kosovo Force"]), "KFOR; Kosovo Force"),
            (json!([]), ""),
        ] {
            assert_eq!(json_cell(&value), cell, "{value}");
        }
    }

    #[test]
    fn thousands_separators() {
        for (plain, separated) in [
            ("700", "700"),
            ("1000", "1,000"),
            ("12000", "12,000"),
            ("1234567", "1,234,567"),
            ("2.5000", "2.5000"),
            ("52–80000 people", "52–80,000 people"),
        ] {
            assert_eq!(thousands(plain), separated, "{plain}");
        }
    }
}
