//! The first step of a run, before any file is parsed: which files it reads, which it keeps as
//! stored, and which stored articles it replaces. Each file's article id comes from its
//! `[source]` table alone (the whole file is parsed only when that table cannot be read so),
//! and whether it changed from its hash; so what the run sets aside of the stored record is
//! known before the first pass, and no pass is run twice.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Result;
use rusqlite::Connection;

use super::files::{collect_files, StoredNames};
use super::input::Input;
use super::stored::{gone, is_stored, status_of, unchanged, Removed};
use super::summary::Status;

/// What a run does with each file and with the stored articles, decided before it parses.
pub(super) struct Plan {
    /// Every file the run names, in the order named (for the summary).
    pub(super) all: Vec<PathBuf>,
    /// The files the run reads, checks and (when they changed) writes.
    pub(super) input: Input,
    /// For each of those, what the plan found of it.
    pub(super) planned: Vec<Planned>,
    /// Files stored unchanged, whose articles the run keeps as stored without reading them.
    pub(super) kept: Vec<Kept>,
    /// Stored articles the run removes.
    pub(super) removed: Vec<Removed>,
    /// Every article whose stored statements the run sets aside: each it reads (it states
    /// them anew) and each it removes.
    pub(super) replaced: HashSet<String>,
    /// How the record names the run's files.
    pub(super) names: StoredNames,
}

/// A file of the run before it is parsed: its article's id (`None`: it cannot be read, which
/// the first pass reports), and whether that article is new, changed or as stored (`None`
/// without a database to compare with).
#[derive(Debug, Clone, Default)]
pub(super) struct Planned {
    pub(super) id: Option<String>,
    pub(super) status: Option<Status>,
}

/// A file stored unchanged, and its article.
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub(super) id: String,
    pub(super) file: PathBuf,
}

impl Plan {
    /// The plan of `annals check` (and of a draft's check): every file is read and checked,
    /// against the database behind `conn` when there is one; nothing is pruned.
    /// A file stored unchanged is planned as such: what it states is what is stored.
    pub(super) fn check(conn: Option<&Connection>, input: Input) -> Result<Plan> {
        let names = StoredNames::new(conn, input.files());
        let same = match conn {
            Some(conn) => unchanged(conn, &names, input.files())?,
            None => Vec::new(),
        };
        let planned: Vec<Planned> = (0..input.len())
            .map(|i| Planned {
                id: input.article_id(i),
                status: same
                    .get(i)
                    .and_then(|s| s.as_ref().map(|_| Status::Unchanged)),
            })
            .collect();
        let removed = match conn {
            Some(conn) => gone(conn, &ids(&planned, &[]), &names.all(input.files()), false)?,
            None => Vec::new(),
        };
        Ok(Plan {
            all: input.files().to_vec(),
            replaced: replaced(&planned, &removed),
            input,
            planned,
            kept: Vec::new(),
            removed,
            names,
        })
    }

    /// The plan of `annals seed PATHS` within its transaction `tx`: files stored unchanged are
    /// kept as stored, unless the run replaces or removes a stored article (an unchanged file
    /// may refer to what that stated: every file is then checked).
    pub(super) fn seed(tx: &Connection, paths: &[PathBuf], prune: bool) -> Result<Plan> {
        let all = collect_files(paths)?;
        let names = StoredNames::new(Some(tx), &all);
        let same = unchanged(tx, &names, &all)?;
        let (mut files, mut kept) = (Vec::new(), Vec::new());
        for (file, id) in all.iter().zip(same) {
            match id {
                Some(id) => kept.push(Kept {
                    id,
                    file: file.clone(),
                }),
                None => files.push(file.clone()),
            }
        }
        let mut planned = plan_files(tx, &names, &files)?;
        let run_names = names.all(&all);
        let mut removed = gone(tx, &ids(&planned, &kept), &run_names, prune)?;
        let replaces = |planned: &[Planned], removed: &[Removed]| {
            !removed.is_empty() || planned.iter().any(|p| p.status == Some(Status::Updated))
        };
        if !kept.is_empty() && replaces(&planned, &removed) {
            // Every file is read and checked, the kept ones planned as unchanged.
            (files, planned) = with_kept(&all, files, planned, std::mem::take(&mut kept));
            removed = gone(tx, &ids(&planned, &[]), &run_names, prune)?;
        }
        Ok(Plan {
            all,
            input: Input::Files(files),
            replaced: replaced(&planned, &removed),
            planned,
            kept,
            removed,
            names,
        })
    }

    /// Whether the run can leave the database as it is: every file is kept and no stored
    /// article goes.
    pub(super) fn changes_nothing(&self) -> bool {
        self.input.is_empty() && self.removed.is_empty()
    }

    /// The stored articles the run replaces, each with the file it is known by in the run: the
    /// articles of updated files, then those removed (by the run's file of the same stored
    /// name, if there is one, else by the name stored).
    pub(super) fn replaced_articles(&self) -> Vec<Replaced> {
        let files = self.input.files();
        let updated = files
            .iter()
            .zip(&self.planned)
            .filter(|(_, p)| p.status == Some(Status::Updated))
            .filter_map(|(file, p)| {
                let id = p.id.clone()?;
                Some(Replaced {
                    id,
                    file: file.clone(),
                })
            });
        let removed = self.removed.iter().map(|r| Replaced {
            id: r.id.clone(),
            file: files
                .iter()
                .find(|f| self.names.of(f) == r.file)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(&r.file)),
        });
        updated.chain(removed).collect()
    }
}

/// A stored article a run replaces (loads again or removes), and the file it is known by.
#[derive(Debug, Clone)]
pub(super) struct Replaced {
    pub(super) id: String,
    pub(super) file: PathBuf,
}

impl Planned {
    /// Whether the file's article is new or changed: the run writes it.
    pub(super) fn changed(&self) -> bool {
        matches!(self.status, Some(Status::Added | Status::Updated))
    }
}

/// Each file's article id and status, from its `[source]` table (or the whole file when that
/// cannot be read alone) and the database.
fn plan_files(tx: &Connection, names: &StoredNames, files: &[PathBuf]) -> Result<Vec<Planned>> {
    let input = Input::Files(files.to_vec());
    let quick = super::files::quick_ids(files);
    let mut planned = Vec::with_capacity(files.len());
    for (i, (file, id)) in files.iter().zip(quick).enumerate() {
        // A `[source]` table that cannot be read alone: the whole file is.
        let Some(id) = id.or_else(|| input.article_id(i)) else {
            planned.push(Planned::default());
            continue;
        };
        // A new article is added; a stored one is as stored only if its file's bytes are.
        let status = if is_stored(tx, &id)? {
            let hash = super::files::quick_hash(file)
                .or_else(|| super::files::read(file).ok().map(|p| p.hash))
                .unwrap_or_default();
            status_of(tx, &names.of(file), &id, &hash)?
        } else {
            Status::Added
        };
        planned.push(Planned {
            id: Some(id),
            status: Some(status),
        });
    }
    Ok(planned)
}

/// Every file of `all` with its plan: those of `files`, and the `kept` ones as unchanged.
fn with_kept(
    all: &[PathBuf],
    files: Vec<PathBuf>,
    planned: Vec<Planned>,
    kept: Vec<Kept>,
) -> (Vec<PathBuf>, Vec<Planned>) {
    let unchanged = kept.into_iter().map(|k| {
        let p = Planned {
            id: Some(k.id),
            status: Some(Status::Unchanged),
        };
        (k.file, p)
    });
    let mut each: HashMap<PathBuf, Planned> =
        files.into_iter().zip(planned).chain(unchanged).collect();
    let planned = all
        .iter()
        .map(|f| each.remove(f).unwrap_or_default())
        .collect();
    (all.to_vec(), planned)
}

/// The article ids of the run: those of the files it reads, and those it keeps.
fn ids(planned: &[Planned], kept: &[Kept]) -> HashSet<String> {
    let read = planned.iter().filter_map(|p| p.id.clone());
    read.chain(kept.iter().map(|k| k.id.clone())).collect()
}

/// The articles whose stored statements a run sets aside.
fn replaced(planned: &[Planned], removed: &[Removed]) -> HashSet<String> {
    let read = planned.iter().filter_map(|p| p.id.clone());
    read.chain(removed.iter().map(|r| r.id.clone())).collect()
}
