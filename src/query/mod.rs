//! Asking the record. Each query takes a connection and a filter and returns rows (or hands them to
//! a callback, so output can stream); none of them prints.

pub mod aggregate;
pub mod conflicts;
pub mod filter;
pub mod lists;
pub mod names;
pub mod search;
pub mod show;
pub mod sources;
pub mod sql;
pub mod timeline;

use rusqlite::types::ValueRef;
use rusqlite::{Row, RowIndex, Statement, ToSql};
use serde::Serialize;

/// A reference to something with an id and a name: a person, organisation, place or source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

impl Named {
    /// From an id column and a name column that are both NULL when there is nothing.
    pub fn from_row<I: RowIndex>(r: &Row, id: I, name: I) -> rusqlite::Result<Option<Named>> {
        Ok(
            match (
                r.get::<_, Option<String>>(id)?,
                r.get::<_, Option<String>>(name)?,
            ) {
                (Some(id), Some(name)) => Some(Named { id, name }),
                _ => None,
            },
        )
    }
}

/// A numeric column as a JSON number, keeping integers integral (93, not 93.0).
pub fn number<I: RowIndex>(r: &Row, idx: I) -> rusqlite::Result<Option<serde_json::Number>> {
    Ok(match r.get_ref(idx)? {
        ValueRef::Integer(i) => Some(i.into()),
        ValueRef::Real(f) => serde_json::Number::from_f64(f),
        _ => None,
    })
}

/// The index of each named column of `stmt`, looked up once before a loop over many rows (a
/// row's `get` by name searches the columns each time).
pub fn columns<const N: usize>(stmt: &Statement, names: [&str; N]) -> rusqlite::Result<[usize; N]> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = stmt.column_index(name)?;
    }
    Ok(out)
}

/// Named parameters as owned values.
pub type Params = Vec<(&'static str, Box<dyn ToSql>)>;

/// Borrow owned named parameters in the form rusqlite binds.
pub fn bind(params: &Params) -> Vec<(&str, &dyn ToSql)> {
    params.iter().map(|(k, v)| (*k, v.as_ref())).collect()
}

/// A JSON number from an `f64`, integral when the value is (93, not 93.0).
pub fn json_number(v: f64) -> Option<serde_json::Number> {
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        Some((v as i64).into())
    } else {
        serde_json::Number::from_f64(v)
    }
}
