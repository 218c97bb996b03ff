//! Checking parsed seed files against each other and against what the database already holds,
//! and turning them into [`Article`]s ready to write. Pure: no I/O here; every problem found is
//! reported, not just the first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;

use super::error::SeedError;
use super::model::{Number, Qualifier, SeedFile};
use super::reports::{self, Conflict};
use crate::date::{FuzzyDate, Precision};
use crate::resolve as relative;

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
}

/// An id the database holds: its name, parent (organisations only), and an article defining it.
#[derive(Debug, Clone)]
pub struct KnownEntity {
    pub name: String,
    pub parent: Option<String>,
    pub source_id: String,
    /// The seed file of that article, for messages.
    pub file: String,
}

/// An event the database holds, as its defining article gave it, with every report of it.
#[derive(Debug, Clone)]
pub struct KnownEvent {
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub source_id: String,
    pub file: String,
    pub reports: Vec<KnownReport>,
}

/// One article's report of an event, as stored: the date it gave (if any).
#[derive(Debug, Clone)]
pub struct KnownReport {
    pub source_id: String,
    pub file: String,
    pub date: Option<FuzzyDate>,
    pub disputed: bool,
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
    pub name: String,
    pub aliases: Vec<String>,
    pub roles: Vec<(String, Option<String>)>,
}

#[derive(Debug)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
}

#[derive(Debug)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// One article's `[[events]]` entry: a report of the event, and its definition when this
/// article is the one that defines it (the first to report it).
#[derive(Debug)]
pub struct Event {
    pub id: String,
    /// Whether this article defines the event (its kind, title, summary, place are the event's).
    pub defines: bool,
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
}

#[derive(Debug)]
pub struct Quote {
    pub speaker: Actor,
    pub event: Option<String>,
    pub text: String,
}

/// Whether `s` is an id: lowercase letters, digits and '-', starting with a letter or digit.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Where an id was defined in this run.
#[derive(Debug, Clone)]
struct Definition {
    name: String,
    parent: Option<String>,
    file: String,
    source_id: String,
}

/// Every id defined so far: by earlier files of this run, or in the database.
#[derive(Default)]
struct Registry {
    people: HashMap<String, Definition>,
    organisations: HashMap<String, Definition>,
    places: HashMap<String, Definition>,
    events: HashMap<String, Definition>,
}

impl Registry {
    /// What the database holds, leaving out what `replaced` articles stated: they are being
    /// loaded again (or pruned), so their old facts do not count.
    fn from_known(known: &Known, replaced: &HashSet<String>) -> Registry {
        let convert = |m: &HashMap<String, Vec<KnownEntity>>| {
            m.iter()
                .filter_map(|(id, defs)| {
                    let k = defs.iter().find(|k| !replaced.contains(&k.source_id))?;
                    let def = Definition {
                        name: k.name.clone(),
                        parent: k.parent.clone(),
                        file: k.file.clone(),
                        source_id: k.source_id.clone(),
                    };
                    Some((id.clone(), def))
                })
                .collect()
        };
        let events = known
            .events
            .iter()
            .filter(|(_, e)| live(e, replaced))
            .map(|(id, e)| {
                let def = Definition {
                    name: e.title.clone(),
                    parent: None,
                    file: e.file.clone(),
                    source_id: e.source_id.clone(),
                };
                (id.clone(), def)
            })
            .collect();
        Registry {
            people: convert(&known.people),
            organisations: convert(&known.organisations),
            places: convert(&known.places),
            events,
        }
    }

    /// The kind and definition of `id` when it names something other than a `what`.
    fn other_kind(&self, id: &str, what: &str) -> Option<(&'static str, &Definition)> {
        [
            ("a person", "person", &self.people),
            ("an organisation", "organisation", &self.organisations),
            ("a place", "place", &self.places),
            ("an event", "event", &self.events),
        ]
        .into_iter()
        .filter(|(_, kind, _)| *kind != what)
        .find_map(|(label, _, map)| map.get(id).map(|d| (label, d)))
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

    /// A required text field: present (serde saw to that) and not blank.
    fn non_empty(&mut self, field: &str, value: &Spanned<String>) -> String {
        let v = value.get_ref().trim();
        if v.is_empty() {
            self.error(value, format!("`{field}` must not be empty"));
        }
        v.to_string()
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

/// Check every parsed file, in order, against each other and the database. `pruned` names the
/// stored articles whose facts this run removes.
pub fn check(
    files: Vec<Parsed>,
    known: &Known,
    pruned: &[String],
) -> Result<Vec<Article>, Vec<SeedError>> {
    let mut errors = Vec::new();
    let replaced: HashSet<String> = files
        .iter()
        .map(source_id_of)
        .chain(pruned.iter().cloned())
        .collect();
    let mut registry = Registry::from_known(known, &replaced);
    let mut source_ids: HashMap<String, String> = HashMap::new();

    // First pass: every definition, so that references may point forward or across files.
    for parsed in &files {
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
            errors: &mut errors,
        };
        let source_id = source_id_of(parsed);
        if let Some(first) = source_ids.insert(source_id.clone(), display_path(&parsed.path)) {
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
        define_all(&mut ctx, &parsed.file, &source_id, &mut registry);
    }

    let mut articles = Vec::new();
    for parsed in &files {
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
            errors: &mut errors,
        };
        if let Some(e) = &parsed.body_error {
            ctx.errors.push(e.clone());
        }
        let article = check_file(&mut ctx, parsed, &registry);
        articles.push(article);
    }
    check_events(&files, &mut articles, known, &replaced, &mut errors);
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

/// Record the people, organisations, places and events a file defines; report ids defined twice
/// in the file and definitions that contradict an earlier one.
fn define_all(ctx: &mut Ctx, file: &SeedFile, source_id: &str, registry: &mut Registry) {
    let here = display_path(ctx.path);
    let def = |name: &str, parent: Option<String>| Definition {
        name: name.trim().to_string(),
        parent,
        file: here.clone(),
        source_id: source_id.to_string(),
    };

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
            if let Some((kind, def)) = registry.other_kind(id.get_ref(), what) {
                ctx.error(
                    id,
                    format!(
                        "id {:?} is already used for {kind} (in {})",
                        id.get_ref(),
                        def.file
                    ),
                );
                return false;
            }
            true
        };

    for p in &file.people {
        let p = p.get_ref();
        if !once(ctx, registry, &p.id, "person") {
            continue;
        }
        merge(
            ctx,
            &mut registry.people,
            &p.id,
            def(p.name.get_ref(), None),
            "person",
        );
    }
    for o in &file.organisations {
        let o = o.get_ref();
        if !once(ctx, registry, &o.id, "organisation") {
            continue;
        }
        let parent = o.parent.as_ref().map(|p| p.get_ref().clone());
        merge(
            ctx,
            &mut registry.organisations,
            &o.id,
            def(o.name.get_ref(), parent),
            "organisation",
        );
    }
    for p in &file.places {
        let p = p.get_ref();
        if once(ctx, registry, &p.id, "place") {
            merge(
                ctx,
                &mut registry.places,
                &p.id,
                def(p.name.get_ref(), None),
                "place",
            );
        }
    }
    for e in &file.events {
        let e = e.get_ref();
        if !once(ctx, registry, &e.id, "event") {
            continue;
        }
        // A second article listing an event reports it: checked in `check_events`.
        let title = e.title.as_ref().map_or("", |t| t.get_ref());
        registry
            .events
            .entry(e.id.get_ref().clone())
            .or_insert_with(|| def(title, None));
    }
}

/// Define `id`, or check it agrees with an earlier definition from another article: the same
/// name (and parent, for organisations). The same article may redefine its own ids freely (it is
/// being loaded again).
fn merge(
    ctx: &mut Ctx,
    map: &mut HashMap<String, Definition>,
    id: &Spanned<String>,
    new: Definition,
    what: &str,
) {
    let key = id.get_ref();
    match map.get(key) {
        Some(prev) if prev.source_id != new.source_id => {
            if prev.name != new.name {
                ctx.error(
                    id,
                    format!(
                        "{what} {key:?} is named {:?} here but {:?} in {}",
                        new.name, prev.name, prev.file
                    ),
                );
            } else if what == "organisation" && new.parent.is_some() && prev.parent != new.parent {
                ctx.error(
                    id,
                    format!(
                        "organisation {key:?} has parent {:?} here but {:?} in {}",
                        new.parent.unwrap_or_default(),
                        prev.parent.clone().unwrap_or_default(),
                        prev.file
                    ),
                );
            }
        }
        _ => {
            map.insert(key.clone(), new);
        }
    }
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
    let published = match FuzzyDate::parse(s.published.get_ref()) {
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
    };
    if let Some(url) = &s.url {
        let u = url.get_ref();
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            ctx.error(
                url,
                format!("`url` must start with https:// or http://, not {u:?}"),
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
    let resolve = |ctx: &mut Ctx,
                   map: &HashMap<String, Definition>,
                   id: &Spanned<String>,
                   what: &str,
                   used_in: &str|
     -> String {
        if !map.contains_key(id.get_ref()) {
            let hint = suggestion(id.get_ref(), map.keys());
            ctx.error(
                id,
                format!("unknown {what} id {:?} in {used_in}{hint}", id.get_ref()),
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
            name: ctx.non_empty("name", &p.name),
            aliases: aliases(ctx, &p.aliases),
            roles,
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
            name: ctx.non_empty("name", &o.name),
            aliases: aliases(ctx, &o.aliases),
            kind: o
                .kind
                .as_ref()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
            parent,
        });
    }

    let mut places = Vec::new();
    for p in &file.places {
        let p = p.get_ref();
        places.push(Place {
            id: ctx.slug("place", &p.id),
            name: ctx.non_empty("name", &p.name),
            aliases: aliases(ctx, &p.aliases),
        });
    }

    let mut events = Vec::new();
    for e in &file.events {
        let e = e.get_ref();
        let id = ctx.slug("event", &e.id);
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
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty());
                participants.push((actor, role));
            }
        }
        events.push(Event {
            id,
            defines: false,
            date,
            date_text: date_text.filter(|t| !t.is_empty()),
            resolved,
            disputed: e.disputed,
            kind: e.kind.as_ref().map(|k| ctx.non_empty("kind", k)),
            title: e.title.as_ref().map(|t| ctx.non_empty("title", t)),
            summary: clean(&e.summary),
            place,
            participants,
            expected: e.expected,
        });
    }

    let mut figures = Vec::new();
    for f in &file.figures {
        let fs = f;
        let f = f.get_ref();
        let event = resolve(ctx, &registry.events, &f.event, "event", "a figure");
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
            text: clean(&f.text),
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
        let event = q
            .event
            .as_ref()
            .map(|e| resolve(ctx, &registry.events, e, "event", "a quote"));
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

/// One report of an event in this run or the database, for combining them.
struct Entry<'a> {
    /// (file index, event index) for a report in this run; `None` for a stored one.
    at: Option<(usize, usize)>,
    file: String,
    date: Option<FuzzyDate>,
    disputed: bool,
    kind: Option<&'a str>,
    title: Option<&'a str>,
    summary: Option<&'a str>,
    place: Option<&'a str>,
}

/// One event, many reports: the first report (stored, or in file order) defines the event and
/// needs its `kind`, `title` and a date; later reports may repeat those fields, which must agree;
/// their dates must fit together (see [`reports::combine`]) unless one marks the event disputed.
fn check_events(
    files: &[Parsed],
    articles: &mut [Article],
    known: &Known,
    replaced: &HashSet<String>,
    errors: &mut Vec<SeedError>,
) {
    let mut order: Vec<&str> = Vec::new();
    let mut entries: HashMap<&str, Vec<Entry>> = HashMap::new();
    for (fi, article) in articles.iter().enumerate() {
        for (ei, e) in article.events.iter().enumerate() {
            let list = entries.entry(e.id.as_str()).or_insert_with(|| {
                order.push(e.id.as_str());
                stored_entries(known.events.get(&e.id), replaced)
            });
            list.push(Entry {
                at: Some((fi, ei)),
                file: display_path(&article.file),
                date: e.date,
                disputed: e.disputed,
                kind: e.kind.as_deref(),
                title: e.title.as_deref(),
                summary: e.summary.as_deref(),
                place: e.place.as_deref(),
            });
        }
    }
    let mut defining = Vec::new();
    for id in order {
        let list = &entries[id];
        // The stored definition, unless its article is being loaded again (then the first
        // report in this run defines the event); stored reports before it only date it.
        let Some(d) = list.iter().position(|e| e.at.is_some() || e.kind.is_some()) else {
            continue;
        };
        let first = &list[d];
        if let Some((fi, ei)) = first.at {
            let def = files[fi].file.events[ei].get_ref();
            let mut ctx = Ctx {
                path: &files[fi].path,
                text: &files[fi].text,
                errors: &mut *errors,
            };
            for (field, missing) in [
                ("kind", def.kind.is_none()),
                ("title", def.title.is_none()),
                ("date", def.date.is_none() && def.date_text.is_none()),
            ] {
                if missing {
                    ctx.error(
                        &def.id,
                        format!(
                            "event {id:?} is defined here (no other article reports it), so it \
                             needs `{field}`{}",
                            if field == "date" {
                                " (or `date_text` words to resolve)"
                            } else {
                                ""
                            }
                        ),
                    );
                }
            }
            defining.push((fi, ei));
        }
        for entry in &list[d + 1..] {
            let Some((fi, ei)) = entry.at else { continue };
            let def = files[fi].file.events[ei].get_ref();
            let ctx = Ctx {
                path: &files[fi].path,
                text: &files[fi].text,
                errors: &mut *errors,
            };
            let checks = [
                (
                    "kind",
                    entry.kind,
                    first.kind,
                    def.kind.as_ref().map(|k| k.span()),
                ),
                (
                    "title",
                    entry.title,
                    first.title,
                    def.title.as_ref().map(|k| k.span()),
                ),
                ("summary", entry.summary, first.summary, None),
                (
                    "place",
                    entry.place,
                    first.place,
                    def.place.as_ref().map(|k| k.span()),
                ),
            ];
            for (field, here, there, span) in checks {
                if let (Some(here), Some(there)) = (here, there) {
                    if here != there {
                        ctx.errors.push(SeedError::at(
                            ctx.path,
                            ctx.text,
                            span.unwrap_or(def.id.span()),
                            format!(
                                "event {id:?} has `{field}` {here:?} here but {there:?} in {}; \
                                 a report may leave it out, but must not contradict it",
                                first.file
                            ),
                        ));
                    }
                }
            }
        }
        let dates: Vec<(Option<FuzzyDate>, bool)> =
            list.iter().map(|e| (e.date, e.disputed)).collect();
        if let Err(Conflict { report, against }) = reports::combine(&dates) {
            let entry = &list[report];
            let others: Vec<String> = against
                .iter()
                .map(|i| {
                    let d = list[*i].date.map(|d| d.to_string()).unwrap_or_default();
                    format!("{d} in {}", list[*i].file)
                })
                .collect();
            let here = entry.date.map(|d| d.to_string()).unwrap_or_default();
            let message = format!(
                "event {id:?} is dated {here} here but {}: no day fits both; \
                 mark the event `disputed = true` to keep both dates",
                others.join(" and ")
            );
            match entry.at {
                Some((fi, ei)) => {
                    let def = files[fi].file.events[ei].get_ref();
                    let span = match (&def.date, &def.date_text) {
                        (Some(at), _) | (None, Some(at)) => at.span(),
                        (None, None) => def.id.span(),
                    };
                    errors.push(SeedError::at(
                        &files[fi].path,
                        &files[fi].text,
                        span,
                        message,
                    ));
                }
                None => errors.push(SeedError::file(Path::new(&entry.file), message)),
            }
        }
    }
    for (fi, ei) in defining {
        articles[fi].events[ei].defines = true;
    }
}

/// The stored reports of an event that this run does not replace, its stored definition first
/// (when the defining article is not replaced either).
fn stored_entries<'a>(known: Option<&'a KnownEvent>, replaced: &HashSet<String>) -> Vec<Entry<'a>> {
    let Some(k) = known.filter(|k| live(k, replaced)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !replaced.contains(&k.source_id) {
        out.push(Entry {
            at: None,
            file: k.file.clone(),
            date: None,
            disputed: false,
            kind: Some(&k.kind),
            title: Some(&k.title),
            summary: k.summary.as_deref(),
            place: k.place.as_deref(),
        });
    }
    for r in k
        .reports
        .iter()
        .filter(|r| !replaced.contains(&r.source_id))
    {
        out.push(Entry {
            at: None,
            file: r.file.clone(),
            date: r.date,
            disputed: r.disputed,
            kind: None,
            title: None,
            summary: None,
            place: None,
        });
    }
    out
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
