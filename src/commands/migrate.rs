//! `annals migrate`: create the database if needed and apply pending migrations.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::db;

pub fn run(path: &Path, out: &mut dyn Write) -> Result<()> {
    let conn = db::open(path)?;
    let version = db::schema_version(&conn)?;
    writeln!(
        out,
        "{}: schema version {version}",
        crate::sanitize::path(path)
    )?;
    Ok(())
}
