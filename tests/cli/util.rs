//! A temporary folder to run the real `annals` binary in, with helpers to write files, run
//! commands and look at the database without annals' own code.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// The repository's own seed folder.
pub fn repo_seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// The second article, written for the tests: it reports some of the founding article's events.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

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

    /// A folder whose `seed/` holds the founding article and the second, fixture article.
    pub fn with_fixture() -> Env {
        let env = Env::with_seed();
        env.copy_dir(&fixtures(), "seed");
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

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .unwrap()
    }

    /// Every table's schema and rows as text, for comparing a database before and after.
    pub fn dump(&self) -> String {
        if !self.db().exists() {
            return "(no database)".into();
        }
        let conn = self.conn();
        let mut out = String::new();
        let mut tables = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'index', 'trigger') ORDER BY type, name")
            .unwrap();
        let schema: Vec<(String, Option<String>)> = tables
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
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
}
