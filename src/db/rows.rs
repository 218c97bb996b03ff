//! Rows read into types by their column names: a row type derives `Deserialize` and its fields
//! are named as the query's columns (serde_rusqlite), so no query lists its columns twice.

use anyhow::Result;
use rusqlite::{Connection, Params, Row, Statement};
use serde::de::DeserializeOwned;

/// Every row of `sql` with `params`, each read into a `T` by column name.
pub fn rows<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut all = Vec::new();
    each_row(&mut stmt, params, |row| {
        all.push(row);
        Ok(())
    })?;
    Ok(all)
}

/// Each row of the prepared `stmt` with `params`, read into a `T` by column name and given to
/// `each` as it is read.
pub fn each_row<T: DeserializeOwned>(
    stmt: &mut Statement,
    params: impl Params,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let columns = serde_rusqlite::columns_from_statement(stmt);
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        each(from_row(r, &columns)?)?;
    }
    Ok(())
}

/// One row read into a `T` by the names in `columns` (the statement's, in order).
pub fn from_row<T: DeserializeOwned>(row: &Row, columns: &[String]) -> Result<T> {
    Ok(serde_rusqlite::from_row_with_columns(row, columns)?)
}
