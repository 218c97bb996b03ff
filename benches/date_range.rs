//! The date-range query at scale: a 1-day `--within` timeline query, in process, on databases of
//! 10k and 1M events, against a full scan of the events table measured in the same run.
//!
//! The databases are built directly with SQL inserts (one source, events with realistic date
//! forms spread over 1950-2025: mostly a day or a month, some years and intervals, ongoing and
//! open-start ones a few percent), through `annals::db::open` so the schema, its triggers and the
//! date index are the real ones. They are kept in `target/bench/` and reused by later runs.
//!
//! `cargo bench --bench date_range`

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rusqlite::{params, Connection};

use annals::query::filter::Filter;
use annals::query::timeline::timeline;

const SIZES: [usize; 2] = [10_000, 1_000_000];

const INSERT_SOURCE: &str = "
    INSERT INTO sources (id, title, publisher, published) VALUES ('bench', 'Bench', 'Bench', '2025-12-31')";
const INSERT_EVENT: &str = "
    INSERT INTO events (id, kind, title, date, earliest, latest, precision, ongoing, date_human,
        source_id)
    VALUES (?1, 'statement', ?1, ?2, ?3, ?4, ?5, ?6, ?2, 'bench')";
const INSERT_EVENT_SOURCE: &str =
    "INSERT INTO event_sources (event_id, source_id, date) VALUES (?1, 'bench', ?2)";
/// The full scan the index replaces: the same `--within` test on the ISO bounds, every row read.
const FULL_SCAN: &str = "
    SELECT id FROM events NOT INDEXED WHERE earliest >= ?1 AND latest <= ?2
    ORDER BY earliest, latest, id";

fn database(n: usize) -> Connection {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("criterion-{n}.db"));
    if path.exists() {
        let conn = annals::db::open(&path).unwrap();
        let have: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        if have == n as i64 {
            return conn;
        }
        drop(conn);
        std::fs::remove_file(&path).unwrap();
    }
    let mut conn = annals::db::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute(INSERT_SOURCE, []).unwrap();
    {
        let mut event = tx.prepare(INSERT_EVENT).unwrap();
        let mut source = tx.prepare(INSERT_EVENT_SOURCE).unwrap();
        // A fixed seed, so that every run builds the same database.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
        let base = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap();
        let days = 76 * 365;
        let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        for i in 0..n {
            let day = base + Days::new(rng.random_range(0..days));
            let month_start = day.with_day0(0).unwrap();
            let month_end = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap()
                .pred_opt()
                .unwrap();
            let year_start = NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap();
            let year_end = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap();
            let (date, earliest, latest, precision, ongoing) = match rng.random_range(0..100) {
                0..=59 => (ymd(day), Some(ymd(day)), Some(ymd(day)), "day", false),
                60..=84 => (
                    ymd(day)[..7].to_string(),
                    Some(ymd(month_start)),
                    Some(ymd(month_end)),
                    "month",
                    false,
                ),
                85..=91 => (
                    ymd(day)[..4].to_string(),
                    Some(ymd(year_start)),
                    Some(ymd(year_end)),
                    "year",
                    false,
                ),
                92..=95 => {
                    let end = day + Days::new(rng.random_range(0..600));
                    let date = format!("{}/{}", ymd(day), ymd(end));
                    (date, Some(ymd(day)), Some(ymd(end)), "day", false)
                }
                96..=98 => (
                    format!("{}/..", ymd(day)),
                    Some(ymd(day)),
                    None,
                    "day",
                    true,
                ),
                _ => (
                    format!("../{}", ymd(day)),
                    None,
                    Some(ymd(day)),
                    "day",
                    false,
                ),
            };
            let id = format!("e{i}");
            event
                .execute(params![id, date, earliest, latest, precision, ongoing])
                .unwrap();
            source.execute(params![id, date]).unwrap();
        }
    }
    tx.commit().unwrap();
    // No ANALYZE: annals never runs it, and with STAT4 statistics (compiled into the bundled
    // SQLite) every statement whose plan depends on a bound value is re-prepared on each run.
    conn
}

fn within_one_day(c: &mut Criterion) {
    let day = NaiveDate::from_ymd_opt(2010, 6, 15).unwrap();
    let filter = Filter {
        from: Some(day),
        to: Some(day),
        within: true,
        ..Filter::default()
    };
    let mut group = c.benchmark_group("within_1_day");
    for n in SIZES {
        let conn = database(n);
        let mut rows = 0;
        timeline(&conn, &filter, |_| {
            rows += 1;
            Ok(())
        })
        .unwrap();
        eprintln!("{n} events: a 1-day --within query lists {rows} events");
        group.bench_with_input(BenchmarkId::new("date_index", n), &conn, |b, conn| {
            b.iter(|| {
                let mut found = 0usize;
                timeline(conn, &filter, |_| {
                    found += 1;
                    Ok(())
                })
                .unwrap();
                found
            })
        });
        group.bench_with_input(BenchmarkId::new("full_scan", n), &conn, |b, conn| {
            b.iter(|| {
                let mut stmt = conn.prepare_cached(FULL_SCAN).unwrap();
                let ids: Vec<String> = stmt
                    .query_map(["2010-06-15", "2010-06-15"], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                ids.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, within_one_day);
criterion_main!(benches);
