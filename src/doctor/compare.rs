//! The stored record against a fresh load of its seed files, read as streams. Each table of the
//! record is read from both databases in one order and the two streams are merged row by row,
//! so memory holds a few rows whatever the size of the record, and a table costs one ordered
//! scan on each side.
//!
//! What a row is: every column but those that say where SQLite put a row rather than what an
//! article stated (a table's `INTEGER PRIMARY KEY`) or where each article was loaded from
//! (`sources.seed_file` and `seed_hash`). The rows are compared as multisets, so a row stored
//! twice where a fresh load has it once is a difference.
//!
//! The R*Tree `event_area` (and its shadow tables) is not read: it is keyed by where SQLite put
//! each event and laid out by the order of inserts; what it indexes is `event_geo`, which is
//! compared, and [`super`] checks that the two agree.
//!
//! Views are not read: a view is a function of the tables it reads, and the record's views read
//! nothing outside the compared columns but the surrogate keys (a test lists what each reads).
//! Those keys matter to a view only by their order (`ORDER BY fn.id` breaks ties among one
//! article's figures), so for each table with a surrogate key and a `source_id` the order of each
//! article's rows by that key is compared too; and the definitions of views and triggers are
//! compared, since a view edited in the database reads the same tables differently.

use std::cmp::Ordering;

use anyhow::Result;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Rows};

use crate::db;

/// How many differences are listed; the rest are counted.
pub const SHOWN: usize = 10;

/// The first differences between the record `stored` holds and the one `fresh` holds, one line
/// each ("table events: only in the database: id=..."), and a count of the rest; empty when the
/// two are the same.
pub fn differences(stored: &Connection, fresh: &Connection) -> Result<Vec<String>> {
    let mut found = Differences::default();
    definitions(stored, fresh, &mut found)?;
    let mut names = record_tables(stored)?;
    names.extend(record_tables(fresh)?);
    names.sort();
    names.dedup();
    for name in &names {
        table(stored, fresh, name, &mut found)?;
    }
    Ok(found.lines())
}

/// Which side of the comparison a row is found on only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Stored,
    Fresh,
}

impl Side {
    fn words(self) -> &'static str {
        match self {
            Side::Stored => "only in the database",
            Side::Fresh => "only in a fresh load",
        }
    }
}

/// The differences found so far: the first [`SHOWN`] lines, and how many more there are.
#[derive(Debug, Default)]
struct Differences {
    shown: Vec<String>,
    more: usize,
}

impl Differences {
    fn push(&mut self, line: String) {
        if self.shown.len() < SHOWN {
            self.shown.push(line);
        } else {
            self.more += 1;
        }
    }

    /// Room for this many more lines.
    fn room(&self) -> usize {
        SHOWN - self.shown.len()
    }

    fn lines(mut self) -> Vec<String> {
        if self.more > 0 {
            self.shown.push(format!("… and {} more rows", self.more));
        }
        self.shown
    }
}

/// The tables of the record: all but the schema's history, the full-text index's own tables
/// and the seeder's switch.
const RECORD_TABLES: &str = "
    SELECT name FROM sqlite_master
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      AND name NOT LIKE '%\\_fts%' ESCAPE '\\'
      AND name NOT LIKE 'event\\_area%' ESCAPE '\\'
      AND name NOT IN ('refinery_schema_history', 'search_sync')
    ORDER BY name";

fn record_tables(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare(RECORD_TABLES)?
        .query_map([], |r| r.get("name"))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Views and triggers, by what defines them.
const DEFINITIONS: &str = "
    SELECT type || ' ' || name AS name, sql FROM sqlite_master
    WHERE type IN ('view', 'trigger') ORDER BY type, name";

/// Views and triggers defined otherwise, or only on one side.
fn definitions(stored: &Connection, fresh: &Connection, found: &mut Differences) -> Result<()> {
    let read = |c: &Connection| -> Result<Vec<(String, Option<String>)>> {
        Ok(c.prepare(DEFINITIONS)?
            .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let (a, b) = (read(stored)?, read(fresh)?);
    for (name, sql) in &a {
        match b.iter().find(|(n, _)| n == name) {
            None => found.push(format!("{name}: {}", Side::Stored.words())),
            Some((_, other)) if other != sql => found.push(format!(
                "{name}: defined otherwise in the database than in a fresh load"
            )),
            Some(_) => {}
        }
    }
    for (name, _) in b.iter().filter(|(n, _)| !a.iter().any(|(m, _)| m == n)) {
        found.push(format!("{name}: {}", Side::Fresh.words()));
    }
    Ok(())
}

/// What of a table is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    /// The compared columns, in the table's order.
    columns: Vec<String>,
    /// The `INTEGER PRIMARY KEY` left out, if any.
    surrogate: Option<String>,
}

/// Each column of a table: its name, declared type and place in the primary key.
const TABLE_COLUMNS: &str = "SELECT name, type, pk FROM pragma_table_info(?1)";

/// The shape of `table` in `conn`, `None` when it has no such table.
fn shape(conn: &Connection, table: &str) -> Result<Option<Shape>> {
    let cols: Vec<(String, String, i64)> = conn
        .prepare(TABLE_COLUMNS)?
        .query_map([table], |r| {
            Ok((r.get("name")?, r.get("type")?, r.get("pk")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if cols.is_empty() {
        return Ok(None);
    }
    let mut surrogate = None;
    if cols.iter().filter(|c| c.2 > 0).count() == 1 {
        surrogate = cols
            .iter()
            .find(|c| c.2 == 1 && c.1.eq_ignore_ascii_case("INTEGER"))
            .map(|c| c.0.clone());
    }
    let where_loaded = |c: &str| table == "sources" && (c == "seed_file" || c == "seed_hash");
    let columns = cols
        .into_iter()
        .map(|c| c.0)
        .filter(|c| Some(c) != surrogate.as_ref() && !where_loaded(c))
        .collect();
    Ok(Some(Shape { columns, surrogate }))
}

/// Compare one table: its rows, then, when they are the same, each article's rows' order.
fn table(
    stored: &Connection,
    fresh: &Connection,
    name: &str,
    found: &mut Differences,
) -> Result<()> {
    let (a, b) = (shape(stored, name)?, shape(fresh, name)?);
    let shape = match (&a, &b) {
        (Some(a), Some(b)) if a != b => {
            found.push(format!(
                "table {name}: other columns in the database ({}) than in a fresh load ({})",
                a.columns.join(", "),
                b.columns.join(", ")
            ));
            return Ok(());
        }
        (Some(s), _) | (None, Some(s)) => s.clone(),
        (None, None) => return Ok(()),
    };
    let sql = rows_sql(name, &shape.columns, &sort_key(&shape.columns));
    let differ = merge(
        a.is_some().then_some(stored),
        b.is_some().then_some(fresh),
        &sql,
        &shape.columns,
        name,
        found,
    )?;
    match &shape.surrogate {
        Some(key) if !differ && shape.columns.iter().any(|c| c == "source_id") => {
            let order = format!("\"source_id\", {}", db::quote_identifier(key));
            order_by_source(stored, fresh, name, &shape.columns, &order, found)
        }
        _ => Ok(()),
    }
}

/// `SELECT` the columns (or a constant, for a table with none compared) in `order`.
fn rows_sql(table: &str, columns: &[String], order: &str) -> String {
    // Names read from the schema, quoted as identifiers; not user input.
    let list = if columns.is_empty() {
        "1".to_string()
    } else {
        columns
            .iter()
            .map(|c| db::quote_identifier(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let order = if order.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {order}")
    };
    format!("SELECT {list} FROM {}{order}", db::quote_identifier(table))
}

/// An order both sides sort in as [`compare`] does: each column by value (bytes for text,
/// whatever the column's collation), then by type, so that 5 and 5.0 sort one way.
fn sort_key(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| {
            let c = db::quote_identifier(c);
            format!("{c} COLLATE BINARY, typeof({c})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as read, whatever its bytes (text that is not UTF-8 included).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(t.to_vec()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

/// The next row's values, `None` at the end (and for a side without the table).
fn next(rows: &mut Option<Rows<'_>>, n: usize) -> Result<Option<Vec<Value>>> {
    let Some(rows) = rows else {
        return Ok(None);
    };
    match rows.next()? {
        Some(r) => Ok(Some(
            (0..n)
                .map(|i| r.get_ref(i).map(Value::from))
                .collect::<rusqlite::Result<_>>()?,
        )),
        None => Ok(None),
    }
}

/// Read `sql` on both sides (a side without the table reads as empty) and merge the two sorted
/// streams: the rows one side has more of are differences. Returns whether any was found.
fn merge(
    stored: Option<&Connection>,
    fresh: Option<&Connection>,
    sql: &str,
    columns: &[String],
    table: &str,
    found: &mut Differences,
) -> Result<bool> {
    let mut stmts = (
        stored.map(|c| c.prepare(sql)).transpose()?,
        fresh.map(|c| c.prepare(sql)).transpose()?,
    );
    let mut a = stmts.0.as_mut().map(|s| s.query([])).transpose()?;
    let mut b = stmts.1.as_mut().map(|s| s.query([])).transpose()?;
    let n = columns.len().max(1);
    let mut sides = TableDiff::new(found.room());
    let (mut x, mut y) = (next(&mut a, n)?, next(&mut b, n)?);
    loop {
        let side = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => Side::Stored,
            (None, Some(_)) => Side::Fresh,
            (Some(p), Some(q)) => match compare(p, q) {
                Ordering::Less => Side::Stored,
                Ordering::Greater => Side::Fresh,
                Ordering::Equal => {
                    (x, y) = (next(&mut a, n)?, next(&mut b, n)?);
                    continue;
                }
            },
        };
        match side {
            Side::Stored => {
                sides.add(side, || row_text(columns, x.as_deref().unwrap_or_default()));
                x = next(&mut a, n)?;
            }
            Side::Fresh => {
                sides.add(side, || row_text(columns, y.as_deref().unwrap_or_default()));
                y = next(&mut b, n)?;
            }
        }
    }
    Ok(sides.into(table, found))
}

/// One table's differing rows: the first of each side, then a count.
struct TableDiff {
    room: usize,
    stored: Vec<String>,
    fresh: Vec<String>,
    more: usize,
}

impl TableDiff {
    fn new(room: usize) -> TableDiff {
        TableDiff {
            room,
            stored: Vec::new(),
            fresh: Vec::new(),
            more: 0,
        }
    }

    fn add(&mut self, side: Side, text: impl FnOnce() -> String) {
        let list = match side {
            Side::Stored => &mut self.stored,
            Side::Fresh => &mut self.fresh,
        };
        if list.len() < self.room {
            list.push(text());
        } else {
            self.more += 1;
        }
    }

    /// Add the lines to `found`, those only in the database first; whether there were any.
    fn into(self, table: &str, found: &mut Differences) -> bool {
        let any = self.more > 0 || !self.stored.is_empty() || !self.fresh.is_empty();
        for (side, rows) in [(Side::Stored, self.stored), (Side::Fresh, self.fresh)] {
            for row in rows {
                found.push(format!("table {table}: {}: {row}", side.words()));
            }
        }
        found.more += self.more;
        any
    }
}

/// For a table whose rows are the same on both sides: each article's rows (`source_id`) in the
/// order of the surrogate key must be the same sequence. Both sides have the same rows, so the
/// two streams hold each article's rows at the same places.
fn order_by_source(
    stored: &Connection,
    fresh: &Connection,
    table: &str,
    columns: &[String],
    order: &str,
    found: &mut Differences,
) -> Result<()> {
    let sql = rows_sql(table, columns, order);
    let source = columns.iter().position(|c| c == "source_id");
    let n = columns.len();
    let (mut s1, mut s2) = (stored.prepare(&sql)?, fresh.prepare(&sql)?);
    let (mut a, mut b) = (Some(s1.query([])?), Some(s2.query([])?));
    let mut reported: Option<Value> = None;
    while let (Some(x), Some(y)) = (next(&mut a, n)?, next(&mut b, n)?) {
        let of = source.map_or(Value::Null, |i| x[i].clone());
        if x == y || reported.as_ref() == Some(&of) {
            continue;
        }
        found.push(format!(
            "table {table}: the rows of source {} stand in another order in the database than \
             in a fresh load",
            value_text(&of)
        ));
        reported = Some(of);
    }
    Ok(())
}

/// SQLite's order of values in `ORDER BY`: NULL, then numbers (by value), then text, then blobs
/// (by their bytes); then, as [`sort_key`] asks, integers before reals of the same value.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    fn class(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    let number = |v: &Value| match *v {
        Value::Integer(i) => i as f64,
        Value::Real(r) => r,
        _ => 0.0,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => class(a).cmp(&class(b)).then_with(|| {
            number(a)
                .partial_cmp(&number(b))
                .unwrap_or(Ordering::Equal)
                .then_with(|| matches!(a, Value::Real(_)).cmp(&matches!(b, Value::Real(_))))
        }),
    }
}

/// Rows compared column by column.
fn compare(a: &[Value], b: &[Value]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| compare_values(x, y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// A row as `column=value` cells.
fn row_text(columns: &[String], values: &[Value]) -> String {
    columns
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{c}={}", value_text(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as text that tells its type: NULL, 5, 5.0, "text", x'00ff'.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => format!("{f:?}"),
        Value::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        Value::Blob(b) => format!(
            "x'{}'",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use proptest::prelude::*;
    use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
    use rusqlite::types::Value as V;

    use super::*;

    /// What each view reads that the comparison of tables leaves out: (view, table, column).
    fn left_out_reads(conn: &mut Connection) -> Vec<(String, String, String)> {
        let views: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut out = Vec::new();
        for view in views {
            let reads = Arc::new(Mutex::new(Vec::new()));
            let seen = Arc::clone(&reads);
            conn.authorizer(Some(move |ctx: AuthContext<'_>| {
                if let AuthAction::Read {
                    table_name,
                    column_name,
                } = ctx.action
                {
                    seen.lock()
                        .unwrap()
                        .push((table_name.to_string(), column_name.to_string()));
                }
                Authorization::Allow
            }))
            .unwrap();
            conn.prepare(&format!("SELECT * FROM {}", db::quote_identifier(&view)))
                .unwrap();
            conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)
                .unwrap();
            let mut reads = reads.lock().unwrap().clone();
            reads.sort();
            reads.dedup();
            for (table, column) in reads {
                let Some(shape) = shape(conn, &table).unwrap() else {
                    continue;
                };
                let kept = shape.columns.contains(&column);
                if !kept {
                    out.push((view.clone(), table, column));
                }
            }
        }
        out
    }

    /// Every view reads only compared columns, but for surrogate keys of tables whose rows'
    /// order within each article is compared, and events' rowid, which views give out only as
    /// `event_rowid` (a row number, never compared). A new view that reads another left-out
    /// column (a rowid to order by, `seed_file`) fails this test: its rows could then differ
    /// where the tables do not, and the comparison would have to read it.
    #[test]
    fn views_read_nothing_left_out_but_keys_whose_order_is_compared() {
        let mut conn = db::open_in_memory().unwrap();
        let reads = left_out_reads(&mut conn);
        let s = |v: &str, t: &str, c: &str| (v.to_string(), t.to_string(), c.to_string());
        assert_eq!(
            reads,
            [
                s("conflicts", "figures", "id"),
                s("event_participants_named", "event_participants", "id"),
                s("event_search", "events", "ROWID"),
                s("figure_claims", "figures", "id"),
                s("figures_named", "figures", "id"),
                s("timeline", "event_participants", "id"),
                s("timeline", "events", "ROWID"),
                s("timeline", "figures", "id"),
            ]
        );
        for (view, table, column) in reads {
            let shape = shape(&conn, &table).unwrap().unwrap();
            if column == "ROWID" {
                let sql: String = conn
                    .query_row(
                        "SELECT sql FROM sqlite_master WHERE name = ?1",
                        [&view],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(sql.contains("e.rowid AS event_rowid"), "{view}");
                let rest = sql.replace("e.rowid AS event_rowid", "").to_lowercase();
                assert!(!rest.contains("rowid"), "{view} reads rowid otherwise");
            } else {
                assert_eq!(shape.surrogate.as_deref(), Some(column.as_str()));
                assert!(shape.columns.iter().any(|c| c == "source_id"), "{table}");
            }
        }
    }

    /// Two databases with the figures table only, filled by `rows` (id, source_id, value).
    fn figures(rows: &[(i64, &str, V)]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE figures (id INTEGER PRIMARY KEY, source_id TEXT COLLATE NOCASE, \
             value ANY) STRICT",
        )
        .unwrap();
        for (id, source, value) in rows {
            conn.execute(
                "INSERT INTO figures VALUES (?1, ?2, ?3)",
                rusqlite::params![id, source, value],
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn rows_are_compared_as_multisets_whatever_their_keys() {
        let t = |s: &str| V::Text(s.into());
        let a = figures(&[(1, "a", V::Integer(5)), (2, "b", t("x")), (3, "b", V::Null)]);
        let b = figures(&[(7, "b", t("x")), (8, "b", V::Null), (9, "a", V::Integer(5))]);
        assert_eq!(differences(&a, &b).unwrap(), Vec::<String>::new());
        // 5 and 5.0 are two values; a row twice is not a row once; case counts.
        let c = figures(&[(1, "a", V::Real(5.0)), (2, "b", t("x")), (3, "b", V::Null)]);
        let d = figures(&[(1, "a", V::Integer(5)), (2, "B", t("x")), (3, "b", V::Null)]);
        let e = figures(&[
            (1, "a", V::Integer(5)),
            (2, "b", t("x")),
            (3, "b", V::Null),
            (4, "b", V::Null),
        ]);
        assert_eq!(
            differences(&a, &c).unwrap(),
            [
                "table figures: only in the database: source_id=\"a\" value=5",
                "table figures: only in a fresh load: source_id=\"a\" value=5.0",
            ]
        );
        assert_eq!(differences(&d, &a).unwrap().len(), 2);
        assert_eq!(
            differences(&a, &e).unwrap(),
            ["table figures: only in a fresh load: source_id=\"b\" value=NULL"]
        );
    }

    #[test]
    fn an_articles_rows_in_another_order_differ_and_many_differences_are_counted() {
        let a = figures(&[
            (1, "a", V::Integer(1)),
            (2, "a", V::Integer(2)),
            (3, "b", V::Integer(3)),
        ]);
        let b = figures(&[
            (1, "a", V::Integer(2)),
            (2, "a", V::Integer(1)),
            (3, "b", V::Integer(3)),
        ]);
        assert_eq!(
            differences(&a, &b).unwrap(),
            [
                "table figures: the rows of source \"a\" stand in another order in the database \
              than in a fresh load"
            ]
        );
        let many: Vec<_> = (0..100).map(|i| (i, "a", V::Integer(i))).collect();
        let none = figures(&[]);
        let lines = differences(&figures(&many), &none).unwrap();
        assert_eq!(lines.len(), SHOWN + 1);
        assert_eq!(lines[SHOWN], "… and 90 more rows");
    }

    proptest! {
        /// The order SQLite sorts values in ([`sort_key`]) is the order [`compare_values`] sees,
        /// or the merge would take equal rows for different ones.
        #[test]
        fn sqlite_and_the_merge_sort_values_alike(values in prop::collection::vec(
            prop_oneof![
                Just(V::Null),
                (-3i64..3).prop_map(V::Integer),
                (-3i8..3).prop_map(|x| V::Real(f64::from(x) / 2.0)),
                "[aAb\\x00é]{0,3}".prop_map(V::Text),
                prop::collection::vec(0u8..3, 0..3).prop_map(V::Blob),
            ],
            0..20,
        )) {
            let rows: Vec<_> = values.into_iter().enumerate().map(|(i, v)| (i as i64, "s", v)).collect();
            let conn = figures(&rows);
            let sql = rows_sql("figures", &["value".to_string()], &sort_key(&["value".to_string()]));
            let mut stmt = conn.prepare(&sql).unwrap();
            let sorted: Vec<Value> = stmt
                .query_map([], |r| r.get_ref(0).map(Value::from))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for w in sorted.windows(2) {
                prop_assert!(compare_values(&w[0], &w[1]).is_le(), "{:?}", w);
            }
        }
    }
}
