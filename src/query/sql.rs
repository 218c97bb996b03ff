//! Running a user's SQL: one statement, its named parameters bound as text, every row handed on
//! as column name and JSON value. The connection it runs on is read-only ([`crate::db::open_read_only`]),
//! so a write is refused by SQLite itself.

use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::{bail, Context, Result};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, Statement};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;

/// One result row: its columns' names (shared by every row) and values.
#[derive(Debug, Clone)]
pub struct SqlRow {
    pub columns: Rc<Vec<String>>,
    pub values: Vec<Value>,
}

/// An object with the columns in the query's order.
impl Serialize for SqlRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (c, v) in self.columns.iter().zip(&self.values) {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

/// Pragmas that take an argument only to say what to read (`PRAGMA table_info(events)`).
const READING_PRAGMAS: [&str; 10] = [
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];

/// What a user's statement may do, as SQLite describes it while preparing it: read tables and
/// views, call functions (not `load_extension`), and read pragmas. Everything else is denied,
/// even what a read-only connection would allow: a temporary table, trigger or view (they live in
/// the connection's own temporary database), a pragma that sets something (`PRAGMA foreign_keys =
/// OFF`, `PRAGMA journal_mode = delete`), ATTACH and DETACH.
fn authorize(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => {
            Authorization::Allow
        }
        AuthAction::Function { function_name } => {
            if function_name.eq_ignore_ascii_case("load_extension") {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let reads = READING_PRAGMAS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(pragma_name));
            if pragma_value.is_none() || reads {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        _ => Authorization::Deny,
    }
}

/// Allow on `conn` only what [`authorize`] allows. Statements annals itself prepared before
/// this are not affected; the caller prepares the user's statement after it.
pub fn restrict(conn: &mut Connection) -> Result<()> {
    conn.authorizer(Some(authorize))?;
    Ok(())
}

/// Prepare `sql`, which must be one statement.
pub fn prepare<'c>(conn: &'c Connection, sql: &str) -> Result<Statement<'c>> {
    if sql.trim().is_empty() {
        bail!("no SQL given: pass a statement as an argument or on standard input");
    }
    conn.prepare(sql).map_err(|e| {
        let denied = e.sqlite_error_code() == Some(ErrorCode::AuthorizationForStatementDenied);
        let e = anyhow::Error::from(e).context("cannot run the SQL");
        if denied {
            e.context(
                "annals sql only reads: writing, temporary tables, ATTACH, setting a PRAGMA \
                 and load_extension are refused",
            )
        } else {
            e
        }
    })
}

/// The statement's column names.
pub fn columns(stmt: &Statement) -> Vec<String> {
    stmt.column_names().map(str::to_string).collect()
}

/// A value as JSON: numbers as numbers, text as text, a blob as `x'…'` hex text.
fn json(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}'").into()
        }
    }
}

/// Bind `params` (name without its `:`, `@` or `$`, and text value) to the statement's named
/// parameters, run it, and hand each row to `each`. A parameter the statement names but that is
/// not given, one given but not named, and a positional `?` are errors.
pub fn run(
    stmt: &mut Statement,
    params: &[(String, String)],
    mut each: impl FnMut(SqlRow) -> Result<()>,
) -> Result<()> {
    let given: BTreeMap<&str, &str> = params
        .iter()
        .map(|(k, v)| (k.trim_start_matches([':', '@', '$']), v.as_str()))
        .collect();
    let mut used = Vec::new();
    for i in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(i).map(str::to_string) else {
            bail!("parameter {i} is positional (?); name it, as :name, and give it with -p name VALUE");
        };
        let bare = name.trim_start_matches([':', '@', '$']).to_string();
        match given.get(bare.as_str()) {
            Some(v) => stmt.raw_bind_parameter(i, *v)?,
            None => bail!("the SQL uses the parameter {name} but no `-p {bare} VALUE` gives it"),
        }
        used.push(bare);
    }
    if let Some(unused) = given.keys().find(|k| !used.iter().any(|u| u == *k)) {
        bail!("-p {unused}: the SQL has no parameter :{unused}");
    }
    let columns = Rc::new(columns(stmt));
    let n = columns.len();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next().context("cannot run the SQL")? {
        let values = (0..n)
            .map(|i| r.get_ref(i).map(json))
            .collect::<rusqlite::Result<_>>()?;
        each(SqlRow {
            columns: Rc::clone(&columns),
            values,
        })?;
    }
    Ok(())
}
