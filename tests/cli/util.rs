//! A temporary folder to run the real `annals` binary in, with helpers to write files, run
//! commands and look at the database without annals' own code.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// Assert that `text` contains `needle`, showing both when it does not.
macro_rules! assert_contains {
    ($text:expr, $needle:expr $(,)?) => {{
        let (text, needle) = (&$text, $needle);
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }};
}

/// `out`, once it is shown to have succeeded (its stderr and stdout are shown when it has not).
#[track_caller]
pub fn succeeded(out: Output) -> Output {
    assert_succeeded("annals", &out);
    out
}

/// Assert that the run `what` succeeded, showing its status, stderr and stdout when it did not.
#[track_caller]
pub fn assert_succeeded(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A table's rows: its lines, their ends trimmed, without the header and the borders around it.
pub fn table_body(table: &str) -> Vec<&str> {
    let lines: Vec<&str> = table.lines().map(str::trim_end).collect();
    lines[3..lines.len() - 1].to_vec()
}

/// Snapshot the output of `args` as a table (`{name}_table`) and as JSON (`{name}_json`), in
/// the calling module's snapshots.
macro_rules! assert_table_and_json_snapshots {
    ($env:expr, $name:expr, $args:expr $(,)?) => {{
        let (env, args): (&crate::util::Env, &[&str]) = (&$env, $args);
        insta::assert_snapshot!(format!("{}_table", $name), env.ok(args));
        let mut json = args.to_vec();
        json.extend(["--format", "json"]);
        insta::assert_snapshot!(format!("{}_json", $name), env.ok(&json));
    }};
}

/// Every value of a query's first column, read with no annals code.
pub fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The first two columns of every row `sql` returns.
pub fn pairs<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
) -> Vec<(A, B)> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The repository's own seed folder.
pub fn repo_seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// The tables that hold what articles state.
pub const RECORD_TABLES: [&str; 14] = [
    "sources",
    "people",
    "organisations",
    "places",
    "person_aliases",
    "organisation_aliases",
    "place_aliases",
    "person_roles",
    "definitions",
    "events",
    "event_sources",
    "event_participants",
    "figures",
    "quotes",
];

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// An empty folder.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A folder with a copy of the repository's `seed/`, as a fresh clone has.
    pub fn with_seed() -> Env {
        let env = Env::empty();
        env.copy_dir(&repo_seed(), "seed");
        env
    }

    /// A folder whose `seed/` holds the founding article and the second, fixture article
    /// (`tests/fixtures/wire/`).
    pub fn with_fixture() -> Env {
        let env = Env::with_seed();
        env.copy_dir(&fixtures().join("wire"), "seed");
        env
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default database, `annals.db` in the folder.
    pub fn db(&self) -> PathBuf {
        self.path("annals.db")
    }

    pub fn copy_dir(&self, from: &Path, to: &str) {
        let target = self.path(to);
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, target.join(p.file_name().unwrap())).unwrap();
            }
        }
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// The binary, run in the folder, with no database named by the environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("annals").unwrap();
        cmd.current_dir(self.dir.path()).env_remove("ANNALS_DB");
        cmd
    }

    pub fn output(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run `args`, assert success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "annals {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run `args`, assert failure with exit code 1 and nothing on stdout, return stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.output(args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "annals {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Parse `timeline`-like JSON output.
    pub fn json<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    /// Open the database read-only, with no annals code.
    pub fn conn(&self) -> Connection {
        Connection::open_with_flags(self.db(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    /// The number of rows in each table of the record.
    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        RECORD_TABLES.iter().map(|t| (*t, self.count(t))).collect()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .unwrap()
    }

    /// The SHA-256 of the database file's bytes (None when there is none), with the names of the
    /// files beside it
    /// (`-wal`, `-shm` ...): for runs that must not write at all.
    pub fn file_state(&self, db: &Path) -> (Option<String>, Vec<String>) {
        use sha2::{Digest, Sha256};
        let bytes = std::fs::read(db)
            .ok()
            .map(|b| format!("{:x}", Sha256::digest(b)));
        let mut names: Vec<String> = match std::fs::read_dir(db.parent().unwrap()) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        (bytes, names)
    }

    /// Every table's schema and rows as text, for comparing a database before and after.
    pub fn dump(&self) -> String {
        dump_file(&self.db())
    }

    /// The dump without the full-text index's own tables (`*_fts_*`) and the R*Tree of events'
    /// areas (`event_area*`, keyed by events' rowids), whose rows are internal pages rather than
    /// anything an article stated, and without the migrations' history (when each was applied).
    pub fn dump_of_record(&self) -> String {
        let mut keep = true;
        let mut out = String::new();
        for line in self.dump().lines() {
            if !line.starts_with("  ") {
                let name = line.split(':').next().unwrap_or("");
                keep = !name.contains("_fts_")
                    && !name.starts_with("event_area")
                    && name != "refinery_schema_history";
            }
            if keep {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// The test fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Env {
    /// The repository's seed folder with the fixture articles whose names start with `prefix`
    /// copied into it.
    pub fn with_seed_and_fixtures(prefix: &str) -> Env {
        let env = Env::with_seed();
        env.copy_fixtures(prefix);
        env
    }

    /// Copy the fixture files whose names start with `prefix` into `seed/`; there must be some.
    pub fn copy_fixtures(&self, prefix: &str) {
        let mut copied = 0;
        for entry in std::fs::read_dir(fixtures()).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_file() && name.starts_with(prefix) {
                std::fs::copy(&p, self.path("seed").join(&name)).unwrap();
                copied += 1;
            }
        }
        assert!(copied > 0, "no fixture file starts with {prefix:?}");
    }

    /// `PRAGMA data_version` as seen by `conn`: it changes when another connection commits.
    pub fn data_version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    }
}

/// Every table's schema and rows as text, read with no annals code.
pub fn dump_file(db: &Path) -> String {
    if !db.exists() {
        return "(no database)".into();
    }
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = String::new();
    let schema: Vec<(String, Option<String>)> = pairs(
        &conn,
        "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'index', 'trigger') \
         ORDER BY type, name",
    );
    for (name, sql) in &schema {
        out.push_str(&format!("{name}: {}\n", sql.clone().unwrap_or_default()));
        let is_table = sql
            .as_deref()
            .is_some_and(|s| s.starts_with("CREATE TABLE"));
        if !is_table || name.starts_with("sqlite_") {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut lines = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    ValueRef::Null => "NULL".into(),
                    ValueRef::Integer(i) => i.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                    ValueRef::Blob(b) => format!("{b:?}"),
                })
                .collect();
            lines.push(cells.join("|"));
        }
        lines.sort();
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

/// Write synthetic seed files `{prefix}-{i}.toml` for `i` in `files` into `dir`: each with a person,
/// an organisation, and `events` events with a figure each, all before publication. `version`
/// changes every title and value, to make an updated article.
pub fn write_corpus(
    dir: &Path,
    prefix: &str,
    files: std::ops::Range<usize>,
    events: usize,
    version: u32,
) {
    std::fs::create_dir_all(dir).unwrap();
    for i in files {
        let mut t = format!(
            "[source]\ntitle = \"Synthetic report {i} v{version}\"\npublisher = \"Synthetic Wire\"\n\
             published = \"2023-07-20\"\n\n[[people]]\nid = \"{prefix}-person-{i}\"\n\
             name = \"Person {prefix} {i}\"\n\n[[organisations]]\nid = \"{prefix}-org-{i}\"\n\
             name = \"Organisation {prefix} {i}\"\n\n"
        );
        for j in 0..events {
            t.push_str(&format!(
                "[[events]]\nid = \"{prefix}-{i}-event-{j}\"\ndate = \"2023-{:02}-{:02}\"\n\
                 kind = \"{prefix}-{i}-kind\"\ntitle = \"Event {j} of report {i} v{version}\"\n\
                 participants = [{{ id = \"{prefix}-person-{i}\" }}, {{ id = \"{prefix}-org-{i}\", role = \"host\" }}]\n\n\
                 [[figures]]\nevent = \"{prefix}-{i}-event-{j}\"\nvalue = {}\nunit = \"people\"\n\
                 measure = \"counted\"\nclaimed_by = \"{prefix}-person-{i}\"\n\n",
                1 + j % 6,
                1 + j % 28,
                j as u32 * version
            ));
        }
        std::fs::write(dir.join(format!("{prefix}-{i:04}.toml")), t).unwrap();
    }
}

/// The record a database holds, as text: every table's and view's rows, sorted, without what
/// says where SQLite put a row rather than what an article stated (row numbers: a table's
/// `INTEGER PRIMARY KEY`, and a view's integer `id` or `event_rowid`), without the load bookkeeping
/// (`sources.seed_file`, `sources.seed_hash`, the migrations' history) and without the
/// full-text index's own pages and the R*Tree of events' areas, which are checked against their
/// tables instead. Two databases
/// built from the same set of articles, in any order and over any history, give the same text.
pub fn record_of(db: &Path) -> String {
    let rw = Connection::open(db).unwrap();
    for fts in ["events_fts", "quotes_fts", "figures_fts"] {
        rw.execute(
            &format!("INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{fts} does not match its table in {}: {e}", db.display()));
    }
    check_event_area(&rw, db);
    drop(rw);
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let objects: Vec<(String, String)> = pairs(
        &conn,
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' \
         AND name NOT LIKE 'event_area%' \
         AND name <> 'refinery_schema_history' ORDER BY name",
    );
    let mut out = String::new();
    for (kind, name) in objects {
        let mut skip: Vec<String> = Vec::new();
        if kind == "table" {
            let mut info = conn
                .prepare("SELECT name, type, pk FROM pragma_table_info(?1)")
                .unwrap();
            let cols: Vec<(String, String, i64)> = info
                .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let pks = cols.iter().filter(|c| c.2 > 0).count();
            for (col, ty, pk) in &cols {
                if *pk == 1 && pks == 1 && ty.eq_ignore_ascii_case("INTEGER") {
                    skip.push(col.clone());
                }
            }
            if name == "sources" {
                skip.extend(["seed_file".to_string(), "seed_hash".to_string()]);
            }
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        let mut lines = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let mut cells = Vec::new();
            for (i, col) in names.iter().enumerate() {
                let v = r.get_ref(i).unwrap();
                if skip.contains(col)
                    || (kind == "view"
                        && (col == "id" || col == "event_rowid")
                        && matches!(v, ValueRef::Integer(_)))
                {
                    continue;
                }
                cells.push(match v {
                    ValueRef::Null => "NULL".into(),
                    ValueRef::Integer(i) => i.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                    ValueRef::Blob(b) => format!("{b:?}"),
                });
            }
            lines.push(cells.join("|"));
        }
        lines.sort();
        out.push_str(&format!("{kind} {name}\n"));
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

/// The R*Tree of events' areas is sound and indexes exactly the areas `event_geo` holds (its
/// boxes are 32-bit floats rounded outwards, so they cover the stored ones).
fn check_event_area(conn: &Connection, db: &Path) {
    let has: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'event_area'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if has == 0 {
        return;
    }
    let check: String = conn
        .query_row("SELECT rtreecheck('event_area')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "event_area in {}", db.display());
    let misses: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM event_geo g JOIN events e ON e.id = g.event_id
                     LEFT JOIN event_area a ON a.id = e.rowid
                     WHERE a.id IS NULL OR a.west > g.west OR a.east < g.east
                        OR a.south > g.south OR a.north < g.north)
                  + (SELECT count(*) FROM event_area a WHERE NOT EXISTS
                     (SELECT 1 FROM events e JOIN event_geo g ON g.event_id = e.id
                      WHERE e.rowid = a.id))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        misses,
        0,
        "event_area and event_geo disagree in {}",
        db.display()
    );
}

/// The binary under test.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("annals")
}

/// How to run the binary as someone file permissions apply to: as root they do not, so drop to
/// `nobody` with setpriv; None when that is not possible (the test then says so and stops).
#[cfg(unix)]
pub fn unprivileged() -> Option<Vec<String>> {
    // The owner of /proc/self is the effective user.
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !root {
        return Some(Vec::new());
    }
    let drop = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let ok = std::process::Command::new("setpriv")
        .args(drop)
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| {
        std::iter::once("setpriv")
            .chain(drop)
            .map(String::from)
            .collect()
    })
}

/// `annals ARGS` in the env's folder, run through `prefix` (from [`unprivileged`]).
#[cfg(unix)]
pub fn run_as(prefix: &[String], env: &Env, args: &[&str]) -> Output {
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = std::process::Command::new(first);
            c.args(rest).arg(bin());
            c
        }
        None => std::process::Command::new(bin()),
    };
    cmd.current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .args(args)
        .output()
        .unwrap()
}
