//! Running a user's SQL: one statement, its named parameters bound as text, every row handed on
//! as column name and JSON value. The connection it runs on is read-only
//! ([`crate::db::open_read_only`]), so a write is refused by SQLite itself; a [`Session`] adds an
//! authorizer that lets SQLite prepare only reads, and limits on the statement's time and memory:
//!
//! - time: a progress handler stops the statement once it has spent longer than its limit inside
//!   SQLite (time spent writing its rows out does not count, so a slow reader of the output is no
//!   reason to stop it);
//! - memory: SQLite's hard heap limit (for the whole process: this is a one-shot command), with
//!   temporary data (sorts, `DISTINCT`, `GROUP BY`, materialized subqueries) kept in memory, so it
//!   counts toward the limit instead of growing in temporary files;
//! - output: a blob is shown by its first bytes and its length, and one longer than
//!   [`READ_BLOB_MAX`] by its length alone, never made whole to be shown.
//!
//! The statement is stepped through SQLite's C interface rather than rusqlite's [`Statement`],
//! because only there can a value's length be had without making it whole (a `zeroblob(N)` is N
//! bytes only once read), and a value SQLite has no memory left to hand over is an error rather
//! than a panic.
//!
//! [`Statement`]: rusqlite::Statement

mod authorizer;

use std::collections::BTreeMap;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::{self, NonNull};
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use rusqlite::ffi;
use rusqlite::hooks::AuthContext;

use authorizer::authorize;
use rusqlite::Connection;
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

/// What a user's statement may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time the statement may spend inside SQLite (preparing and stepping), with the number of
    /// seconds as the user gave it, for the message; `None`: no limit.
    pub time: Option<(Duration, f64)>,
    /// SQLite's heap, in MB (10^6 bytes), for the whole process; `None`: no limit.
    pub memory_mb: Option<i64>,
}

/// The time limit of `annals sql` and `annals search` unless --timeout says otherwise, in
/// seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 5.0;

/// The memory SQLite may use for `annals sql`, in MB.
pub const MEMORY_LIMIT_MB: i64 = 256;

/// A blob up to this many bytes is shown whole (`x'00ff'`).
const SHOW_BLOB_WHOLE: usize = 32;
/// A longer one shows this many bytes, then `…` and its length.
const SHOW_BLOB_PREFIX: usize = 16;
/// A blob longer than this is shown by its length only: SQLite may hold it as a length (as
/// `zeroblob(N)` does) and would have to make it whole to hand over its first bytes.
pub const READ_BLOB_MAX: usize = 1 << 20;

/// How often (in steps of SQLite's virtual machine) the progress handler looks at the clock.
const PROGRESS_STEPS: c_int = 1000;

/// The time a statement has spent inside SQLite: what earlier calls took, and since when the
/// current one runs.
#[derive(Debug, Default)]
struct Spent {
    before: Duration,
    since: Option<Instant>,
}

/// Shared between the session, which starts and stops it around each call into SQLite, and the
/// progress handler, which reads it.
#[derive(Debug, Clone, Default)]
struct Clock(Arc<Mutex<Spent>>);

impl Clock {
    fn spent(&self) -> Duration {
        let s = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        s.before + s.since.map_or(Duration::ZERO, |t| t.elapsed())
    }

    /// Count the time from now until the returned guard is dropped.
    fn running(&self) -> Running<'_> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).since = Some(Instant::now());
        Running(self)
    }
}

struct Running<'a>(&'a Clock);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        let mut s = self.0 .0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(t) = s.since.take() {
            s.before += t.elapsed();
        }
    }
}

/// Whether the database has the R*Tree of event areas (schema 14 and later).
const HAS_AREA_INDEX: &str =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'event_area'";
/// A read of the R*Tree that reads no row: enough for SQLite to connect it.
const CONNECT_AREA_INDEX: &str = "SELECT 1 FROM event_area LIMIT 0";

/// Connect the R*Tree of event areas before the authorizer is in place. When a statement first
/// names an R*Tree, the module prepares the statements that would keep its tables (writes, never
/// run by a read); prepared under the authorizer, they would refuse every read of `event_area`
/// as a write. Connected once here, the module keeps them for the connection's life.
fn connect_area_index(conn: &Connection) -> Result<()> {
    if conn.query_row(HAS_AREA_INDEX, [], |r| r.get::<_, i64>(0))? > 0 {
        conn.prepare(CONNECT_AREA_INDEX)?.query([])?.next()?;
    }
    Ok(())
}

/// A read-only connection ready for one user's statement: temporary data in memory, SQLite's
/// heap limited, the authorizer and the time limit in place.
pub struct Session {
    conn: Connection,
    limits: Limits,
    refused: Arc<Mutex<Option<String>>>,
    clock: Clock,
}

impl Session {
    /// Restrict `conn` (opened by [`crate::db::open_read_only`]). The settings come first: the
    /// authorizer refuses every pragma that sets something, annals' own too.
    pub fn new(mut conn: Connection, limits: Limits) -> Result<Session> {
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if let Some(mb) = limits.memory_mb {
            // Process-wide; the heap's soft limit follows it down.
            conn.pragma_update(None, "hard_heap_limit", mb * 1_000_000)?;
        }
        connect_area_index(&conn)?;
        let refused = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&refused);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| authorize(ctx, &shared)))?;
        let clock = Clock::default();
        if let Some((limit, _)) = limits.time {
            let clock = clock.clone();
            // Returning true interrupts the statement (SQLITE_INTERRUPT).
            conn.progress_handler(PROGRESS_STEPS, Some(move || clock.spent() > limit))?;
        }
        Ok(Session {
            conn,
            limits,
            refused,
            clock,
        })
    }

    /// Prepare `sql`, which must be one statement.
    pub fn prepare(&self, sql: &str) -> Result<UserStatement<'_>> {
        if sql.trim().is_empty() {
            bail!("no SQL given: pass a statement as an argument or on standard input");
        }
        if let Some(at) = sql.find('\0') {
            bail!(
                "the SQL has a NUL byte at byte {at}: SQLite would ignore everything after it, \
                 so nothing was run"
            );
        }
        let len = c_int::try_from(sql.len()).map_err(|_| anyhow!("the SQL is too long"))?;
        let db = self.handle();
        let mut stmt = ptr::null_mut();
        let mut tail: *const c_char = ptr::null();
        let rc = {
            let _running = self.clock.running();
            // SAFETY: `db` is this session's open connection; `sql` outlives the call and `len`
            // is its length in bytes.
            unsafe { ffi::sqlite3_prepare_v2(db, sql.as_ptr().cast(), len, &mut stmt, &mut tail) }
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc, Some(sql)));
        }
        self.forget_refusal();
        let Some(stmt) = NonNull::new(stmt) else {
            // Only comments.
            bail!("no SQL given: pass a statement as an argument or on standard input");
        };
        let mut stmt = UserStatement {
            session: self,
            stmt,
            columns: Rc::default(),
        };
        stmt.columns = Rc::new(stmt.column_names());
        // SQLite points `tail` just past the statement, inside `sql`.
        let rest = (tail as usize)
            .checked_sub(sql.as_ptr() as usize)
            .and_then(|at| sql.get(at..))
            .unwrap_or("");
        if !rest.trim().is_empty() && self.holds_a_statement(rest) {
            bail!("cannot run the SQL: Multiple statements provided: give one statement");
        }
        Ok(stmt)
    }

    /// Whether SQLite finds a statement (or an error) in `sql`, rather than only comments.
    fn holds_a_statement(&self, sql: &str) -> bool {
        let Ok(len) = c_int::try_from(sql.len()) else {
            return true;
        };
        let mut stmt = ptr::null_mut();
        // SAFETY: as in `prepare`; a statement made here is finalized at once.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                self.handle(),
                sql.as_ptr().cast(),
                len,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        if !stmt.is_null() {
            // SAFETY: made just above, used nowhere else.
            unsafe { ffi::sqlite3_finalize(stmt) };
        }
        self.forget_refusal();
        rc != ffi::SQLITE_OK || !stmt.is_null()
    }

    /// Forget what the authorizer refused: it was not what made a later error.
    fn forget_refusal(&self) {
        *self.refused.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn handle(&self) -> *mut ffi::sqlite3 {
        // SAFETY: the handle is only used while `self.conn` is open, and never closed here.
        unsafe { self.conn.handle() }
    }

    /// The error SQLite reported for `rc`, in words: a refusal says what was refused, the time
    /// and memory limits say so and how to change them.
    fn error(&self, rc: c_int, sql: Option<&str>) -> anyhow::Error {
        let db = self.handle();
        // SAFETY: `db` is open; the strings SQLite returns are copied before any other call.
        let (msg, offset) = unsafe {
            let msg = if ffi::sqlite3_errcode(db) & 0xff == rc & 0xff {
                ffi::sqlite3_errmsg(db)
            } else {
                ffi::sqlite3_errstr(rc)
            };
            let msg = (!msg.is_null()).then(|| CStr::from_ptr(msg).to_string_lossy().into_owned());
            (msg, ffi::sqlite3_error_offset(db))
        };
        let refused = self
            .refused
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match rc & 0xff {
            // A function the authorizer denies fails as an ordinary error.
            ffi::SQLITE_AUTH | ffi::SQLITE_ERROR if refused.is_some() || rc == ffi::SQLITE_AUTH => {
                let why = refused.unwrap_or_else(|| "the statement does more than read".into());
                let sqlite = msg.unwrap_or_else(|| "not authorized".into());
                return anyhow!("annals sql only reads: {why} ({sqlite})");
            }
            ffi::SQLITE_INTERRUPT => {
                if let Some((_, secs)) = self.limits.time {
                    return anyhow!(
                        "the statement ran longer than {secs} s and was stopped; give --timeout \
                         to allow longer, or 0 for no limit"
                    );
                }
            }
            ffi::SQLITE_NOMEM => {
                if let Some(mb) = self.limits.memory_mb {
                    return anyhow!(
                        "the statement needed more than {mb} MB of memory and was stopped (its \
                         sorting, grouping and temporary results count too)"
                    );
                }
            }
            _ => {}
        }
        let error = ffi::Error::new(rc);
        let e = match (sql, msg) {
            (Some(sql), Some(msg)) if rc == ffi::SQLITE_ERROR && offset >= 0 => {
                rusqlite::Error::SqlInputError {
                    error,
                    msg,
                    sql: sql.to_string(),
                    offset,
                }
            }
            (_, msg) => rusqlite::Error::SqliteFailure(error, msg),
        };
        anyhow::Error::from(e).context("cannot run the SQL")
    }
}

/// The user's statement, prepared in a [`Session`]; finalized when dropped.
pub struct UserStatement<'s> {
    session: &'s Session,
    stmt: NonNull<ffi::sqlite3_stmt>,
    columns: Rc<Vec<String>>,
}

impl Drop for UserStatement<'_> {
    fn drop(&mut self) {
        // SAFETY: `stmt` was prepared on the session's connection, which outlives it, and is
        // finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

impl UserStatement<'_> {
    fn raw(&self) -> *mut ffi::sqlite3_stmt {
        self.stmt.as_ptr()
    }

    /// The statement's column names.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    fn column_names(&self) -> Vec<String> {
        // SAFETY: `stmt` is a live statement; column names are copied at once.
        unsafe {
            let n = ffi::sqlite3_column_count(self.raw());
            (0..n)
                .map(|i| text_of(ffi::sqlite3_column_name(self.raw(), i)).unwrap_or_default())
                .collect()
        }
    }

    /// Bind `params` (name without its `:`, `@` or `$`, and text value) to the statement's named
    /// parameters. A parameter the statement names but that is not given, one given but not
    /// named, and a positional `?` are errors.
    pub fn bind(&mut self, params: &[(String, String)]) -> Result<()> {
        let given: BTreeMap<&str, &str> = params
            .iter()
            .map(|(k, v)| (k.trim_start_matches([':', '@', '$']), v.as_str()))
            .collect();
        let mut used = Vec::new();
        // SAFETY: `stmt` is live; SQLite copies a bound value (SQLITE_TRANSIENT) before
        // `sqlite3_bind_text` returns.
        let count = unsafe { ffi::sqlite3_bind_parameter_count(self.raw()) };
        for i in 1..=count {
            let name = unsafe { text_of(ffi::sqlite3_bind_parameter_name(self.raw(), i)) };
            let Some(name) = name else {
                bail!("parameter {i} is positional (?); name it, as :name, and give it with -p name VALUE");
            };
            let bare = name.trim_start_matches([':', '@', '$']).to_string();
            let Some(value) = given.get(bare.as_str()) else {
                bail!("the SQL uses the parameter {name} but no `-p {bare} VALUE` gives it");
            };
            let len = c_int::try_from(value.len()).map_err(|_| anyhow!("-p {bare}: too long"))?;
            let rc = unsafe {
                ffi::sqlite3_bind_text(
                    self.raw(),
                    i,
                    value.as_ptr().cast(),
                    len,
                    ffi::SQLITE_TRANSIENT(),
                )
            };
            if rc != ffi::SQLITE_OK {
                return Err(self.session.error(rc, None));
            }
            used.push(bare);
        }
        if let Some(unused) = given.keys().find(|k| !used.iter().any(|u| u == *k)) {
            bail!("-p {unused}: the SQL has no parameter :{unused}");
        }
        Ok(())
    }

    /// Run the statement to its next row; `None` when it has no more.
    pub fn next_row(&mut self) -> Result<Option<SqlRow>> {
        let rc = {
            let _running = self.session.clock.running();
            // SAFETY: `stmt` is live and stepped from this thread only.
            unsafe { ffi::sqlite3_step(self.raw()) }
        };
        match rc {
            ffi::SQLITE_ROW => {}
            ffi::SQLITE_DONE => return Ok(None),
            rc => return Err(self.session.error(rc, None)),
        }
        let values = (0..self.columns.len())
            .map(|i| self.value(i as c_int))
            .collect::<Result<_>>()?;
        Ok(Some(SqlRow {
            columns: Rc::clone(&self.columns),
            values,
        }))
    }

    /// Column `i` of the current row as JSON: numbers as numbers, text as text, a blob as `x'…'`
    /// hex text ([`blob_text`]).
    fn value(&self, i: c_int) -> Result<Value> {
        let stmt = self.raw();
        // SAFETY: `stmt` has a current row with column `i`; a pointer SQLite returns is valid for
        // the length it reports until the next step, and is read before that.
        unsafe {
            Ok(match ffi::sqlite3_column_type(stmt, i) {
                ffi::SQLITE_INTEGER => ffi::sqlite3_column_int64(stmt, i).into(),
                ffi::SQLITE_FLOAT => {
                    serde_json::Number::from_f64(ffi::sqlite3_column_double(stmt, i))
                        .map_or(Value::Null, Value::Number)
                }
                ffi::SQLITE_TEXT => {
                    let p = ffi::sqlite3_column_text(stmt, i);
                    let n = ffi::sqlite3_column_bytes(stmt, i);
                    let bytes = self.bytes(p, n)?;
                    String::from_utf8_lossy(bytes).into_owned().into()
                }
                ffi::SQLITE_BLOB => {
                    // The length alone: a zeroblob stays a length.
                    let n = ffi::sqlite3_column_bytes(stmt, i);
                    let len = usize::try_from(n).unwrap_or(0);
                    if len > READ_BLOB_MAX {
                        blob_text(None, len).into()
                    } else {
                        let p = ffi::sqlite3_column_blob(stmt, i);
                        blob_text(Some(self.bytes(p.cast(), n)?), len).into()
                    }
                }
                _ => Value::Null,
            })
        }
    }

    /// The `n` bytes at `p`, as SQLite handed them over; a null pointer for a non-empty value
    /// means SQLite had no memory left to make the value.
    ///
    /// # Safety
    /// `p` is null or points to `n` bytes that live as long as the current row.
    unsafe fn bytes(&self, p: *const u8, n: c_int) -> Result<&[u8]> {
        let n = usize::try_from(n).unwrap_or(0);
        if n == 0 {
            return Ok(&[]);
        }
        if p.is_null() {
            return Err(self.session.error(ffi::SQLITE_NOMEM, None));
        }
        // SAFETY: as the caller promises.
        Ok(unsafe { std::slice::from_raw_parts(p, n) })
    }
}

/// A C string SQLite owns, copied.
///
/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn text_of(p: *const c_char) -> Option<String> {
    // SAFETY: as the caller promises.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// A blob of `len` bytes as text, from its bytes when they were read (`None` when it was too
/// long to read, [`READ_BLOB_MAX`]): whole up to [`SHOW_BLOB_WHOLE`] bytes (`x'00ff'`), else its
/// first bytes and its length (`x'00000000…' (100 bytes)`), or its length alone (`x'…' (N
/// bytes)`).
pub fn blob_text(bytes: Option<&[u8]>, len: usize) -> String {
    fn hex(out: &mut String, bytes: &[u8]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for b in bytes {
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0xf)]));
        }
    }
    let mut out = String::from("x'");
    match bytes {
        Some(b) if len <= SHOW_BLOB_WHOLE => {
            hex(&mut out, b);
            out.push('\'');
            return out;
        }
        Some(b) => hex(&mut out, &b[..SHOW_BLOB_PREFIX.min(b.len())]),
        None => {}
    }
    out.push_str(&format!("…' ({len} bytes)"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_is_whole_when_short_and_its_prefix_and_length_when_long() {
        assert_eq!(blob_text(Some(&[]), 0), "x''");
        assert_eq!(blob_text(Some(&[0, 0xff, 0x1a]), 3), "x'00ff1a'");
        let b: Vec<u8> = (0..40).collect();
        assert_eq!(
            blob_text(Some(&b), 40),
            "x'000102030405060708090a0b0c0d0e0f…' (40 bytes)"
        );
        assert_eq!(blob_text(None, 100_000_000), "x'…' (100000000 bytes)");
    }

    fn session() -> Session {
        let conn = crate::db::open_in_memory().unwrap();
        Session::new(
            conn,
            Limits {
                time: None,
                memory_mb: None,
            },
        )
        .unwrap()
    }

    fn refused(sql: &str) -> String {
        let s = session();
        let e = match s.prepare(sql) {
            Ok(mut stmt) => stmt.next_row().unwrap_err(),
            Err(e) => e,
        };
        format!("{e:#}")
    }

    #[test]
    fn each_refusal_says_what_was_refused() {
        for (sql, message) in [
            (
                "PRAGMA optimize",
                "annals sql only reads: PRAGMA optimize would change the database (not authorized)",
            ),
            (
                "PRAGMA foreign_keys = OFF",
                "annals sql only reads: PRAGMA foreign_keys = OFF would set something; only \
                 pragmas that read run (PRAGMA foreign_keys) (not authorized)",
            ),
            (
                "DELETE FROM events",
                "annals sql only reads: it would write to events (not authorized)",
            ),
            (
                "CREATE TEMP TABLE t (x)",
                "annals sql only reads: temporary tables, indexes, views and triggers are \
                 refused (not authorized)",
            ),
            (
                "SELECT load_extension('x')",
                "annals sql only reads: load_extension is refused (not authorized to use \
                 function: load_extension)",
            ),
            (
                "CREATE TABLE t (x)",
                "annals sql only reads: it would change the schema (not authorized)",
            ),
        ] {
            assert_eq!(refused(sql), message, "{sql}");
        }
    }

    #[test]
    fn a_nul_byte_is_refused() {
        let s = session();
        let e = s.prepare("SELECT 1;\0 DELETE FROM events").err().unwrap();
        assert_eq!(
            e.to_string(),
            "the SQL has a NUL byte at byte 9: SQLite would ignore everything after it, so \
             nothing was run"
        );
    }
}
