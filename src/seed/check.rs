//! Checking parsed seed files against each other and against what the database already holds,
//! and turning them into [`Article`]s ready to write. Pure: no I/O here; every problem found is
//! reported, not just the first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;

use super::error::SeedError;
use super::merge;
use super::model::{EventDef, Number, Qualifier, SeedFile, SourceDef};
use super::reports::{self, Conflict};
use crate::date::{FuzzyDate, Precision};
use crate::date_words as relative;

/// A seed file read from disk and parsed, not yet checked.
#[derive(Debug)]
pub struct Parsed {
    pub path: PathBuf,
    /// The file's TOML text, for error locations.
    pub text: String,
    pub file: SeedFile,
    /// The article's text, when `[source] text` names a readable file inside the seed folder.
    pub body: Option<String>,
    /// Problems found while reading the article's text (reported with the rest).
    pub body_error: Option<SeedError>,
    /// Keys the format does not have, left out of `file` (reported with the rest).
    pub unknown_keys: Vec<SeedError>,
    /// SHA-256 of the seed file and the article's text.
    pub hash: String,
}

/// What the database already holds, for resolving ids across runs.
#[derive(Debug, Default)]
pub struct Known {
    /// Each id with every article that defines it.
    pub people: HashMap<String, Vec<KnownEntity>>,
    pub organisations: HashMap<String, Vec<KnownEntity>>,
    pub places: HashMap<String, Vec<KnownEntity>>,
    pub events: HashMap<String, KnownEvent>,
    /// Ids of stored events that are not in `events` (a run of a few files reads in full only
    /// those it names), for "did you mean" hints.
    pub event_hints: Vec<String>,
}

/// What one stored article states of a person, organisation or place it lists: its name, kind
/// (organisations) and parent (an organisation's parent, the place a place lies within); `None`
/// where the article does not say.
#[derive(Debug, Clone)]
pub struct KnownEntity {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub source_id: String,
    /// The seed file of that article, for messages.
    pub file: String,
}

/// An event the database holds: every stored report of it.
#[derive(Debug, Clone, Default)]
pub struct KnownEvent {
    pub reports: Vec<KnownReport>,
}

/// One article's report of an event, as stored: the date it gave (if any) and what it stated of
/// the event's kind, title, summary and place.
#[derive(Debug, Clone)]
pub struct KnownReport {
    pub source_id: String,
    pub file: String,
    pub date: Option<FuzzyDate>,
    pub disputed: bool,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
}

/// A person or an organisation: who can take part, speak, claim a figure or be its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Person(String),
    Organisation(String),
}

/// A checked article, ready to write.
#[derive(Debug)]
pub struct Article {
    pub file: PathBuf,
    pub hash: String,
    pub source: Source,
    pub people: Vec<Person>,
    pub organisations: Vec<Organisation>,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
    pub figures: Vec<Figure>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: NaiveDate,
    pub url: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug)]
pub struct Person {
    pub id: String,
    /// `None`: this article lists the person without naming them (another article does).
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub roles: Vec<(String, Option<String>)>,
    /// No other article, stored or in this run, lists this id: its row is this article's.
    pub sole: bool,
}

#[derive(Debug)]
pub struct Organisation {
    pub id: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub sole: bool,
}

#[derive(Debug)]
pub struct Place {
    pub id: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// The place it lies within.
    pub within: Option<String>,
    pub sole: bool,
}

/// One article's `[[events]]` entry: its report of the event, with whatever it states of it.
#[derive(Debug)]
pub struct Event {
    pub id: String,
    /// The date this article gives: explicit, or resolved from `date_text`; none for a report
    /// that adds no date information.
    pub date: Option<FuzzyDate>,
    pub date_text: Option<String>,
    /// Whether `date` was resolved from `date_text`.
    pub resolved: bool,
    /// The article marks the event's date as disputed.
    pub disputed: bool,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub participants: Vec<(Actor, Option<String>)>,
    pub expected: bool,
    /// No other report of the event exists, stored or in this run: its date is this one's.
    pub sole: bool,
}

#[derive(Debug)]
pub struct Figure {
    pub event: String,
    pub value: Option<Number>,
    pub low: Option<Number>,
    pub high: Option<Number>,
    pub qualifier: Qualifier,
    pub unit: String,
    pub measure: String,
    pub about: Option<Actor>,
    pub claimed_by: Option<Actor>,
    pub text: Option<String>,
    /// The figure's own id within its article, for `part_of`.
    pub key: Option<String>,
    /// The `key` of the figure of the same article this one is part of.
    pub part_of: Option<String>,
}

#[derive(Debug)]
pub struct Quote {
    pub speaker: Actor,
    pub event: Option<String>,
    pub text: String,
}

/// The longest each text field may be, in characters, and whether it may hold line breaks.
/// Longer text is refused: titles and names are read on one line, and full-text indexing grows
/// faster than the text it indexes.
pub fn text_limit(field: &str) -> (usize, bool) {
    match field {
        "title" | "date_text" => (500, false),
        "publisher" | "name" | "alias" | "role" => (200, false),
        "kind" | "unit" | "measure" => (100, false),
        "summary" => (5_000, true),
        "figure text" => (2_000, true),
        "text" => (10_000, true),
        _ => (1_000, false),
    }
}

/// What is wrong with a text field's value, if anything: its length, or a control or invisible
/// character (a bidirectional override, a zero-width space ...), named with its position.
pub fn text_problem(field: &str, value: &str) -> Option<String> {
    let (max, paragraphs) = text_limit(field);
    let n = value.chars().count();
    if n > max {
        return Some(format!(
            "`{field}` is {n} characters long; at most {max} are allowed"
        ));
    }
    let bad = value.chars().enumerate().find(|(_, c)| {
        (c.is_control() && !(paragraphs && (*c == '\n' || *c == '\t' || *c == '\r')))
            || crate::sanitize::is_invisible(*c)
    });
    bad.map(|(i, c)| {
        format!(
            "`{field}` holds an invisible or control character (U+{:04X}) at character {}; \
             remove it",
            c as u32,
            i + 1
        )
    })
}

/// Whether `s` is an id: lowercase letters, digits and '-', starting with a letter or digit.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A field as the articles state it: the merged value, and a file of an article stating it.
type Stated = Option<(String, Arc<str>)>;

/// A person, organisation or place as the articles listing it state it, merged.
#[derive(Debug, Clone)]
struct Definition {
    name: Stated,
    /// An organisation's kind.
    kind: Stated,
    /// An organisation's parent, or the place a place lies within.
    parent: Stated,
    /// A file listing it, for messages.
    file: Arc<str>,
    /// How many articles list it, stored and in this run.
    count: u32,
    /// Where this run first lists it (file index, and an error located at its id whose message
    /// is still to be written), for what only all articles together show.
    at: Option<(usize, SeedError)>,
}

/// What one article states of a person, organisation or place.
struct Statement<'a> {
    name: Option<&'a Spanned<String>>,
    kind: Option<&'a Spanned<String>>,
    parent: Option<&'a Spanned<String>>,
}

/// Every id defined so far: by earlier files of this run, or in the database.
#[derive(Default, Clone)]
struct Registry {
    people: HashMap<String, Definition>,
    organisations: HashMap<String, Definition>,
    places: HashMap<String, Definition>,
    events: HashMap<String, EventSlot>,
    /// Stored event ids for hints only (see [`Known::event_hints`]).
    event_hints: Arc<Vec<String>>,
}

/// An event id: a file that reports it, and its log when this run reports it.
#[derive(Debug, Clone)]
struct EventSlot {
    file: Arc<str>,
    log: u32,
}

/// Merge a stated field into what is known of it: `Err` with the other value and its file when
/// they differ (`same` says whether two values agree; `pick` which of two agreeing ones to keep).
fn merge_field(
    into: &mut Stated,
    value: &str,
    file: &Arc<str>,
    same: impl Fn(&str, &str) -> bool,
    pick: impl Fn(&str, &str) -> bool,
) -> Result<(), (String, Arc<str>)> {
    match into {
        None => {
            *into = Some((value.to_string(), file.clone()));
            Ok(())
        }
        Some((v, _)) if same(v, value) => {
            if value != v && pick(value, v) {
                *into = Some((value.to_string(), file.clone()));
            }
            Ok(())
        }
        Some((v, f)) => Err((v.clone(), f.clone())),
    }
}

fn equal(a: &str, b: &str) -> bool {
    a == b
}

fn keep(_: &str, _: &str) -> bool {
    false
}

/// Whether `a` is the form of a name the record shows rather than `b`.
fn shown(a: &str, b: &str) -> bool {
    merge::preferred_name(a, b) == a
}

impl Registry {
    /// What the database holds, leaving out what `replaced` articles stated: they are being
    /// loaded again (or pruned), so their old facts do not count.
    fn from_known(known: &Known, replaced: &HashSet<String>) -> Registry {
        let convert = |m: &HashMap<String, Vec<KnownEntity>>| {
            m.iter()
                .filter_map(|(id, defs)| {
                    let mut live = defs.iter().filter(|k| !replaced.contains(&k.source_id));
                    let first = live.next()?;
                    let mut def = Definition {
                        name: None,
                        kind: None,
                        parent: None,
                        file: first.file.as_str().into(),
                        count: 0,
                        at: None,
                    };
                    for k in std::iter::once(first).chain(live) {
                        let file: Arc<str> = k.file.as_str().into();
                        // Stored statements were merged when they were loaded: they agree.
                        if let Some(n) = &k.name {
                            let _ = merge_field(&mut def.name, n, &file, merge::same_name, shown);
                        }
                        if let Some(v) = &k.kind {
                            let _ = merge_field(&mut def.kind, v, &file, equal, keep);
                        }
                        if let Some(v) = &k.parent {
                            let _ = merge_field(&mut def.parent, v, &file, equal, keep);
                        }
                        def.count += 1;
                    }
                    Some((id.clone(), def))
                })
                .collect()
        };
        let events = known
            .events
            .iter()
            .filter_map(|(id, e)| {
                let r = e
                    .reports
                    .iter()
                    .find(|r| !replaced.contains(&r.source_id))?;
                let slot = EventSlot {
                    file: r.file.as_str().into(),
                    log: NO_LOG,
                };
                Some((id.clone(), slot))
            })
            .collect();
        Registry {
            people: convert(&known.people),
            organisations: convert(&known.organisations),
            places: convert(&known.places),
            events,
            event_hints: Arc::new(known.event_hints.clone()),
        }
    }

    /// The place `id` lies within, as the articles state it.
    fn within(&self, id: &str) -> Option<&str> {
        self.places
            .get(id)
            .and_then(|d| d.parent.as_ref())
            .map(|(p, _)| p.as_str())
    }

    /// The kind of `id` and the file defining it, when it names something other than a `what`.
    fn other_kind(&self, id: &str, what: &str) -> Option<(&'static str, &str)> {
        [
            ("a person", "person", &self.people),
            ("an organisation", "organisation", &self.organisations),
            ("a place", "place", &self.places),
        ]
        .into_iter()
        .filter(|(_, kind, _)| *kind != what)
        .find_map(|(label, _, map)| map.get(id).map(|d| (label, &*d.file)))
        .or_else(|| {
            let slot = self.events.get(id).filter(|_| what != "event")?;
            Some(("an event", &*slot.file))
        })
    }

    fn actor(&self, id: &str) -> Option<Actor> {
        if self.people.contains_key(id) {
            Some(Actor::Person(id.to_string()))
        } else if self.organisations.contains_key(id) {
            Some(Actor::Organisation(id.to_string()))
        } else {
            None
        }
    }
}

/// One file's context while checking it: its path and text, and the errors found so far.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    errors: &'a mut Vec<SeedError>,
}

impl Ctx<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.errors
            .push(SeedError::at(self.path, self.text, at.span(), message));
    }

    /// A required text field: present (serde saw to that), not blank, and within its limits.
    fn non_empty(&mut self, field: &str, value: &Spanned<String>) -> String {
        let v = value.get_ref().trim();
        if v.is_empty() {
            self.error(value, format!("`{field}` must not be empty"));
        }
        self.limited(field, value.get_ref(), value.span());
        v.to_string()
    }

    /// A text field within the limits of [`text_limit`]: not too long, and no control or
    /// invisible character (a newline or tab only where the field may hold paragraphs).
    fn limited(&mut self, field: &str, value: &str, at: std::ops::Range<usize>) {
        if let Some(message) = text_problem(field, value) {
            self.errors
                .push(SeedError::at(self.path, self.text, at, message));
        }
    }

    fn slug(&mut self, what: &str, id: &Spanned<String>) -> String {
        if !is_slug(id.get_ref()) {
            self.error(
                id,
                format!(
                    "{what} id {:?} is not a slug (lowercase letters, digits and '-', \
                     starting with a letter or digit)",
                    id.get_ref()
                ),
            );
        }
        id.get_ref().clone()
    }
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

/// The closest id among `candidates`, for "did you mean" hints.
fn suggestion<'a>(id: &str, candidates: impl Iterator<Item = &'a String>) -> String {
    let best = candidates
        .map(|c| (strsim::levenshtein(id, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min();
    match best {
        Some((_, c)) => format!(" (did you mean {c:?}?)"),
        None => String::new(),
    }
}

/// Fold what differs between a quote as typed and as printed: typographic quotes and dashes,
/// runs of white space.
pub fn fold_for_quote(s: &str) -> String {
    let mapped = s.chars().map(|c| match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    });
    let mut out = String::with_capacity(s.len());
    for c in mapped {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// Whether a stored event is still reported by an article that is not `replaced`.
fn live(e: &KnownEvent, replaced: &HashSet<String>) -> bool {
    e.reports.iter().any(|r| !replaced.contains(&r.source_id))
}

/// Where an error sorts in a run's report: (phase, major, minor, order found). Files are checked
/// in two passes over a stream, but errors are reported as one look at all files would find
/// them: unreadable files, then definitions file by file, then each file's own checks, then
/// each event's reports taken together, in the order the events first appear.
type Key = (u8, usize, u8, usize);

const READING: u8 = 0;
const DEFINING: u8 = 1;
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

/// One report's date, stored or in this run, while an event's reports are compared.
struct DateEntry {
    file: Arc<str>,
    date: Option<FuzzyDate>,
    disputed: bool,
    /// Where the error goes if this report's date does not fit: at its date in its file (its
    /// message still to be written); `None` for a stored report.
    at: Option<SeedError>,
}

/// An event reported more than once (stored or in this run), while the second pass meets its
/// reports: its fields merged so far, and every report's date.
struct Open {
    seen: u32,
    /// Kind, title and summary as the reports met so far state them.
    fields: [Stated; 3],
    place: Stated,
    dates: Vec<DateEntry>,
    /// Whether some report gives a date or words for one (a date that does not parse is
    /// reported where it is written).
    dated: bool,
}

/// The fields every report may state, in [`Open::fields`] order.
const FIELDS: [&str; 3] = ["kind", "title", "summary"];

/// The most links followed up a chain of `within` or `parent` links.
const MAX_DEPTH: usize = 64;

impl Open {
    /// An event's stored reports that this run does not replace, merged. They were checked
    /// against each other when they were loaded, so they agree.
    fn from_stored(
        stored: Option<&KnownEvent>,
        replaced: &HashSet<String>,
        reg: &Registry,
    ) -> Open {
        let mut open = Open {
            seen: 0,
            fields: [None, None, None],
            place: None,
            dates: Vec::new(),
            dated: false,
        };
        for r in stored
            .iter()
            .flat_map(|k| &k.reports)
            .filter(|r| !replaced.contains(&r.source_id))
        {
            let file: Arc<str> = r.file.as_str().into();
            for (i, v) in [&r.kind, &r.title, &r.summary].into_iter().enumerate() {
                if let Some(v) = v {
                    let _ = merge_field(&mut open.fields[i], v, &file, equal, keep);
                }
            }
            if let Some(p) = &r.place {
                let _ = open.narrow_place(p, &file, reg);
            }
            open.dated |= r.date.is_some();
            open.dates.push(DateEntry {
                file,
                date: r.date,
                disputed: r.disputed,
                at: None,
            });
        }
        open
    }

    /// Merge a place given for the event: the same, or one within the other (the smaller is
    /// kept). `Err` with the other place and its file when neither lies within the other.
    fn narrow_place(
        &mut self,
        p: &str,
        file: &Arc<str>,
        reg: &Registry,
    ) -> Result<(), (String, Arc<str>)> {
        match &self.place {
            None => {
                self.place = Some((p.to_string(), file.clone()));
                Ok(())
            }
            Some((m, f)) => match merge::narrower(p, m, |id| reg.within(id), MAX_DEPTH) {
                Some(n) if n == p && p != m => {
                    self.place = Some((p.to_string(), file.clone()));
                    Ok(())
                }
                Some(_) => Ok(()),
                None => Err((m.clone(), f.clone())),
            },
        }
    }
}

/// One file's own checks (its fields, dates, quotes and references against every definition),
/// which need nothing from the other files' checks: the second pass runs them on the thread that
/// reads the files, beside the one that writes.
#[derive(Clone)]
pub struct FileChecker(Arc<Registry>);

/// A file checked on its own: the article, and the problems found in it.
pub struct Checked {
    article: Article,
    errors: Vec<SeedError>,
}

impl FileChecker {
    pub fn check(&self, parsed: &Parsed) -> Checked {
        let mut errors = Vec::new();
        errors.extend(parsed.unknown_keys.iter().cloned());
        if let Some(e) = &parsed.body_error {
            errors.push(e.clone());
        }
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
            errors: &mut errors,
        };
        let article = check_file(&mut ctx, parsed, &self.0);
        Checked { article, errors }
    }
}

/// Checks seed files against each other and the database in two passes over them, holding
/// only what checks across files need (ids, names, parents, and for each event how many
/// reports there are), never every file at once. Nothing it finds depends on the order of the
/// files: what several articles state of one thing is merged by the rules of [`merge`].
///
/// 1. [`Checker::define`] each file in order: its definitions, and the events it reports;
/// 2. [`Checker::file_checker`]: what needs every definition (names given somewhere, no loop of
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
    errors: Vec<(Key, SeedError)>,
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
            errors: Vec::new(),
        }
    }

    fn push(&mut self, key: (u8, usize, u8), errors: Vec<SeedError>) {
        for e in errors {
            let n = self.errors.len();
            self.errors.push(((key.0, key.1, key.2, n), e));
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
        self.push((READING, index, 0), errors);
    }

    /// Whether any problem has been found so far.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The stored event `id` as this run sees it: still reported by an article it does not
    /// replace.
    fn stored(&self, id: &str) -> Option<&'k KnownEvent> {
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
    pub fn define(&mut self, index: usize, parsed: &Parsed) {
        let mut errors = Vec::new();
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
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
        define_all(
            &mut ctx,
            index,
            &parsed.file,
            &here,
            Arc::make_mut(&mut self.registry),
        );
        self.push((DEFINING, index, 0), errors);

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
        for (what, map) in [
            ("person", &registry.people),
            ("organisation", &registry.organisations),
            ("place", &registry.places),
        ] {
            for (id, def) in map {
                let Some((index, at)) = &def.at else { continue };
                let error = |message: String| {
                    (
                        *index,
                        SeedError {
                            message,
                            ..at.clone()
                        },
                    )
                };
                if def.name.is_none() {
                    found.push(error(format!(
                        "{what} {id:?} has no name: no article that lists it gives `name`"
                    )));
                }
                let parent = |x: &str| {
                    map.get(x)
                        .and_then(|d| d.parent.as_ref())
                        .map(|(p, _)| p.as_str())
                };
                if let Some(chain) = merge::closes_loop(id, parent, MAX_DEPTH) {
                    let link = if what == "place" {
                        "lies within"
                    } else {
                        "has parent"
                    };
                    found.push(error(format!(
                        "{what} {id:?} {link} itself through {}",
                        chain.join(" → ")
                    )));
                }
            }
        }
        found.sort_by(|a, b| (a.0, &a.1.line, &a.1.message).cmp(&(b.0, &b.1.line, &b.1.message)));
        for (index, e) in found {
            self.push((DEFINING, index, 1), vec![e]);
        }
        FileChecker(registry)
    }

    /// Second pass, file `index` again (the same file, read again), with its own checks done
    /// by [`FileChecker::check`]: its reports against the other reports of the same events, and
    /// the checked article.
    pub fn article(&mut self, index: usize, parsed: &Parsed, checked: Checked) -> Article {
        let Checked {
            mut article,
            errors,
        } = checked;
        self.push((CHECKING, index, 0), errors);
        let here: Arc<str> = display_path(&parsed.path).into();
        let registry = Arc::clone(&self.registry);
        let sole =
            |map: &HashMap<String, Definition>, id: &str| map.get(id).is_some_and(|d| d.count == 1);
        for p in &mut article.people {
            p.sole = sole(&registry.people, &p.id);
        }
        for o in &mut article.organisations {
            o.sole = sole(&registry.organisations, &o.id);
        }
        for p in &mut article.places {
            p.sole = sole(&registry.places, &p.id);
        }
        for (ei, e) in article.events.iter_mut().enumerate() {
            let Some(log) = self.log_of(&e.id) else {
                continue;
            };
            let EventLog { runs } = self.logs[log as usize];
            let stored = self.stored(&e.id);
            e.sole = runs == 1 && stored.is_none();
            let def = parsed.file.events[ei].get_ref();
            self.compare(log, e, def, parsed, &here, stored, &registry);
        }
        article
    }

    /// One report of an event: it must not contradict what other reports state of it, and once
    /// every report has been met, some report must give its kind, title and date, and their
    /// dates must fit together.
    #[allow(clippy::too_many_arguments)]
    fn compare(
        &mut self,
        log: u32,
        e: &Event,
        def: &EventDef,
        parsed: &Parsed,
        here: &Arc<str>,
        stored: Option<&'k KnownEvent>,
        registry: &Registry,
    ) {
        let replaced = &self.replaced;
        let open = self
            .open
            .entry(log)
            .or_insert_with(|| Open::from_stored(stored, replaced, registry));
        open.seen += 1;
        let mut found = Vec::new();
        let id = &e.id;
        let spans = [
            def.kind.as_ref().map(|k| k.span()),
            def.title.as_ref().map(|k| k.span()),
            def.summary.as_ref().map(|k| k.span()),
        ];
        for (i, value) in [&e.kind, &e.title, &e.summary].into_iter().enumerate() {
            let Some(h) = value else { continue };
            if let Err((t, file)) = merge_field(&mut open.fields[i], h, here, equal, keep) {
                let field = FIELDS[i];
                found.push(SeedError::at(
                    &parsed.path,
                    &parsed.text,
                    spans[i].clone().unwrap_or(def.id.span()),
                    format!(
                        "event {id:?} has `{field}` {h:?} here but {t:?} in {file}; \
                         a report may leave it out, but must not contradict it"
                    ),
                ));
            }
        }
        if let (Some(p), Some(at)) = (&e.place, &def.place) {
            if let Err((other, file)) = open.narrow_place(p, here, registry) {
                found.push(SeedError::at(
                    &parsed.path,
                    &parsed.text,
                    at.span(),
                    format!(
                        "event {id:?} took place in {p:?} here but in {other:?} in {file}, and \
                         neither lies within the other (a place's `within` says where it lies)"
                    ),
                ));
            }
        }
        let span = match (&def.date, &def.date_text) {
            (Some(at), _) | (None, Some(at)) => at.span(),
            (None, None) => def.id.span(),
        };
        open.dated |= def.date.is_some() || def.date_text.is_some();
        open.dates.push(DateEntry {
            file: here.clone(),
            date: e.date,
            disputed: e.disputed,
            at: Some(SeedError::at(
                &parsed.path,
                &parsed.text,
                span,
                String::new(),
            )),
        });
        let done = open.seen == self.logs[log as usize].runs;
        self.push((REPORTS, log as usize, 1), found);
        if !done {
            return;
        }
        let Some(open) = self.open.remove(&log) else {
            return;
        };
        let mut missing = Vec::new();
        for (field, absent) in [
            ("kind", open.fields[0].is_none()),
            ("title", open.fields[1].is_none()),
            ("date", !open.dated),
        ] {
            if absent {
                let how = if field == "date" {
                    " (or `date_text` words to resolve)"
                } else {
                    ""
                };
                let only = if open.dates.len() == 1 {
                    "no other article reports it"
                } else {
                    "no article that reports it gives one"
                };
                missing.push(SeedError::at(
                    &parsed.path,
                    &parsed.text,
                    def.id.span(),
                    format!("event {id:?} needs `{field}`{how}: {only}"),
                ));
            }
        }
        self.push((REPORTS, log as usize, 0), missing);
        if open.dates.len() < 2 {
            return;
        }
        let dates: Vec<(Option<FuzzyDate>, bool)> =
            open.dates.iter().map(|d| (d.date, d.disputed)).collect();
        let Err(Conflict { report, against }) = reports::combine(&dates) else {
            return;
        };
        let entry = &open.dates[report];
        let others: Vec<String> = against
            .iter()
            .map(|i| {
                let other = &open.dates[*i];
                let d = other.date.map(|d| d.to_string()).unwrap_or_default();
                format!("{d} in {}", other.file)
            })
            .collect();
        let date = entry.date.map(|d| d.to_string()).unwrap_or_default();
        let message = format!(
            "event {:?} is dated {date} here but {}: no day fits both; \
             mark the event `disputed = true` to keep both dates",
            e.id,
            others.join(" and ")
        );
        let error = match &entry.at {
            Some(at) => SeedError {
                message,
                ..at.clone()
            },
            None => SeedError::file(Path::new(&*entry.file), message),
        };
        self.push((REPORTS, log as usize, 2), vec![error]);
    }

    /// Every problem found, in report order.
    pub fn into_errors(mut self) -> Vec<SeedError> {
        self.errors.sort_by_key(|(key, _)| *key);
        self.errors.into_iter().map(|(_, e)| e).collect()
    }
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
        checker.define(i, parsed);
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
        None => parsed
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Record the people, organisations, places and events a file lists; report ids listed twice
/// in the file and statements that contradict another article's.
fn define_all(
    ctx: &mut Ctx,
    index: usize,
    file: &SeedFile,
    here: &Arc<str>,
    registry: &mut Registry,
) {
    // One namespace for every kind: a participant may be a person or an organisation, and an id
    // names one thing wherever it is used.
    let mut seen_here: HashMap<String, &'static str> = HashMap::new();
    let mut once =
        |ctx: &mut Ctx, registry: &Registry, id: &Spanned<String>, what: &'static str| {
            if let Some(prev) = seen_here.insert(id.get_ref().clone(), what) {
                let again = if prev == what {
                    String::new()
                } else {
                    format!(" (as {prev} and as {what})")
                };
                ctx.error(
                    id,
                    format!("id {:?} is defined twice in this file{again}", id.get_ref()),
                );
                return false;
            }
            if let Some((kind, file)) = registry.other_kind(id.get_ref(), what) {
                ctx.error(
                    id,
                    format!(
                        "id {:?} is already used for {kind} (in {})",
                        id.get_ref(),
                        file
                    ),
                );
                return false;
            }
            true
        };

    for p in &file.people {
        let p = p.get_ref();
        if once(ctx, registry, &p.id, "person") {
            let said = Statement {
                name: p.name.as_ref(),
                kind: None,
                parent: None,
            };
            merge(
                ctx,
                index,
                here,
                &mut registry.people,
                &p.id,
                said,
                "person",
            );
        }
    }
    for o in &file.organisations {
        let o = o.get_ref();
        if once(ctx, registry, &o.id, "organisation") {
            let said = Statement {
                name: o.name.as_ref(),
                kind: o.kind.as_ref(),
                parent: o.parent.as_ref(),
            };
            merge(
                ctx,
                index,
                here,
                &mut registry.organisations,
                &o.id,
                said,
                "organisation",
            );
        }
    }
    for p in &file.places {
        let p = p.get_ref();
        if once(ctx, registry, &p.id, "place") {
            let said = Statement {
                name: p.name.as_ref(),
                kind: None,
                parent: p.within.as_ref(),
            };
            merge(ctx, index, here, &mut registry.places, &p.id, said, "place");
        }
    }
    for e in &file.events {
        let e = e.get_ref();
        if !once(ctx, registry, &e.id, "event") {
            continue;
        }
        // Every article listing an event reports it: see `Checker::compare`.
        registry
            .events
            .entry(e.id.get_ref().clone())
            .or_insert_with(|| EventSlot {
                file: here.clone(),
                log: NO_LOG,
            });
    }
}

/// Merge what this article states of `id` into what other articles state of it: a name the
/// same once folded, the same kind and parent where both say; any field may be left out.
fn merge(
    ctx: &mut Ctx,
    index: usize,
    here: &Arc<str>,
    map: &mut HashMap<String, Definition>,
    id: &Spanned<String>,
    said: Statement,
    what: &str,
) {
    let key = id.get_ref();
    let def = map.entry(key.clone()).or_insert_with(|| Definition {
        name: None,
        kind: None,
        parent: None,
        file: here.clone(),
        count: 0,
        at: None,
    });
    def.count += 1;
    if def.at.is_none() {
        def.at = Some((
            index,
            SeedError::at(ctx.path, ctx.text, id.span(), String::new()),
        ));
    }
    let clean = |v: &Spanned<String>| v.get_ref().trim().to_string();
    if let Some(name) = said.name.filter(|n| !n.get_ref().trim().is_empty()) {
        let n = clean(name);
        if let Err((other, file)) = merge_field(&mut def.name, &n, here, merge::same_name, shown) {
            ctx.error(
                name,
                format!("{what} {key:?} is named {n:?} here but {other:?} in {file}"),
            );
        }
    }
    if let Some(kind) = said.kind.filter(|k| !k.get_ref().trim().is_empty()) {
        let k = clean(kind);
        if let Err((other, file)) = merge_field(&mut def.kind, &k, here, equal, keep) {
            ctx.error(
                kind,
                format!("{what} {key:?} has kind {k:?} here but {other:?} in {file}"),
            );
        }
    }
    if let Some(parent) = said.parent {
        let p = clean(parent);
        if let Err((other, file)) = merge_field(&mut def.parent, &p, here, equal, keep) {
            let message = if what == "place" {
                format!("place {key:?} lies within {p:?} here but within {other:?} in {file}")
            } else {
                format!("{what} {key:?} has parent {p:?} here but {other:?} in {file}")
            };
            ctx.error(parent, message);
        }
    }
}

/// The article's publication day; `published` must be a plain day.
fn published_day(ctx: &mut Ctx, s: &SourceDef) -> Option<NaiveDate> {
    match FuzzyDate::parse(s.published.get_ref()) {
        Ok(FuzzyDate::Single(p))
            if p.precision() == Precision::Day && !p.approximate && !p.uncertain =>
        {
            Some(p.first_day())
        }
        Ok(_) => {
            ctx.error(
                &s.published,
                format!(
                    "`published` must be a day, YYYY-MM-DD, not {:?}",
                    s.published.get_ref()
                ),
            );
            None
        }
        Err(e) => {
            ctx.error(&s.published, format!("`published`: {e}"));
            None
        }
    }
}

/// The date a report gives: explicit, or resolved from its `date_text` words against the
/// publication day; and whether it was resolved.
fn event_date(
    ctx: &mut Ctx,
    e: &EventDef,
    published: Option<NaiveDate>,
) -> (Option<FuzzyDate>, bool) {
    let date_text = e.date_text.as_ref().map(|t| t.get_ref().trim().to_string());
    let mut resolved = false;
    let date = match (&e.date, &date_text) {
        (Some(date), _) => match FuzzyDate::parse(date.get_ref()) {
            Ok(d) => Some(d),
            Err(err) => {
                ctx.error(date, format!("`date`: {err}"));
                None
            }
        },
        (None, Some(words)) if !words.is_empty() => match published {
            Some(p) => match relative::resolve(words, p) {
                Ok(d) => {
                    resolved = true;
                    Some(d)
                }
                Err(err) => {
                    let at = e.date_text.as_ref().expect("date_text is given");
                    ctx.error(at, format!("`date_text`: {err}"));
                    None
                }
            },
            None => None,
        },
        _ => None,
    };
    (date, resolved)
}

fn check_file(ctx: &mut Ctx, parsed: &Parsed, registry: &Registry) -> Article {
    let file = &parsed.file;
    let s = &file.source;
    let source_id = source_id_of(parsed);
    match &s.id {
        Some(id) => {
            ctx.slug("source", id);
        }
        None if !is_slug(&source_id) => ctx.errors.push(SeedError::file(
            ctx.path,
            format!(
                "the file name {source_id:?} is not a slug, so it cannot be the article's id: \
                 give `[source] id` or rename the file"
            ),
        )),
        None => {}
    }
    let published = published_day(ctx, s);
    if let Some(url) = &s.url {
        let u = url.get_ref();
        if crate::sanitize::web_url(u).is_none() {
            ctx.error(
                url,
                format!(
                    "`url` must be a web link (https:// or http://, a host, no spaces or control \
                     characters), not {u:?}"
                ),
            );
        }
    }
    let source = Source {
        id: source_id.clone(),
        title: ctx.non_empty("title", &s.title),
        publisher: ctx.non_empty("publisher", &s.publisher),
        published: published.unwrap_or_default(),
        url: s.url.as_ref().map(|u| u.get_ref().clone()),
        body: parsed.body.clone(),
    };

    let resolve_actor = |ctx: &mut Ctx, id: &Spanned<String>, what: &str| -> Option<Actor> {
        let found = registry.actor(id.get_ref());
        if found.is_none() {
            let hint = suggestion(
                id.get_ref(),
                registry.people.keys().chain(registry.organisations.keys()),
            );
            ctx.error(
                id,
                format!(
                    "unknown person or organisation id {:?} in {what}{hint}",
                    id.get_ref()
                ),
            );
        }
        found
    };
    fn resolve<V>(
        ctx: &mut Ctx,
        map: &HashMap<String, V>,
        id: &Spanned<String>,
        what: &str,
        used_in: &str,
    ) -> String {
        if !map.contains_key(id.get_ref()) {
            let hint = suggestion(id.get_ref(), map.keys());
            ctx.error(
                id,
                format!("unknown {what} id {:?} in {used_in}{hint}", id.get_ref()),
            );
        }
        id.get_ref().clone()
    }
    // An event id: this run's and the stored ones read in full, hinted from every stored one.
    let resolve_event = |ctx: &mut Ctx, id: &Spanned<String>, used_in: &str| -> String {
        if !registry.events.contains_key(id.get_ref()) {
            let hint = suggestion(
                id.get_ref(),
                registry.events.keys().chain(registry.event_hints.iter()),
            );
            ctx.error(
                id,
                format!("unknown event id {:?} in {used_in}{hint}", id.get_ref()),
            );
        }
        id.get_ref().clone()
    };
    let mut people = Vec::new();
    for p in &file.people {
        let p = p.get_ref();
        let roles =
            p.roles
                .iter()
                .map(|r| {
                    let org = r.organisation.as_ref().map(|o| {
                        resolve(ctx, &registry.organisations, o, "organisation", "a role")
                    });
                    (ctx.non_empty("title", &r.title), org)
                })
                .collect();
        people.push(Person {
            id: ctx.slug("person", &p.id),
            name: p.name.as_ref().map(|n| ctx.non_empty("name", n)),
            aliases: aliases(ctx, &p.aliases),
            roles,
            sole: false,
        });
    }

    let mut organisations = Vec::new();
    for o in &file.organisations {
        let o = o.get_ref();
        let parent = o.parent.as_ref().map(|p| {
            if p.get_ref() == o.id.get_ref() {
                ctx.error(p, "an organisation cannot be its own parent");
            }
            resolve(ctx, &registry.organisations, p, "organisation", "`parent`")
        });
        organisations.push(Organisation {
            id: ctx.slug("organisation", &o.id),
            name: o.name.as_ref().map(|n| ctx.non_empty("name", n)),
            aliases: aliases(ctx, &o.aliases),
            kind: o
                .kind
                .as_ref()
                .map(|k| {
                    ctx.limited("kind", k.get_ref(), k.span());
                    k.get_ref().trim().to_string()
                })
                .filter(|k| !k.is_empty()),
            parent,
            sole: false,
        });
    }

    let mut places = Vec::new();
    for p in &file.places {
        let p = p.get_ref();
        let within = p.within.as_ref().map(|w| {
            if w.get_ref() == p.id.get_ref() {
                ctx.error(w, "a place cannot lie within itself");
            }
            resolve(ctx, &registry.places, w, "place", "`within`")
        });
        places.push(Place {
            id: ctx.slug("place", &p.id),
            name: p.name.as_ref().map(|n| ctx.non_empty("name", n)),
            aliases: aliases(ctx, &p.aliases),
            within,
            sole: false,
        });
    }

    let mut events = Vec::new();
    for e in &file.events {
        let e = e.get_ref();
        let id = ctx.slug("event", &e.id);
        if let Some(t) = &e.date_text {
            ctx.limited("date_text", t.get_ref(), t.span());
        }
        let date_text = e.date_text.as_ref().map(|t| t.get_ref().trim().to_string());
        let (date, resolved) = event_date(ctx, e, published);
        if let (Some(d), Some(p)) = (&date, published) {
            if d.earliest().is_some_and(|first| first > p) && !e.expected {
                let at = match (&e.date, &e.date_text) {
                    (Some(at), _) | (None, Some(at)) => at.span(),
                    (None, None) => e.id.span(),
                };
                let how = if resolved { "resolves to" } else { "is dated" };
                ctx.errors.push(SeedError::at(
                    ctx.path,
                    ctx.text,
                    at,
                    format!(
                        "event {id:?} {how} {d}, after its article was published ({p}); \
                         mark it `expected = true` if it was planned"
                    ),
                ));
            }
        }
        let place = e
            .place
            .as_ref()
            .map(|p| resolve(ctx, &registry.places, p, "place", "`place`"));
        let mut participants: Vec<(Actor, Option<String>)> = Vec::new();
        for part in &e.participants {
            if let Some(actor) = resolve_actor(ctx, &part.id, "`participants`") {
                if participants.iter().any(|(a, _)| *a == actor) {
                    ctx.error(
                        &part.id,
                        format!("{:?} is listed twice as a participant", part.id.get_ref()),
                    );
                    continue;
                }
                let role = part
                    .role
                    .as_ref()
                    .map(|r| {
                        ctx.limited("role", r, part.id.span());
                        r.trim().to_string()
                    })
                    .filter(|r| !r.is_empty());
                participants.push((actor, role));
            }
        }
        events.push(Event {
            id,
            date,
            date_text: date_text.filter(|t| !t.is_empty()),
            resolved,
            disputed: e.disputed,
            kind: e.kind.as_ref().map(|k| ctx.non_empty("kind", k)),
            title: e.title.as_ref().map(|t| ctx.non_empty("title", t)),
            summary: clean(&e.summary.as_ref().map(|s| {
                ctx.limited("summary", s.get_ref(), s.span());
                s.get_ref().clone()
            })),
            place,
            participants,
            expected: e.expected,
            sole: false,
        });
    }

    let mut figures = Vec::new();
    let keys: HashSet<&str> = file
        .figures
        .iter()
        .filter_map(|f| f.get_ref().key.as_ref().map(|k| k.get_ref().as_str()))
        .collect();
    let mut keys_seen = HashSet::new();
    for f in &file.figures {
        let fs = f;
        let f = f.get_ref();
        let event = resolve_event(ctx, &f.event, "a figure");
        match (&f.value, &f.low, &f.high) {
            (Some(_), None, None) => {}
            (None, Some(low), Some(high)) => {
                if low.get_ref().as_f64() > high.get_ref().as_f64() {
                    ctx.error(low, "a figure's `low` must not be greater than its `high`");
                }
            }
            (Some(v), _, _) => ctx.error(
                v,
                "a figure has either `value` or `low` and `high`, not both",
            ),
            (None, _, _) => ctx.error(fs, "a figure needs `value`, or both `low` and `high`"),
        }
        figures.push(Figure {
            event,
            value: f.value.as_ref().map(|v| *v.get_ref()),
            low: f.low.as_ref().map(|v| *v.get_ref()),
            high: f.high.as_ref().map(|v| *v.get_ref()),
            qualifier: f.qualifier,
            unit: ctx.non_empty("unit", &f.unit),
            measure: ctx.non_empty("measure", &f.measure),
            about: f
                .about
                .as_ref()
                .and_then(|a| resolve_actor(ctx, a, "`about`")),
            claimed_by: f
                .claimed_by
                .as_ref()
                .and_then(|a| resolve_actor(ctx, a, "`claimed_by`")),
            text: clean(&f.text.as_ref().map(|t| {
                ctx.limited("figure text", t, fs.span());
                t.clone()
            })),
            key: f.key.as_ref().map(|k| {
                ctx.slug("figure", k);
                if !keys_seen.insert(k.get_ref().as_str()) {
                    ctx.error(
                        k,
                        format!("figure key {:?} is used twice in this file", k.get_ref()),
                    );
                }
                k.get_ref().clone()
            }),
            part_of: f.part_of.as_ref().map(|p| {
                if !keys.contains(p.get_ref().as_str()) {
                    ctx.error(
                        p,
                        format!(
                            "`part_of` names figure key {:?}, which no figure of this file has",
                            p.get_ref()
                        ),
                    );
                } else if f.key.as_ref().is_some_and(|k| k.get_ref() == p.get_ref()) {
                    ctx.error(p, "a figure cannot be part of itself");
                }
                p.get_ref().clone()
            }),
        });
    }

    let folded_body = parsed.body.as_deref().map(fold_for_quote);
    let mut quotes = Vec::new();
    for q in &file.quotes {
        let q = q.get_ref();
        let text = ctx.non_empty("text", &q.text);
        if let Some(body) = &folded_body {
            if !text.is_empty() && !body.contains(&fold_for_quote(&text)) {
                ctx.error(
                    &q.text,
                    "this quote does not appear verbatim in the article's text",
                );
            }
        }
        let speaker = resolve_actor(ctx, &q.speaker, "`speaker`");
        let event = q.event.as_ref().map(|e| resolve_event(ctx, e, "a quote"));
        if let Some(speaker) = speaker {
            quotes.push(Quote {
                speaker,
                event,
                text,
            });
        }
    }

    Article {
        file: parsed.path.clone(),
        hash: parsed.hash.clone(),
        source,
        people,
        organisations,
        places,
        events,
        figures,
        quotes,
    }
}

fn aliases(ctx: &mut Ctx, list: &[Spanned<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in list {
        let v = ctx.non_empty("alias", a);
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["nato", "2023-05-attack", "a", "kfor-2"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "Nato", "a_b", "a b", "é", "a.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn quotes_fold_typography_and_space() {
        assert_eq!(
            fold_for_quote("“It is  becoming\n more” — he said’s"),
            "\"It is becoming more\" - he said's"
        );
    }

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["aleksandar-vucic".to_string(), "nato".to_string()];
        assert_eq!(
            suggestion("aleksandar-vucich", ids.iter()),
            " (did you mean \"aleksandar-vucic\"?)"
        );
        assert_eq!(suggestion("kfor", ids.iter()), "");
    }
}
