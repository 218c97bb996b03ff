//! A seed run from start to end, and `check`'s run, which stops before writing. The steps, in
//! order:
//!
//! 1. **plan** ([`Plan`]): which files the run reads, which it keeps as stored, which stored
//!    articles it replaces or removes;
//! 2. **first pass** ([`first_pass`]): every file read and parsed, what it lists and the events
//!    it reports noted ([`Checker::note`]);
//! 3. **check** (the second pass, [`second_pass`]): each file read again and checked on its
//!    own ([`FileChecker::check`]), then its reports against the other reports of the same
//!    events ([`Checker::article`]);
//! 4. **merge**: as the last report of an event and the last listing of a person,
//!    organisation or place is met, its row is merged from every statement of it
//!    ([`Article::rows`], by [`super::merge`]);
//! 5. **write** ([`Writer`]): each changed article's statements and the merged rows the run
//!    changes, then what only the replaced articles stated, in one transaction;
//! 6. **summarise** ([`Summary`]): what each file did, and the stored events whose date or
//!    place changed.
//!
//! `check` runs steps 1 to 4 and compares the merged rows with the stored ones
//! ([`Preview`]) instead of writing them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::article::{Article, Parsed};
use super::changes::{Change, Tracker};
use super::check::{source_id_of, Checked, Checker, FileChecker};
use super::error::{SeedError, SeedErrors};
use super::files::{collect_files, first_pass_readers, stream};
use super::input::{Input, SeedText};
use super::plan::Plan;
use super::preview::Preview;
use super::progress::{NoProgress, Progress};
use super::stored::{article_count, known_for, unchanged_summary, Known};
use super::summary::{FileSummary, Status, Summary};
use super::write::Writer;
use crate::date::FuzzyDate;

/// Check and load seed files in one transaction: nothing is written unless every file is
/// without error. The transaction takes the write lock first (waiting for another writer up to
/// the busy timeout), so the checks see exactly the state the writes apply to. The files are
/// read twice as a stream, never all held at once: first for what checks across files need,
/// then to check each file and write it. Files stored unchanged (same path, same bytes) are
/// kept as stored and not parsed; when every file is, and nothing is pruned, nothing is written
/// at all. A run that would replace or prune stored articles checks every file.
///
/// A first load (the database holds no article when the run starts) checks foreign keys once,
/// over every table, just before it commits, instead of looking each reference up as its row
/// is written; a broken reference still fails the run with nothing written. Should another
/// process load articles between that look and this run's write lock, the check at commit
/// still covers them, and nothing is missed: the writer removes what an article stated itself,
/// relying on no cascade. Every other run checks keys row by row.
pub fn seed(
    conn: &mut Connection,
    paths: &[PathBuf],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    // Statement journals (every insert that fires a trigger or checks a foreign key keeps one)
    // in memory rather than in a temporary file, and a page cache that holds a load's working
    // set of index pages instead of spilling them to the WAL mid-transaction.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let cache = crate::hooks::seed_cache_pages().unwrap_or(SEED_CACHE_KIB);
    conn.pragma_update(None, "cache_size", cache)?;
    let keys_at_commit = article_count(conn)? == 0;
    if keys_at_commit {
        // Only outside a transaction does this take effect.
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let run = seed_tx(conn, paths, prune, progress, keys_at_commit);
    if keys_at_commit {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    run
}

/// [`seed`] in one transaction, step by step.
fn seed_tx(
    conn: &mut Connection,
    paths: &[PathBuf],
    prune: bool,
    progress: &mut dyn Progress,
    keys_at_commit: bool,
) -> Result<Summary> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let plan = Plan::seed(&tx, paths, prune)?;
    progress.files(plan.all.len());
    if plan.changes_nothing() {
        return unchanged_run(tx, &plan, progress);
    }
    let known = known_for(&tx, &plan.input).context("reading the ids the database holds")?;
    let first = first_pass(&plan, &known, progress)?;
    progress.checked();
    let run = check_and_write(&tx, &plan, first, progress)?;
    let summary = summarise(&plan, run.summary);
    match run.writer {
        Some(w) if summary.wrote() => commit(tx, &plan, w, run.tracker, summary, keys_at_commit),
        _ => {
            tx.rollback()?;
            Ok(summary)
        }
    }
}

/// A run whose every file is stored unchanged and that removes nothing: the summary from the
/// database, and nothing written (not a page: `data_version` stays as it was).
fn unchanged_run(tx: Transaction, plan: &Plan, progress: &mut dyn Progress) -> Result<Summary> {
    let mut summary = Summary::default();
    for _ in &plan.kept {
        progress.read();
    }
    progress.checked();
    for kept in &plan.kept {
        let line = unchanged_summary(&tx, &kept.file, &kept.id)?;
        progress.written(line.events);
        summary.files.push(line);
    }
    tx.rollback()?;
    Ok(summary)
}

/// What the first pass read of one file: the hash of its bytes, which the second pass must
/// find again.
#[derive(Debug, Clone)]
struct FirstRead {
    hash: String,
}

/// The first pass's result: the checker with every listing, and what it read of each file
/// (`None` for a file it could not read or parse).
struct FirstPass<'k> {
    checker: Checker<'k>,
    read: Vec<Option<FirstRead>>,
}

/// Step 2, the first pass: every file read and parsed (on every core), its listings and the
/// events it reports noted by the checker, against what the database holds (`known`) less
/// what the plan's replaced articles stated. A file that does not give the article the plan
/// found changed since.
fn first_pass<'k>(
    plan: &Plan,
    known: &'k Known,
    progress: &mut dyn Progress,
) -> Result<FirstPass<'k>> {
    let mut checker = Checker::new(known, plan.replaced.clone());
    for kept in &plan.kept {
        checker.keep(&kept.id, &kept.file);
        progress.read();
    }
    let input = &plan.input;
    let mut read = vec![None; input.len()];
    stream(
        input.len(),
        first_pass_readers(),
        |i| input.read(i),
        |i, parsed| {
            match parsed {
                Ok(p) if plan.planned[i].id.as_deref() != Some(&*source_id_of(&p)) => {
                    checker.unreadable(i, vec![changed(&p.path)]);
                }
                Ok(p) => {
                    checker.note(i, &p);
                    read[i] = Some(FirstRead { hash: p.hash });
                }
                Err(e) => checker.unreadable(i, e),
            }
            progress.read();
            Ok(())
        },
    )?;
    Ok(FirstPass { checker, read })
}

fn changed(path: &Path) -> SeedError {
    SeedError::file(path, "the file changed while it was being seeded")
}

/// Steps 3 and 4, the second pass: each file read again and checked, its reports against the
/// others', and each article that passes (with the rows it completes, merged) handed to `each`
/// in order, until some file has an error. Every problem found, in the order a single look at
/// all files would report them.
fn second_pass(
    input: &Input,
    first: FirstPass,
    mut each: impl FnMut(usize, Article) -> Result<()>,
) -> Result<Vec<SeedError>> {
    let FirstPass { mut checker, read } = first;
    let file_checker = checker.file_checker();
    for w in checker.warnings() {
        eprintln!("warning: {w}");
    }
    stream(
        input.len(),
        1,
        |i| read_and_check(&file_checker, input, i),
        |i, parsed| {
            // A file unreadable in the first pass is reported from there.
            let Some(first) = &read[i] else {
                return Ok(());
            };
            let (parsed, checked) = match parsed {
                Ok((p, c)) if p.hash == first.hash => (p, c),
                Ok((p, _)) => {
                    checker.unreadable(i, vec![changed(&p.path)]);
                    return Ok(());
                }
                Err(e) => {
                    checker.unreadable(i, e);
                    return Ok(());
                }
            };
            let article = checker.article(i, &parsed, checked);
            drop(parsed);
            if checker.failed() {
                return Ok(());
            }
            each(i, article)
        },
    )?;
    Ok(checker.into_errors())
}

/// The second pass's reading thread: a file read and given its own checks.
fn read_and_check(
    checker: &FileChecker,
    input: &Input,
    i: usize,
) -> Result<(Parsed, Checked), Vec<SeedError>> {
    let parsed = input.read(i)?;
    let checked = checker.check(&parsed);
    Ok((parsed, checked))
}

/// A run checked and written within the transaction, not yet finished: its summary (files in
/// the order they were met), its writer (when it writes), and what it changes in stored
/// events (when the database held any article before it).
struct Run {
    summary: Summary,
    writer: Option<Writer>,
    tracker: Option<Tracker>,
}

/// Steps 3 to 5: the second pass, each article written as it passes.
fn check_and_write(
    tx: &Transaction,
    plan: &Plan,
    first: FirstPass,
    progress: &mut dyn Progress,
) -> Result<Run> {
    let replaced = plan.replaced_articles();
    let added = plan.planned.iter().any(|p| p.status == Some(Status::Added));
    let writes = !first.checker.failed() && (!replaced.is_empty() || added);
    let (mut writer, mut tracker) = (None, None);
    if writes {
        let stored = article_count(tx)?;
        // A first load changes no stored event; any other run notes what it changes, from the
        // replaced articles' reports before they are removed.
        if stored > 0 {
            let mut t = Tracker::default();
            for r in &replaced {
                t.replaced(tx, &r.id, &r.file)?;
            }
            tracker = Some(t);
        }
        // Loading more articles than the database holds: indexes are built once at the end.
        let loading = plan.planned.iter().filter(|p| p.changed()).count();
        let bulk = loading as i64 >= stored.max(BULK_ARTICLES);
        let ids: Vec<&str> = replaced.iter().map(|r| r.id.as_str()).collect();
        writer = Some(Writer::begin(tx, &ids, bulk)?);
    }
    let mut summary = Summary::default();
    let errors = second_pass(&plan.input, first, |i, a| {
        let status = plan.planned[i].status.unwrap_or(Status::Added);
        if let Some(w) = writer.as_mut() {
            write_article(tx, plan, w, tracker.as_mut(), &a, status)?;
        }
        summary.files.push(FileSummary::of(&a, status));
        progress.written(a.events.len());
        Ok(())
    })?;
    if !errors.is_empty() {
        // Dropping the transaction rolls back whatever was written.
        return Err(SeedErrors(errors).into());
    }
    for kept in &plan.kept {
        let line = unchanged_summary(tx, &kept.file, &kept.id)?;
        progress.written(line.events);
        summary.files.push(line);
    }
    Ok(Run {
        summary,
        writer,
        tracker,
    })
}

/// Step 5 for one checked article: its statements when it is new or changed, and the merged
/// rows it completes that the run changes.
fn write_article(
    tx: &Transaction,
    plan: &Plan,
    w: &mut Writer,
    tracker: Option<&mut Tracker>,
    a: &Article,
    status: Status,
) -> Result<()> {
    let written = status != Status::Unchanged;
    let mut tracker = tracker;
    if let Some(t) = tracker.as_mut().filter(|_| written) {
        t.article(tx, a)?;
    }
    if written {
        w.write(tx, a, &plan.names.of(&a.file))
            .with_context(|| format!("writing {}", a.file.display()))?;
    }
    w.write_rows(tx, a, written)?;
    if let Some(t) = tracker {
        t.merged(&a.rows.events);
    }
    Ok(())
}

/// Step 6: the files in the order they were named, then the stored articles removed.
fn summarise(plan: &Plan, mut summary: Summary) -> Summary {
    let order: HashMap<&Path, usize> = plan
        .all
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_path(), i))
        .collect();
    summary
        .files
        .sort_by_key(|f| order.get(f.file.as_path()).copied().unwrap_or(usize::MAX));
    for r in &plan.removed {
        let shown = plan.names.path_of(&r.file);
        summary.files.push(FileSummary::removed(
            &r.id,
            &shown.to_string_lossy(),
            r.status,
        ));
    }
    summary
}

/// The end of step 5: what only the replaced articles stated is merged again, the removed
/// articles go, the stored events whose date or place changed are found, and the transaction
/// commits.
fn commit(
    tx: Transaction,
    plan: &Plan,
    writer: Writer,
    tracker: Option<Tracker>,
    mut summary: Summary,
    keys_at_commit: bool,
) -> Result<Summary> {
    let merged = writer.finish(&tx, plan.removed.iter().map(|r| r.id.as_str()))?;
    if let Some(mut t) = tracker {
        t.merged(&merged);
        summary.changed = t.changes(&tx)?;
    }
    if keys_at_commit {
        if let Some(broken) = crate::db::broken_reference(&tx)? {
            anyhow::bail!("{broken}; nothing was written");
        }
    }
    tx.commit().context("committing the seed")?;
    Ok(summary)
}

/// What checking seed files found, when none of them has an error.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// How many files were checked, and how many event reports they hold.
    pub files: usize,
    pub reports: usize,
    /// Each date worked out from an article's words.
    pub resolved: Vec<Resolved>,
    /// What seeding the files would change, against a database (`None` without one).
    pub changes: Option<Vec<Change>>,
}

/// A date worked out from an article's words.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub file: PathBuf,
    pub event: String,
    pub words: String,
    pub date: FuzzyDate,
    pub published: NaiveDate,
}

/// Read, parse and check every seed file under `paths` against the database behind `conn`
/// (when there is one), writing nothing.
pub fn check_files(conn: Option<&Connection>, paths: &[PathBuf]) -> Result<CheckReport> {
    check(conn, Input::Files(collect_files(paths)?))
}

/// Check seed texts held in memory, as [`check_files`] checks files.
pub fn check_texts(conn: Option<&Connection>, texts: Vec<SeedText>) -> Result<CheckReport> {
    check(conn, Input::Texts(texts))
}

/// Steps 1 to 4 of a run, and the merged rows compared with the stored ones.
fn check(conn: Option<&Connection>, input: Input) -> Result<CheckReport> {
    let plan = Plan::check(conn, input)?;
    let known = match conn {
        Some(conn) => known_for(conn, &plan.input).context("reading the ids the database holds")?,
        None => Known::default(),
    };
    let first = first_pass(&plan, &known, &mut NoProgress)?;
    // What an unchanged file states is what is stored: only the others' stored statements
    // are set aside in the preview.
    let unchanged: HashSet<&String> = (plan.planned.iter())
        .filter(|p| p.status == Some(Status::Unchanged))
        .filter_map(|p| p.id.as_ref())
        .collect();
    let set_aside: HashSet<String> = (plan.replaced.iter())
        .filter(|id| !unchanged.contains(id))
        .cloned()
        .collect();
    let mut preview = conn.map(|_| Preview::new(&known, &set_aside));
    let mut report = CheckReport::default();
    let errors = second_pass(&plan.input, first, |i, a| {
        report.note(&a);
        let changed = plan.planned[i].status != Some(Status::Unchanged);
        match (preview.as_mut(), conn) {
            (Some(p), Some(conn)) => p.article(conn, &a, changed),
            _ => Ok(()),
        }
    })?;
    if !errors.is_empty() {
        return Err(SeedErrors(errors).into());
    }
    if let (Some(p), Some(conn)) = (preview, conn) {
        report.changes = Some(p.changes(conn)?);
    }
    Ok(report)
}

impl CheckReport {
    /// One checked article: its reports, and the dates resolved from its words.
    fn note(&mut self, a: &Article) {
        self.files += 1;
        self.reports += a.events.len();
        for e in a.events.iter().filter(|e| e.resolved) {
            if let (Some(words), Some(date)) = (&e.date_text, &e.date) {
                self.resolved.push(Resolved {
                    file: a.file.clone(),
                    event: e.id.clone(),
                    words: words.clone(),
                    date: *date,
                    published: a.source.published,
                });
            }
        }
    }
}

/// The fewest articles a run loads for its indexes to be built at the end rather than kept up
/// to date row by row (and then only when it loads at least as many as the database holds).
const BULK_ARTICLES: i64 = 100;

/// The page cache while seeding, in KiB (negative: a size, not a page count).
const SEED_CACHE_KIB: i64 = -64 * 1024;

/// Test hook: the seed's page cache in pages (`PRAGMA cache_size`), in place of
/// [`SEED_CACHE_KIB`]. A small cache makes a seed spill uncommitted pages into the WAL early in
/// its write, which the SIGKILL test needs to land kills on; it is not meant for anything else.
pub const SEED_CACHE_VAR: &str = "ANNALS_TEST_SEED_CACHE_PAGES";
