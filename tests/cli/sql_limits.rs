//! `annals sql` given hostile statements: one that never ends is stopped by the time limit, one
//! that needs too much memory (its sorts and temporary results included, which never go to
//! temporary files) by the memory limit, a huge blob is shown by its length without being
//! formatted byte by byte, a NUL byte in the SQL is refused, and `PRAGMA optimize` is refused as
//! what it is. And `sql` reads a database in a read-only folder as `timeline` does.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::{bin, run_as, unprivileged, Env};

const ENDLESS: &str =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c";

/// A seeded database, so that no run reports creating it.
fn seeded() -> Env {
    let env = Env::with_seed();
    env.ok(&["seed"]);
    env
}

/// Run `args`, assert exit 1 and nothing on stdout, return stderr.
fn fails_quietly(env: &Env, args: &[&str]) -> String {
    let out = env.output(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "annals {args:?}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "annals {args:?}");
    stderr
}

#[test]
fn an_endless_statement_is_stopped_by_the_time_limit() {
    let env = seeded();
    let started = Instant::now();
    let err = fails_quietly(
        &env,
        &["sql", ENDLESS, "--timeout", "1", "--format", "json"],
    );
    let took = started.elapsed();
    assert_eq!(
        err,
        "error: the statement ran longer than 1 s and was stopped; give --timeout to allow \
         longer, or 0 for no limit\n"
    );
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(8),
        "{took:?}"
    );
    // Without --timeout the limit is 5 s.
    let help = env.ok(&["sql", "--help"]);
    assert_contains!(help, "--timeout <SECONDS>");
    assert_contains!(help, "[default: 5]");
    // Decimals are allowed, and the message gives the limit as it was given.
    let err = fails_quietly(&env, &["sql", ENDLESS, "--timeout", "0.25"]);
    assert!(
        err.starts_with("error: the statement ran longer than 0.25 s and was stopped"),
        "{err}"
    );
    let err = fails_quietly(&env, &["sql", "SELECT 1", "--timeout=-1"]);
    assert_eq!(
        err,
        "error: --timeout -1: give a number of seconds, or 0 for no limit\n"
    );
}

#[test]
fn timeout_zero_means_no_limit() {
    let env = seeded();
    // Far more work than a zero-length limit would allow: the handler looks every 1000 steps.
    let counted = env.ok(&[
        "sql",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 300000) \
         SELECT count(*) AS n FROM c",
        "--timeout",
        "0",
        "--format",
        "csv",
    ]);
    assert_eq!(counted, "n\n300000\n");
}

/// Peak resident memory of `annals args`, in KiB, and its output; None when /usr/bin/time is
/// missing (the caller says so).
fn peak_rss(env: &Env, args: &[&str]) -> Option<(u64, Output)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let report = env.path("rss.txt");
    let out = Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(bin())
        .args(args)
        .current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .output()
        .unwrap();
    let kib = std::fs::read_to_string(&report).unwrap();
    let kib = kib.lines().last().unwrap().trim().parse().unwrap();
    Some((kib, out))
}

#[test]
fn a_huge_blob_is_shown_by_its_length_quickly_and_in_little_memory() {
    let env = seeded();
    let started = Instant::now();
    let out = env.ok(&[
        "sql",
        "SELECT zeroblob(100000000) AS b",
        "--format",
        "jsonl",
    ]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out, "{\"b\":\"x'…' (100000000 bytes)\"}\n");
    let csv = env.ok(&["sql", "SELECT zeroblob(100000000) AS b", "--format", "csv"]);
    assert_eq!(csv, "b\nx'…' (100000000 bytes)\n");
    let table = env.ok(&["sql", "SELECT zeroblob(100000000) AS b"]);
    assert_contains!(table, " x'…' (100000000 bytes) ");
    // A short blob is shown whole, a longer one by its first 16 bytes and its length.
    let out = env.ok(&[
        "sql",
        "SELECT x'00ff' AS short, zeroblob(33) AS longer, x'' AS empty",
        "--format",
        "jsonl",
    ]);
    assert_eq!(
        out,
        "{\"short\":\"x'00ff'\",\"longer\":\"x'00000000000000000000000000000000…' (33 bytes)\",\
         \"empty\":\"x''\"}\n"
    );

    // Peak memory. A blob SQLite computes row by row stays a length; a constant one SQLite
    // itself makes whole (100 MB) once, and nothing more is spent on showing it (before: 690 MB).
    let per_row = "SELECT zeroblob(n) AS b FROM (SELECT 100000000 AS n UNION ALL SELECT 100000000)";
    let constant = "SELECT zeroblob(100000000) AS b";
    for (sql, most_kib) in [(per_row, 50_000), (constant, 150_000)] {
        let Some((kib, out)) = peak_rss(&env, &["sql", sql, "--format", "csv"]) else {
            eprintln!("no /usr/bin/time here: peak memory not measured");
            return;
        };
        assert!(out.status.success(), "{sql}");
        assert!(
            String::from_utf8_lossy(&out.stdout).ends_with("x'…' (100000000 bytes)\n"),
            "{sql}"
        );
        assert!(kib < most_kib, "{sql}: {kib} KiB");
    }
}

#[test]
fn the_memory_limit_stops_a_statement_and_temporary_data_counts_toward_it() {
    let env = seeded();
    let expected = "error: the statement needed more than 256 MB of memory and was stopped \
                    (its sorting, grouping and temporary results count too)\n";
    let err = fails_quietly(&env, &["sql", "SELECT length(randomblob(300000000))"]);
    assert_eq!(err, expected);
    // A sort of 2 GB: it once went to temporary files; now it is kept in memory and stopped at
    // the limit. Files of more than 1 MB are forbidden to the process (a larger one would kill
    // it with SIGXFSZ).
    let sort = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200000) \
                SELECT x FROM c ORDER BY randomblob(10000)";
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 2048 && exec \"$0\" \"$@\"")
        .arg(bin())
        .args(["sql", sort, "--timeout", "0", "--format", "csv"])
        .current_dir(env.dir.path())
        .env_remove("ANNALS_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
}

#[test]
fn a_nul_byte_on_standard_input_is_refused() {
    let env = seeded();
    let before = env.dump();
    let out = env
        .cmd()
        .args(["sql", "--format", "csv"])
        .write_stdin("SELECT 1 AS a;\0 DELETE FROM events")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: the SQL has a NUL byte at byte 14: SQLite would ignore everything after it, so \
         nothing was run\n"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn pragma_optimize_is_refused_as_changing_the_database() {
    let env = seeded();
    // A read leaves the WAL's companion files (a read-only connection cannot remove them); a
    // refused statement changes nothing more.
    env.ok(&["sql", "SELECT 1"]);
    let before = env.file_state(&env.db());
    for (sql, what) in [
        (
            "PRAGMA optimize",
            "PRAGMA optimize would change the database",
        ),
        (
            "PRAGMA main.optimize",
            "PRAGMA optimize would change the database",
        ),
        (
            "SELECT * FROM pragma_optimize",
            "PRAGMA optimize would change the database",
        ),
        (
            "PRAGMA incremental_vacuum",
            "PRAGMA incremental_vacuum would change the database",
        ),
        (
            "PRAGMA wal_checkpoint",
            "PRAGMA wal_checkpoint would change the database",
        ),
        (
            "PRAGMA foreign_keys = OFF",
            "PRAGMA foreign_keys = OFF would set something; only pragmas that read run \
             (PRAGMA foreign_keys)",
        ),
        ("CREATE TABLE t (x)", "it would change the schema"),
        ("DELETE FROM events", "it would write to events"),
    ] {
        let err = fails_quietly(&env, &["sql", sql]);
        assert_eq!(
            err,
            format!("error: annals sql only reads: {what} (not authorized)\n"),
            "{sql}"
        );
    }
    assert_eq!(env.file_state(&env.db()), before);
}

#[cfg(unix)]
#[test]
fn sql_reads_a_database_in_a_read_only_folder() {
    use std::fs::{self, Permissions};
    use std::os::unix::fs::PermissionsExt;
    let Some(prefix) = unprivileged() else {
        eprintln!("cannot drop root privileges here (no setpriv): read-only test skipped");
        return;
    };
    let run = |env: &Env, args: &[&str]| -> Output { run_as(&prefix, env, args) };
    let set_mode =
        |p: &Path, mode: u32| fs::set_permissions(p, Permissions::from_mode(mode)).unwrap();
    for read_only_folder in [false, true] {
        // As `seed` leaves it: no `-wal` or `-shm` file beside the database.
        let env = seeded();
        assert!(!env.path("annals.db-wal").exists());
        set_mode(env.dir.path(), 0o777);
        set_mode(&env.path("seed"), 0o755);
        set_mode(&env.db(), if read_only_folder { 0o666 } else { 0o444 });
        if read_only_folder {
            set_mode(env.dir.path(), 0o555);
        }
        let before = env.file_state(&env.db());

        let out = run(
            &env,
            &["sql", "SELECT count(*) AS n FROM events", "--format", "csv"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "folder read-only: {read_only_folder}: {stderr}"
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "n\n12\n");
        assert_eq!(stderr, "");

        // A refusal is the same as anywhere, not a complaint about the folder.
        let out = run(&env, &["sql", "PRAGMA optimize"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "error: annals sql only reads: PRAGMA optimize would change the database (not \
             authorized)\n",
            "folder read-only: {read_only_folder}"
        );
        set_mode(env.dir.path(), 0o755);
        assert_eq!(env.file_state(&env.db()).0, before.0);
    }
}

/// `n` rows of one number each, and a text of `width` characters.
fn numbered(n: u32, width: u32) -> String {
    format!(
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) \
         SELECT n, printf('%.{width}c', 'x') AS t FROM c"
    )
}

/// The numbers in the first column of a table `annals sql` printed.
fn shown(table: &str) -> Vec<u32> {
    table
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.replace(',', "").parse().ok())
        .collect()
}

#[test]
fn a_table_stops_at_its_row_and_text_limits_and_says_so() {
    let env = seeded();
    // 10,000 rows by default, then a note on standard error.
    let sql = numbered(12_000, 1);
    let out = env.output(&["sql", &sql, "--width", "40"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        shown(&String::from_utf8(out.stdout).unwrap()),
        (1..=10_000).collect::<Vec<_>>()
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "note: the table shows the first 10000 row(s), as --max-rows 10000 allows; the statement \
         gives more (--max-rows N shows more, --format csv or json streams every row)\n"
    );
    // --max-rows changes it; a result that fits says nothing.
    let out = env.output(&["sql", &sql, "--max-rows", "3"]);
    assert_eq!(shown(&String::from_utf8(out.stdout).unwrap()), [1, 2, 3]);
    assert_contains!(
        String::from_utf8(out.stderr).unwrap(),
        "first 3 row(s), as --max-rows 3 allows"
    );
    let out = env.output(&["sql", &numbered(3, 1), "--max-rows", "3"]);
    assert_eq!(shown(&String::from_utf8(out.stdout).unwrap()), [1, 2, 3]);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    // With no row limit, 8 MB of text: 300,000 rows of 1 KB stop after about 8,000, quickly.
    let started = Instant::now();
    let out = env.output(&[
        "sql",
        &numbered(300_000, 1000),
        "--max-rows",
        "0",
        "--width",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rows = shown(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), (8 << 20) / 1008);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "note: the table shows the first {} row(s), as the 8 MB of text a table holds allows; \
             the statement gives more (--format csv or json streams every row)\n",
            rows.len()
        )
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // JSON streams every row.
    let json = env.ok(&["sql", &sql, "--format", "jsonl"]);
    assert_eq!(json.lines().count(), 12_000);
}
