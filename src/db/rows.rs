//! Rows read into types by their column names: a row type derives `Deserialize` and its fields
//! are named as the query's columns (serde_rusqlite), so no query lists its columns twice.

use anyhow::{bail, Result};
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
    let columns = columns_for::<T>(stmt)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        each(from_row(r, &columns)?)?;
    }
    Ok(())
}

/// The names of `stmt`'s columns, for [`from_row`], once they are known to include every field
/// of `T`. Without this a field with no column would read as empty (`None`) rather than fail.
pub fn columns_for<T: DeserializeOwned>(stmt: &Statement) -> Result<Vec<String>> {
    let columns = serde_rusqlite::columns_from_statement(stmt);
    for field in serde_aux::serde_introspection::serde_introspect::<T>() {
        if !columns.iter().any(|c| c == field) {
            bail!(
                "internal error: the query read into {} has no column {field:?}",
                std::any::type_name::<T>()
            );
        }
    }
    Ok(columns)
}

/// One row read into a `T` by the names in `columns` (from [`columns_for`]).
pub fn from_row<T: DeserializeOwned>(row: &Row, columns: &[String]) -> Result<T> {
    Ok(serde_rusqlite::from_row_with_columns(row, columns)?)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Said {
        who: String,
        words: Option<String>,
        times: i64,
    }

    #[test]
    fn rows_are_read_by_column_name_and_a_missing_column_is_an_error() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let said: Vec<Said> = super::rows(
            &conn,
            "SELECT 2 AS times, NULL AS words, ?1 AS who, 'x' AS extra",
            ["Stoltenberg"],
        )
        .unwrap();
        assert_eq!(
            said,
            [Said {
                who: "Stoltenberg".into(),
                words: None,
                times: 2
            }]
        );
        // `words` may be NULL, but its column must be there.
        let err = super::rows::<Said>(&conn, "SELECT 'a' AS who, 2 AS times", [])
            .unwrap_err()
            .to_string();
        assert!(err.contains("has no column \"words\""), "{err}");
    }
}
