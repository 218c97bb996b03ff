//! The passes of a seed run and its transaction: the first pass over the files (definitions,
//! what the run replaces), the second (each file checked, then written), and the policy of the
//! transaction that holds them (the write lock first, foreign keys at commit on a first load,
//! unchanged files kept as stored, nothing written unless every file is without error).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::article::{Article, Parsed};
use super::changes::Tracker;
use super::check::{self, Checked, Checker, FileChecker};
use super::error::{SeedError, SeedErrors};
use super::files::{collect_files, first_pass_readers, read, stream, StoredNames};
use super::progress::{NoProgress, Progress};
use super::stored::{
    article_count, gone, known_for, status_of, unchanged, unchanged_summary, Known, StoredArticles,
};
use super::summary::{FileSummary, Status, Summary};
use super::write::Writer;

/// What the first pass over the files learnt: the checker, each readable file's article id and
/// hash (`None` for a file that could not be read or parsed), and the stored articles to prune.
struct FirstPass<'k> {
    checker: Checker<'k>,
    ids: Vec<Option<(String, String)>>,
    pruned: Vec<(String, String, Status)>,
}

/// The first pass: every file's definitions and event reports, then every event's reports
/// together. Which stored articles this run replaces (loads again or prunes) is only certain
/// once every file has been read; the pass starts from the articles stored under these files'
/// paths, and runs again in the rare case that guess was wrong (an article moved to another
/// file, or a file that now gives another id).
fn first_pass<'k>(
    conn: Option<&Connection>,
    known: &'k Known,
    names: &StoredNames,
    files: &[PathBuf],
    kept: &[(String, PathBuf)],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<FirstPass<'k>> {
    let StoredArticles {
        ids: stored_ids,
        by_file,
    } = match conn {
        Some(conn) => StoredArticles::of(conn)?,
        None => StoredArticles::default(),
    };
    let run_names: HashSet<String> = files
        .iter()
        .chain(kept.iter().map(|(_, f)| f))
        .map(|f| names.of(f))
        .collect();
    let guess: HashSet<String> = files
        .iter()
        .filter_map(|f| by_file.get(&names.of(f)).cloned())
        .chain(kept.iter().map(|(id, _)| id.clone()))
        .collect();
    let pruned = match conn {
        Some(conn) => gone(conn, &guess, &run_names, prune)?,
        None => Vec::new(),
    };
    let stored_only = |ids: &HashSet<String>| -> BTreeSet<String> {
        ids.iter()
            .filter(|id| stored_ids.contains(*id))
            .cloned()
            .collect()
    };
    let mut replaced: HashSet<String> = guess
        .into_iter()
        .chain(pruned.into_iter().map(|(id, _, _)| id))
        .collect();
    for attempt in 0..2 {
        let mut checker = Checker::new(known, replaced.clone());
        for (id, file) in kept {
            checker.keep(id, file);
        }
        let mut ids = vec![None; files.len()];
        stream(files, first_pass_readers(), read, |i, parsed| {
            match parsed {
                Ok(p) => {
                    checker.define(i, &p);
                    ids[i] = Some((check::source_id_of(&p), p.hash));
                }
                Err(e) => checker.unreadable(i, e),
            }
            if attempt == 0 {
                progress.read();
            }
            Ok(())
        })?;
        let loaded: HashSet<String> = ids.iter().flatten().map(|(id, _)| id.clone()).collect();
        let pruned = match conn {
            Some(conn) => {
                let present = loaded
                    .iter()
                    .chain(kept.iter().map(|(id, _)| id))
                    .cloned()
                    .collect();
                gone(conn, &present, &run_names, prune)?
            }
            None => Vec::new(),
        };
        let actual: HashSet<String> = loaded
            .into_iter()
            .chain(pruned.iter().map(|(id, _, _)| id.clone()))
            .collect();
        if attempt == 1 || stored_only(&actual) == stored_only(&replaced) {
            return Ok(FirstPass {
                checker,
                ids,
                pruned,
            });
        }
        replaced = actual;
    }
    unreachable!("the second attempt always returns")
}

/// Read, parse and check every seed file under `paths` against the database (when there is
/// one), writing nothing. Each checked article goes to `each`, in file order, as it is checked;
/// an `Err` return means some file has errors, and what `each` was given must be set aside.
/// Returns how many files were checked.
pub fn prepare(
    conn: Option<&Connection>,
    paths: &[PathBuf],
    each: &mut dyn FnMut(&Article),
) -> Result<usize> {
    let files = collect_files(paths)?;
    let known = match conn {
        Some(conn) => known_for(conn, &files).context("reading the ids the database holds")?,
        None => Known::default(),
    };
    let names = StoredNames::new(conn, &files);
    let FirstPass {
        mut checker, ids, ..
    } = first_pass(conn, &known, &names, &files, &[], false, &mut NoProgress)?;
    let mut checked = 0;
    let file_checker = checker.file_checker();
    stream(
        &files,
        1,
        |f| read_and_check(&file_checker, f),
        |i, parsed| {
            second_pass_file(&mut checker, &ids, i, parsed, |a| {
                checked += 1;
                each(&a);
                Ok(())
            })
        },
    )?;
    let errors = checker.into_errors();
    if !errors.is_empty() {
        return Err(SeedErrors(errors).into());
    }
    Ok(checked)
}

/// The second pass's reading thread: a file read and given its own checks.
fn read_and_check(checker: &FileChecker, path: &Path) -> Result<(Parsed, Checked), Vec<SeedError>> {
    let parsed = read(path)?;
    let checked = checker.check(&parsed);
    Ok((parsed, checked))
}

/// One file of the second pass: read again, it must be as the first pass read it; checked, its
/// article goes to `each` unless the run has already failed.
fn second_pass_file(
    checker: &mut Checker,
    ids: &[Option<(String, String)>],
    i: usize,
    parsed: Result<(Parsed, Checked), Vec<SeedError>>,
    each: impl FnOnce(Article) -> Result<()>,
) -> Result<()> {
    // A file unreadable in the first pass is reported from there.
    let Some((_, hash)) = &ids[i] else {
        return Ok(());
    };
    let (parsed, checked) = match parsed {
        Ok((p, c)) if p.hash == *hash => (p, c),
        Ok((p, _)) => {
            checker.unreadable(
                i,
                vec![SeedError::file(
                    &p.path,
                    "the file changed while it was being seeded",
                )],
            );
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
    each(article)
}

/// Check and load seed files in one transaction: nothing is written unless every file is
/// without error. The transaction takes the write lock first (waiting for another writer up to
/// the busy timeout), so the checks see exactly the state the writes apply to. The files are
/// read twice as a stream, never all held at once: first for what checks across files need,
/// then to check each file and write it. Files stored unchanged (same path, same bytes) are
/// kept as stored and not parsed; when every file is, and nothing is pruned, nothing is written
/// at all. A run that would replace or prune stored articles checks every file.
///
/// A first load (the database holds no article) checks foreign keys once, over every table,
/// just before it commits, instead of looking each reference up as its row is written: the
/// run deletes nothing, so no cascade is missed, and a broken reference still fails the run
/// with nothing written. Every other run checks them row by row.
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
    let cache = std::env::var(SEED_CACHE_VAR)
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(SEED_CACHE_KIB);
    conn.pragma_update(None, "cache_size", cache)?;
    let first_load = article_count(conn)? == 0;
    if first_load {
        // Only outside a transaction does this take effect.
        conn.pragma_update(None, "foreign_keys", false)?;
        let run = seed_tx(conn, paths, prune, progress, true);
        conn.pragma_update(None, "foreign_keys", true)?;
        if let Some(summary) = run? {
            return Ok(summary);
        }
    }
    Ok(seed_tx(conn, paths, prune, progress, false)?
        .expect("a run that checks keys row by row always runs"))
}

/// [`seed`] in one transaction. With `keys_at_commit` (foreign keys off on `conn`), `None`
/// when the database no longer holds no article once the write lock is taken (another run
/// loaded some first): nothing is written, and the caller runs again with keys checked row by
/// row.
fn seed_tx(
    conn: &mut Connection,
    paths: &[PathBuf],
    prune: bool,
    progress: &mut dyn Progress,
    keys_at_commit: bool,
) -> Result<Option<Summary>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if keys_at_commit && article_count(&tx)? != 0 {
        tx.rollback()?;
        return Ok(None);
    }
    let all = collect_files(paths)?;
    progress.files(all.len());
    let names = StoredNames::new(Some(&tx), &all);
    // Files stored unchanged are kept as stored, like articles loaded by an earlier run: only
    // the others are parsed, checked and written.
    let same = unchanged(&tx, &names, &all)?;
    let mut kept = Vec::new();
    let mut files = Vec::new();
    for (file, id) in all.iter().zip(&same) {
        match id {
            Some(id) => {
                progress.read();
                kept.push((id.clone(), file.clone()));
            }
            None => files.push(file.clone()),
        }
    }
    if files.is_empty() {
        let loaded = kept.iter().map(|(id, _)| id.clone()).collect();
        let run_names = kept.iter().map(|(_, f)| names.of(f)).collect();
        if gone(&tx, &loaded, &run_names, prune)?.is_empty() {
            progress.checked();
            let mut summary = Summary::default();
            for (id, file) in &kept {
                let line = unchanged_summary(&tx, file, id)?;
                progress.written(line.events);
                summary.files.push(line);
            }
            // Ends the transaction without writing a page: data_version stays as it was.
            tx.rollback()?;
            return Ok(Some(summary));
        }
    }
    let run = match check_and_write(&tx, &names, &files, &kept, prune, progress)? {
        Some(run) => run,
        // The run replaces or prunes stored articles: the unchanged files may refer to what
        // those stated, so every file is checked again.
        None => {
            progress.files(all.len());
            check_and_write(&tx, &names, &all, &[], prune, progress)?
                .expect("a run that keeps no file is never redone")
        }
    };
    let Run {
        mut summary,
        writer,
        tracker,
        pruned,
    } = run;
    // In the order the files were named; pruned articles last.
    let order: HashMap<&Path, usize> = all
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_path(), i))
        .collect();
    summary
        .files
        .sort_by_key(|f| order.get(f.file.as_path()).copied().unwrap_or(usize::MAX));
    for (id, file, status) in &pruned {
        let shown = names.path_of(file);
        summary
            .files
            .push(FileSummary::removed(id, &shown.to_string_lossy(), *status));
    }
    match writer {
        Some(w) if summary.wrote() => {
            let merged = w.finish(&tx, pruned.iter().map(|(id, _, _)| id.as_str()))?;
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
        }
        _ => tx.rollback()?,
    }
    Ok(Some(summary))
}

/// A checked run, written within the transaction but not finished: its summary (files in the
/// order they were met), its writer, what it changes in stored events (when the database held
/// any article before it) and the stored articles it prunes.
struct Run {
    summary: Summary,
    writer: Option<Writer>,
    tracker: Option<Tracker>,
    pruned: Vec<(String, String, Status)>,
}

/// Check `files` and write them, keeping the `kept` articles (unchanged files) as stored.
/// `None`, before anything is written, when there are kept articles and the run would replace
/// or prune stored articles: the caller then runs again over every file.
fn check_and_write(
    tx: &Transaction,
    names: &StoredNames,
    files: &[PathBuf],
    kept: &[(String, PathBuf)],
    prune: bool,
    progress: &mut dyn Progress,
) -> Result<Option<Run>> {
    let known = known_for(tx, files).context("reading the ids the database holds")?;
    let FirstPass {
        mut checker,
        ids,
        pruned,
    } = first_pass(Some(tx), &known, names, files, kept, prune, progress)?;
    progress.checked();
    let mut status = Vec::with_capacity(files.len());
    for (file, id) in files.iter().zip(&ids) {
        status.push(match id {
            Some((id, hash)) => Some(status_of(tx, &names.of(file), id, hash)?),
            None => None,
        });
    }
    let replaced = replaced_articles(names, files, &ids, &status, &pruned);
    if !kept.is_empty() && !replaced.is_empty() {
        return Ok(None);
    }
    let writes =
        !checker.failed() && (!replaced.is_empty() || status.contains(&Some(Status::Added)));
    let mut tracker = None;
    let mut writer = if writes {
        // Loading more articles than the database holds: indexes are built once at the end.
        let stored = article_count(tx)?;
        let loading = status
            .iter()
            .filter(|s| matches!(s, Some(Status::Added | Status::Updated)))
            .count();
        let bulk = loading as i64 >= stored.max(BULK_ARTICLES);
        // A first load changes no stored event; any other run notes what it changes, from the
        // replaced articles' reports before they are removed.
        if stored > 0 {
            let mut t = Tracker::default();
            for (id, file) in &replaced {
                t.replaced(tx, id, file)?;
            }
            tracker = Some(t);
        }
        let ids: Vec<&str> = replaced.iter().map(|(id, _)| *id).collect();
        Some(Writer::begin(tx, &ids, bulk)?)
    } else {
        None
    };
    let mut summary = Summary::default();
    let file_checker = checker.file_checker();
    stream(
        files,
        1,
        |f| read_and_check(&file_checker, f),
        |i, parsed| {
            second_pass_file(&mut checker, &ids, i, parsed, |a| {
                let status = status[i].expect("a checked file has a status");
                if let Some(w) = writer.as_mut() {
                    let written = status != Status::Unchanged;
                    if let Some(t) = tracker.as_mut().filter(|_| written) {
                        t.article(tx, &a)?;
                    }
                    if written {
                        w.write(tx, &a, &names.of(&a.file))
                            .with_context(|| format!("writing {}", a.file.display()))?;
                    }
                    w.write_rows(tx, &a, written)?;
                    if let Some(t) = tracker.as_mut() {
                        t.merged(&a.rows.events);
                    }
                }
                summary.files.push(FileSummary::of(&a, status));
                progress.written(a.events.len());
                Ok(())
            })
        },
    )?;
    let errors = checker.into_errors();
    if !errors.is_empty() {
        // Dropping the transaction rolls back whatever was written.
        return Err(SeedErrors(errors).into());
    }
    for (id, file) in kept {
        let line = unchanged_summary(tx, file, id)?;
        progress.written(line.events);
        summary.files.push(line);
    }
    Ok(Some(Run {
        summary,
        writer,
        tracker,
        pruned,
    }))
}

/// The stored articles a run replaces, each with the file it is known by in the run: the
/// articles of updated files, then those pruned or replaced by another id (by the run's file
/// of the same stored name, if there is one, else by the name stored).
fn replaced_articles<'a>(
    names: &StoredNames,
    files: &[PathBuf],
    ids: &'a [Option<(String, String)>],
    status: &[Option<Status>],
    pruned: &'a [(String, String, Status)],
) -> Vec<(&'a str, PathBuf)> {
    let updated = files
        .iter()
        .zip(ids)
        .zip(status)
        .filter(|(_, s)| **s == Some(Status::Updated))
        .filter_map(|((file, id), _)| id.as_ref().map(|(id, _)| (id.as_str(), file.clone())));
    let removed = pruned.iter().map(|(id, file, _)| {
        let path = files
            .iter()
            .find(|f| names.of(f) == *file)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(file));
        (id.as_str(), path)
    });
    updated.chain(removed).collect()
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
