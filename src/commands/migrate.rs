//! `annals migrate`: create the database if needed and apply pending migrations.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::db;

const SCHEMA_VERSION: &str = "SELECT ifnull(max(version), 0) FROM refinery_schema_history";

pub fn run(path: &Path, out: &mut dyn Write) -> Result<()> {
    let conn = db::open(path)?;
    let version: i64 = conn.query_row(SCHEMA_VERSION, [], |r| r.get(0))?;
    writeln!(out, "{}: schema version {version}", path.display())?;
    Ok(())
}
