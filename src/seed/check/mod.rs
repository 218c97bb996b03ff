//! Checking parsed seed files against each other and against what the database already holds,
//! and turning them into [`Article`]s ready to write, with the rows they complete merged. Pure:
//! no I/O here; every problem found is reported, not just the first. [`Checker`] holds the two
//! passes; `registry` what the listings of each id state, `file` one file's own checks,
//! `events` each event's reports taken together, `fields` the rules for one text field,
//! `near` where a quote not found comes nearest to the article's text.

mod events;
mod fields;
mod file;
mod near;
mod registry;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::article::{Article, MergedEntityRow, MergedEventRow, Parsed};
use super::entity::EntityId;
use super::error::SeedError;
use super::merge::geo::{choose, far_apart, FAR_APART_KM};
use super::merge::places::{closes_loop, MAX_DEPTH};
use super::merge::Origin;
use super::stored::{Known, KnownEvent};
use crate::geo::BBox;
use events::{MetReport, Open};
use fields::Ctx;
use registry::{note_listings, FirstListing, Registry, StatedIn};

pub use fields::{fold_for_quote, is_slug, text_limit, text_problem};
pub use file::{found_in, Checked, FileChecker};

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

/// Whether a stored event is still reported by an article that is not `replaced`.
fn live(e: &KnownEvent, replaced: &HashSet<String>) -> bool {
    e.reports.iter().any(|r| !replaced.contains(&r.source_id))
}

/// Where an error sorts in a run's report. Files are checked in two passes over a stream, but
/// errors are reported as one look at all files would find them: unreadable files, then
/// listings file by file, then each file's own checks, then each event's reports taken
/// together, in the order the events first appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// `READING`, `LISTING`, `CHECKING` or `REPORTS`.
    phase: u8,
    /// The file's index, or the event's log.
    major: usize,
    minor: u8,
    /// The order it was found in.
    found: usize,
}

const READING: u8 = 0;
const LISTING: u8 = 1;
const CHECKING: u8 = 2;
const REPORTS: u8 = 3;

/// An event's reports in this run, as the first pass counts them.
#[derive(Clone, Copy)]
struct EventLog {
    /// How many reports of it this run holds.
    runs: u32,
}

/// No log yet: the event is known but not reported in this run (so far).
const NO_LOG: u32 = u32::MAX;

/// Checks seed files against each other and the database in two passes over them, holding
/// only what checks across files need (ids, names, parents, and for each event how many
/// reports there are), never every file at once. Nothing it finds depends on the order of the
/// files: what several articles state of one thing is merged by the rules of [`merge`].
///
/// 1. [`Checker::note`] each file in order: its listings, and the events it reports;
/// 2. [`Checker::file_checker`]: what needs every listing (names given somewhere, no loop of
///    parents); then [`FileChecker::check`] each file again (on any thread), then
///    [`Checker::article`] it, in the same order: its reports against the other reports of the
///    same events, and the checked [`Article`];
/// 3. [`Checker::into_errors`]: every problem found, in the order a single look at all files
///    would report them.
pub struct Checker<'k> {
    known: &'k Known,
    replaced: HashSet<String>,
    /// Shared with the threads that check files in the second pass; only the first pass
    /// changes it.
    registry: Arc<Registry>,
    source_ids: HashMap<String, Arc<str>>,
    /// Each event reported in this run, in order of first appearance (its slot in the
    /// registry's events names it).
    logs: Vec<EventLog>,
    /// Events reported but not in the registry (their id is used for something else: already
    /// an error), with their log.
    unregistered: HashMap<String, u32>,
    open: HashMap<u32, Open>,
    /// How many of this run's files have listed each person, organisation and place so far
    /// (until the last one has).
    listed: HashMap<EntityId, u32>,
    errors: Vec<(Key, SeedError)>,
    /// What is worth a look but not wrong: articles that put one place far apart, a point
    /// outside the area of the place it lies within.
    warnings: Vec<SeedError>,
}

impl<'k> Checker<'k> {
    /// A checker against what the database holds, leaving out what the `replaced` articles
    /// stated (the articles this run loads again, and those it prunes).
    pub fn new(known: &'k Known, replaced: HashSet<String>) -> Checker<'k> {
        Checker {
            registry: Arc::new(Registry::from_known(known, &replaced)),
            known,
            replaced,
            source_ids: HashMap::new(),
            logs: Vec::new(),
            unregistered: HashMap::new(),
            open: HashMap::new(),
            listed: HashMap::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn push(&mut self, phase: u8, major: usize, minor: u8, errors: Vec<SeedError>) {
        for e in errors {
            let key = Key {
                phase,
                major,
                minor,
                found: self.errors.len(),
            };
            self.errors.push((key, e));
        }
    }

    /// An article the run keeps as stored (its file `file` is unchanged and not read again):
    /// its id is taken, as if the file had been read first.
    pub fn keep(&mut self, source_id: &str, file: &Path) {
        self.source_ids
            .insert(source_id.to_string(), display_path(file).into());
    }

    /// A file that could not be read or parsed (file index `index`), with its problems.
    pub fn unreadable(&mut self, index: usize, errors: Vec<SeedError>) {
        self.push(READING, index, 0, errors);
    }

    /// Whether any problem has been found so far.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The stored event `id` as this run sees it: still reported by an article it does not
    /// replace.
    fn stored_event(&self, id: &str) -> Option<&'k KnownEvent> {
        let known = self.known;
        known.events.get(id).filter(|k| live(k, &self.replaced))
    }

    /// The log of event `id`, if it is reported in this run.
    fn log_of(&self, id: &str) -> Option<u32> {
        match self.registry.events.get(id) {
            Some(slot) if slot.log != NO_LOG => Some(slot.log),
            _ => self.unregistered.get(id).copied(),
        }
    }

    /// First pass, file `index` (files in any order): record what it states of people,
    /// organisations and places, and count the events it reports. References may point
    /// forward: they are checked in the second pass.
    pub fn note(&mut self, index: usize, parsed: &Parsed) {
        let mut errors = Vec::new();
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
            lines: &parsed.lines,
            errors: &mut errors,
        };
        let here: Arc<str> = display_path(&parsed.path).into();
        let source_id = source_id_of(parsed);
        if let Some(first) = self.source_ids.insert(source_id.clone(), here.clone()) {
            let at = parsed
                .file
                .source
                .id
                .as_ref()
                .unwrap_or(&parsed.file.source.title);
            ctx.error(
                at,
                format!("source id {source_id:?} is also the id of the article in {first}"),
            );
        }
        let origin = Origin {
            published: parsed.file.source.published.get_ref().clone(),
            source: source_id,
        };
        let from = StatedIn {
            index,
            file: &here,
            origin: &origin,
        };
        note_listings(
            &mut ctx,
            &parsed.file,
            &from,
            Arc::make_mut(&mut self.registry),
        );
        self.push(LISTING, index, 0, errors);

        for e in &parsed.file.events {
            let id = e.get_ref().id.get_ref();
            if let Some(log) = self.log_of(id) {
                self.logs[log as usize].runs += 1;
                continue;
            }
            let log = self.logs.len() as u32;
            self.logs.push(EventLog { runs: 1 });
            match Arc::make_mut(&mut self.registry).events.get_mut(id) {
                Some(slot) => slot.log = log,
                None => {
                    self.unregistered.insert(id.clone(), log);
                }
            }
        }
    }

    /// After the first pass: every person, organisation and place this run lists is named by
    /// some article, and no chain of parents or `within` links loops. Then a checker of single
    /// files against what the first pass recorded, for other threads.
    pub fn file_checker(&mut self) -> FileChecker {
        let registry = Arc::clone(&self.registry);
        let mut found: Vec<(usize, SeedError)> = Vec::new();
        for (kind, map) in registry.entities() {
            let what = kind.name;
            for (id, def) in map {
                let Some(FirstListing { index, at }) = &def.at else {
                    continue;
                };
                let error = |message: String| {
                    (
                        *index,
                        SeedError {
                            message,
                            ..at.clone()
                        },
                    )
                };
                if def.merged.name().is_none() {
                    found.push(error(format!(
                        "{what} {id:?} has no name: no article that lists it gives `name`"
                    )));
                }
                let parent = |x: &str| map.get(x).and_then(|d| d.merged.parent());
                if let Some(chain) = closes_loop(id, parent, MAX_DEPTH) {
                    found.push(error(format!(
                        "{what} {id:?} {} itself through {}",
                        kind.link,
                        chain.join(" → ")
                    )));
                }
            }
        }
        self.warnings = place_warnings(&registry);
        found.sort_by(|a, b| (a.0, &a.1.line, &a.1.message).cmp(&(b.0, &b.1.line, &b.1.message)));
        for (index, e) in found {
            self.push(LISTING, index, 1, vec![e]);
        }
        FileChecker(registry)
    }

    /// Second pass, file `index` again (the same file, read again), with its own checks done
    /// by [`FileChecker::check`]: its reports against the other reports of the same events, and
    /// the checked article with the merged rows it completes (of the events whose last report
    /// in the run it holds, of the people, organisations and places it is the last to list).
    pub fn article(&mut self, index: usize, parsed: &Parsed, checked: Checked) -> Article {
        let Checked {
            mut article,
            errors,
        } = checked;
        self.push(CHECKING, index, 0, errors);
        article.rows.entities = self.entity_rows(&article);
        let here: Arc<str> = display_path(&parsed.path).into();
        let origin = Origin {
            published: parsed.file.source.published.get_ref().clone(),
            source: article.source.id.clone(),
        };
        let mut rows = Vec::new();
        for (ei, e) in article.events.iter().enumerate() {
            let Some(log) = self.log_of(&e.id) else {
                continue;
            };
            let met = MetReport {
                log,
                event: e,
                def: parsed.file.events[ei].get_ref(),
                parsed,
                origin: &origin,
                here: &here,
                stored: self.stored_event(&e.id),
            };
            if let Some(event) = self.compare(met) {
                rows.push(MergedEventRow {
                    id: e.id.clone(),
                    stored: self.known.events.contains_key(&e.id),
                    event,
                });
            }
        }
        article.rows.events = rows;
        article
    }

    /// The merged rows of the people, organisations and places `article` is the last file of
    /// the run to list.
    fn entity_rows(&mut self, article: &Article) -> Vec<MergedEntityRow> {
        let registry = Arc::clone(&self.registry);
        let mut rows = Vec::new();
        for (kind, entities) in article.listed() {
            for e in entities {
                let Some(def) = registry.listed(kind).get(&e.id) else {
                    continue;
                };
                let id = EntityId::of(kind, &e.id);
                let seen = self.listed.entry(id.clone()).or_default();
                *seen += 1;
                if *seen < def.listings {
                    continue;
                }
                self.listed.remove(&id);
                if let Some(entity) = def.merged.finish() {
                    rows.push(MergedEntityRow {
                        kind,
                        id: e.id.clone(),
                        stored: self.known.entities(kind).contains_key(&e.id),
                        entity,
                    });
                }
            }
        }
        rows
    }

    /// What is worth a look but not wrong, found once every listing is known (by
    /// [`Checker::file_checker`]).
    pub fn warnings(&self) -> &[SeedError] {
        &self.warnings
    }

    /// Every problem found, in report order.
    pub fn into_errors(mut self) -> Vec<SeedError> {
        self.errors.sort_by_key(|(key, _)| *key);
        self.errors.into_iter().map(|(_, e)| e).collect()
    }
}

/// Places this run lists that two articles put more than [`FAR_APART_KM`] apart, and places
/// whose own point lies outside the area of the place they lie within, in order of file and id.
fn place_warnings(registry: &Registry) -> Vec<SeedError> {
    let mut found = Vec::new();
    for (id, def) in &registry.places {
        let Some(FirstListing { at, .. }) = &def.at else {
            continue;
        };
        let warn = |message: String| SeedError {
            message,
            ..at.clone()
        };
        let own = choose(def.extents.iter().map(|(e, _)| e));
        for (i, (a, file_a)) in def.extents.iter().enumerate() {
            if let Some((_, file_b)) = def.extents[i + 1..].iter().find(|(b, _)| far_apart(a, b)) {
                found.push(warn(format!(
                    "place {id:?} is put more than {FAR_APART_KM} km apart by {file_a} and \
                     {file_b}; the finer coordinates stand"
                )));
                break;
            }
        }
        let (Some(own), Some(outer)) = (own, def.merged.parent()) else {
            continue;
        };
        let outer_area = area_of_place(registry, outer);
        let (lat, lon) = own.centre();
        if let Some((name, _)) = outer_area.filter(|(_, a)| !a.holds(lat, lon)) {
            found.push(warn(format!(
                "place {id:?} at {lat}, {lon} lies outside the area of {name:?}, which it lies \
                 within"
            )));
        }
    }
    found.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    found
}

/// The area of place `id`, or of the nearest place it lies within that has coordinates, with
/// the id of the place that gives it.
fn area_of_place<'r>(registry: &'r Registry, id: &'r str) -> Option<(&'r str, BBox)> {
    let mut at = id;
    for _ in 0..=MAX_DEPTH {
        let def = registry.places.get(at)?;
        if let Some(e) = choose(def.extents.iter().map(|(e, _)| e)) {
            return Some((at, e.bbox()));
        }
        at = def.merged.parent()?;
    }
    None
}

/// Check files already in memory, in order, against each other and the database: the two
/// passes of [`Checker`] over one list. `pruned` names the stored articles whose facts the run
/// removes.
pub fn check(
    files: Vec<Parsed>,
    known: &Known,
    pruned: &[String],
) -> Result<Vec<Article>, Vec<SeedError>> {
    let replaced = files
        .iter()
        .map(source_id_of)
        .chain(pruned.iter().cloned())
        .collect();
    let mut checker = Checker::new(known, replaced);
    for (i, parsed) in files.iter().enumerate() {
        checker.note(i, parsed);
    }
    let file_checker = checker.file_checker();
    let articles: Vec<Article> = files
        .iter()
        .enumerate()
        .map(|(i, parsed)| checker.article(i, parsed, file_checker.check(parsed)))
        .collect();
    let errors = checker.into_errors();
    if errors.is_empty() {
        Ok(articles)
    } else {
        Err(errors)
    }
}

/// The article's id: `[source] id`, or the file's name without `.toml`.
pub fn source_id_of(parsed: &Parsed) -> String {
    match &parsed.file.source.id {
        Some(id) => id.get_ref().clone(),
        None => parsed.default_id.clone(),
    }
}
