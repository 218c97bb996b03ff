//! synth: a deterministic synthetic corpus of seed files, for benchmarks.
//!
//! `cargo run --release --example synth -- --articles N --seed S --out DIR` writes N seed files
//! (and the article text beside each) in the format README's "The seed format" describes, shaped
//! like a newsroom archive: a shared pool of people, organisations and places drawn with a
//! Zipf-like skew, each defined once, by the first article that mentions it; 5-15 events per
//! article spread over decades, in every date form in realistic proportions (mostly a day or a
//! month; ongoing and open-ended ones a few percent); about 3 figures and 2 quotes per article,
//! each quote printed verbatim in the article's text. With `--rereports F` a fraction F of each
//! article's events re-report an earlier article's event by its id, with a date of another
//! precision (the one-event-many-reports format); `--rereports 0` writes only new events. With
//! `--places-on-map` places have coordinates: most a point, one in ten a box, one in twenty none,
//! spread over Europe by a hash of the place's rank (no draw from the generator, so the rest of
//! the corpus is the same with or without them).
//!
//! The same arguments give byte-identical files: the generator draws from rand's
//! Xoshiro256PlusPlus seeded with `--seed` (a generator rand keeps the same on every platform)
//! and never reads the clock or the environment.

mod article;
mod dates;
mod pool;
mod rng;
mod words;

use std::fs;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::{Days, NaiveDate};
use clap::Parser;

use article::write_article;
use dates::Reported;
use pool::Pool;
use rng::{Rng, SeedableRng};
use words::{FIRST_PUBLISHED, LAST_PUBLISHED};

/// Write a synthetic corpus of seed files.
#[derive(Debug, Clone, Parser)]
struct Args {
    /// How many articles (seed files) to write.
    #[arg(long)]
    articles: usize,
    /// The random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write into; created if missing, and must hold no files.
    #[arg(long)]
    out: PathBuf,
    /// The share of each article's events that re-report an earlier article's event (0 to 1).
    #[arg(long, default_value_t = 0.1)]
    rereports: f64,
    /// Give places coordinates (`latitude`/`longitude`, some a `bbox`), spread over Europe.
    /// Off by default, so that the corpus stays readable by builds from before coordinates.
    #[arg(long)]
    places_on_map: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let stats = generate(&args)?;
    eprintln!(
        "synth: {} articles, {} events ({} re-reports), {} figures, {} quotes, {} people, \
         {} organisations, {} places in {}",
        stats.articles,
        stats.events,
        stats.rereports,
        stats.figures,
        stats.quotes,
        stats.people,
        stats.organisations,
        stats.places,
        args.out.display()
    );
    Ok(())
}

/// What a run wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Stats {
    articles: usize,
    events: usize,
    rereports: usize,
    figures: usize,
    quotes: usize,
    people: usize,
    organisations: usize,
    places: usize,
}

fn generate(args: &Args) -> Result<Stats> {
    if !(0.0..=1.0).contains(&args.rereports) {
        bail!(
            "--rereports must be between 0 and 1, not {}",
            args.rereports
        );
    }
    if args.out.exists() {
        let mut entries = fs::read_dir(&args.out)
            .with_context(|| format!("cannot read {}", args.out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: synth writes a whole corpus into an empty folder",
                args.out.display()
            );
        }
    }
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut rng = Rng::seed_from_u64(args.seed);
    let mut pool = Pool::new(args.articles, &mut rng);
    pool.on_map = args.places_on_map;
    let (y, m, d) = FIRST_PUBLISHED;
    let first = NaiveDate::from_ymd_opt(y, m, d).expect("a calendar day");
    let (y, m, d) = LAST_PUBLISHED;
    let last = NaiveDate::from_ymd_opt(y, m, d).expect("a calendar day");
    let span = (last - first).num_days() as usize;
    let mut earlier: Vec<Reported> = Vec::new();
    let mut stats = Stats::default();
    for i in 0..args.articles {
        let offset = if args.articles > 1 {
            span * i / (args.articles - 1)
        } else {
            0
        };
        let published = first + Days::new(offset as u64);
        write_article(
            &args.out,
            i,
            published,
            args.rereports,
            &mut rng,
            &mut pool,
            &mut earlier,
            &mut stats,
        )?;
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn run(articles: usize, seed: u64, rereports: f64) -> (tempfile::TempDir, Stats) {
        run_with(articles, seed, rereports, false)
    }

    fn run_with(
        articles: usize,
        seed: u64,
        rereports: f64,
        places_on_map: bool,
    ) -> (tempfile::TempDir, Stats) {
        let dir = tempfile::tempdir().unwrap();
        let args = Args {
            articles,
            seed,
            out: dir.path().join("corpus"),
            rereports,
            places_on_map,
        };
        let stats = generate(&args).unwrap();
        (dir, stats)
    }

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir.join("corpus"))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// The corpus in `dir` loaded with every check into a new database in memory.
    fn load(dir: &Path) -> (rusqlite::Connection, annals::seed::Summary) {
        let mut conn = annals::db::open_in_memory().unwrap();
        let summary = annals::seed::seed(
            &mut conn,
            &[dir.join("corpus")],
            false,
            &mut annals::seed::NoProgress,
        )
        .unwrap();
        (conn, summary)
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let (a, _) = run(60, 7, 0.1);
        let (b, _) = run(60, 7, 0.1);
        let (c, _) = run(60, 8, 0.1);
        let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
        assert_eq!(fa.len(), 120);
        assert!(fa == fb, "same seed, different files");
        assert!(fa != fc, "another seed gave the same files");
    }

    #[test]
    fn places_on_the_map_change_only_the_places_and_load_with_every_check() {
        let (plain, plain_stats) = run(200, 5, 0.1);
        let (placed, stats) = run_with(200, 5, 0.1, true);
        assert_eq!(plain_stats, stats);
        let without = |text: &[u8]| -> String {
            String::from_utf8_lossy(text)
                .lines()
                .filter(|l| {
                    !["latitude =", "longitude =", "bbox ="]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (a, b) = (files(plain.path()), files(placed.path()));
        assert_eq!(a.len(), b.len());
        for ((na, ta), (nb, tb)) in a.iter().zip(&b) {
            assert_eq!((na, without(ta)), (nb, without(tb)));
        }
        let (conn, _) = load(placed.path());
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let places = count("SELECT count(*) FROM places");
        let points = count("SELECT count(*) FROM places WHERE geo_precision = 'point'");
        let boxes = count("SELECT count(*) FROM places WHERE geo_precision = 'area'");
        assert!(
            points * 10 > places * 7,
            "{points} points of {places} places"
        );
        assert!(
            boxes > 0 && boxes * 5 < places,
            "{boxes} boxes of {places} places"
        );
        let placed_events = count("SELECT count(*) FROM events WHERE place_id IS NOT NULL");
        let in_tree = count("SELECT count(*) FROM event_area");
        assert!(
            in_tree * 10 > placed_events * 8,
            "{in_tree} of {placed_events}"
        );
        assert_eq!(
            count("SELECT count(*) FROM event_area WHERE south < 34.5 OR north > 60.5 OR west < -10.6 OR east > 30.6"),
            0
        );
    }

    #[test]
    fn the_corpus_loads_with_every_check_and_has_the_documented_shape() {
        let (dir, stats) = run(300, 3, 0.0);
        let (conn, summary) = load(dir.path());
        assert_eq!(summary.files.len(), 300);
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM events") as usize, stats.events);
        assert!((300 * 5..=300 * 15).contains(&stats.events), "{stats:?}");
        assert_eq!(count("SELECT count(*) FROM quotes") as usize, stats.quotes);
        assert_eq!(
            count("SELECT count(*) FROM figures") as usize,
            stats.figures
        );
        assert!((500..=700).contains(&stats.quotes), "{stats:?}");
        assert!((800..=1000).contains(&stats.figures), "{stats:?}");
        assert_eq!(stats.rereports, 0);
        // Every date form is there, most of them a day or a month.
        let share = |sql: &str| count(sql) as f64 / stats.events as f64;
        let day = share("SELECT count(*) FROM events WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'");
        let month =
            share("SELECT count(*) FROM events WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'");
        assert!(day + month > 0.6, "day {day}, month {month}");
        for (form, sql) in [
            ("year", "date GLOB '[0-9][0-9][0-9][0-9]'"),
            ("approximate", "approximate = 1"),
            ("uncertain", "uncertain = 1"),
            ("interval", "date GLOB '*-*/[0-9]*'"),
            ("ongoing", "ongoing = 1"),
            ("open start", "date GLOB '../*'"),
            ("unknown end", "date GLOB '*/'"),
            ("unknown start", "date GLOB '/*'"),
            ("expected", "expected = 1"),
        ] {
            let n = count(&format!("SELECT count(*) FROM events WHERE {sql}"));
            assert!(n > 0, "no {form} dates");
        }
        let ongoing = share("SELECT count(*) FROM events WHERE ongoing = 1");
        assert!((0.01..0.08).contains(&ongoing), "ongoing {ongoing}");
        // Dates spread over decades.
        let years = count("SELECT count(DISTINCT substr(earliest, 1, 3)) FROM events");
        assert!(years >= 4, "{years} decades");
        // The pool is skewed: the most frequent participant takes part in many events.
        let top = count(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM event_participants
             GROUP BY coalesce(person_id, organisation_id))",
        );
        assert!(top > 50, "top participant in {top} events");
    }

    #[test]
    fn rereports_name_earlier_events_with_another_precision() {
        let (dir, stats) = run(100, 5, 0.2);
        assert!(stats.rereports > 50, "{stats:?}");
        let all: String = files(dir.path())
            .into_iter()
            .filter(|(n, _)| n.ends_with(".toml"))
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .collect();
        let rereport = all
            .split("[[events]]")
            .skip(1)
            .find(|e| !e.contains("kind ="))
            .unwrap();
        let id = rereport.split('"').nth(1).unwrap();
        assert!(all.contains(&format!("id = \"{id}\"\ndate = ")));
        assert!(all.matches(&format!("\"{id}\"")).count() >= 2, "{id}");
    }

    #[test]
    fn a_corpus_with_rereports_loads_with_every_check() {
        let (dir, stats) = run(400, 9, 0.3);
        assert!(stats.rereports > 300, "{stats:?}");
        let (conn, summary) = load(dir.path());
        assert_eq!(summary.files.len(), 400);
        let reports: i64 = conn
            .query_row("SELECT count(*) FROM event_sources", [], |r| r.get(0))
            .unwrap();
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reports - events, stats.rereports as i64);
    }

    /// Every table's rows as text, sorted, leaving out integer row ids (which follow the order
    /// rows were written in), the full-text indexes' own tables and the migrations' history.
    fn content(conn: &rusqlite::Connection) -> Vec<String> {
        let mut out = Vec::new();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE '%_fts%' AND name <> 'refinery_schema_history' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in &tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let mut row = table.to_string();
                    for (i, name) in names.iter().enumerate() {
                        let v = r.get_ref(i)?;
                        if name == "id" && v.data_type() == rusqlite::types::Type::Integer {
                            continue;
                        }
                        row.push_str(&format!(" {name}={v:?}"));
                    }
                    Ok(row)
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            out.extend(rows);
        }
        out
    }

    /// Articles added one at a time to a database (each run checks its file against the events
    /// stored, looking up only the ids the file names) give the same record as loading them all
    /// at once (which reads every stored event).
    #[test]
    fn articles_added_one_at_a_time_give_the_record_of_one_load() {
        let (dir, stats) = run(90, 13, 0.4);
        let corpus = dir.path().join("corpus");
        let mut paths: Vec<PathBuf> = fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let seed = |conn: &mut rusqlite::Connection, paths: &[PathBuf]| {
            annals::seed::seed(conn, paths, false, &mut annals::seed::NoProgress).unwrap()
        };
        let mut all = annals::db::open_in_memory().unwrap();
        seed(&mut all, std::slice::from_ref(&corpus));
        let mut one_by_one = annals::db::open_in_memory().unwrap();
        seed(&mut one_by_one, &paths[..60]);
        let mut rereported = 0;
        for p in &paths[60..] {
            let summary = seed(&mut one_by_one, std::slice::from_ref(p));
            assert_eq!(summary.files.len(), 1);
            let text = fs::read_to_string(p).unwrap();
            rereported += text
                .split("[[events]]")
                .skip(1)
                .filter(|e| !e.contains("kind ="))
                .count();
        }
        assert!(stats.rereports > 100, "{stats:?}");
        assert!(
            rereported > 10,
            "the added articles re-report {rereported} events"
        );
        assert_eq!(content(&one_by_one), content(&all));
        // The same folder named again with 30 more files: the 60 stored ones are kept unchanged,
        // the new ones checked against them.
        let mut grown = annals::db::open_in_memory().unwrap();
        seed(&mut grown, &paths[..60]);
        let summary = seed(&mut grown, &paths);
        assert_eq!(summary.count(annals::seed::Status::Unchanged), 60);
        assert_eq!(summary.count(annals::seed::Status::Added), 30);
        assert_eq!(content(&grown), content(&all));
    }

    #[test]
    fn a_folder_with_files_is_refused() {
        let (dir, _) = run(2, 1, 0.0);
        let args = Args {
            articles: 2,
            seed: 1,
            out: dir.path().join("corpus"),
            rereports: 0.0,
            places_on_map: false,
        };
        let err = generate(&args).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
    }
}
