//! Every id a run knows of, and what the articles state of each person, organisation and
//! place, merged across articles (stored and in this run) by the rules of [`merge`]. The first
//! pass fills it file by file ([`define_all`]); the second reads it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use toml::Spanned;

use super::super::article::Actor;
use super::super::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use super::super::error::SeedError;
use super::super::merge;
use super::super::model::SeedFile;
use super::super::stored::{Known, KnownEntity};
use super::fields::Ctx;
use super::NO_LOG;

/// A field as the articles state it: the merged value, and a file of an article stating it.
pub(super) type Stated = Option<(String, Arc<str>)>;

/// A person, organisation or place as the articles listing it state it, merged.
#[derive(Debug, Clone)]
pub(super) struct Definition {
    pub(super) name: Stated,
    /// An organisation's kind.
    pub(super) kind: Stated,
    /// An organisation's parent, or the place a place lies within.
    pub(super) parent: Stated,
    /// A file listing it, for messages.
    pub(super) file: Arc<str>,
    /// How many articles list it, stored and in this run.
    pub(super) count: u32,
    /// Where this run first lists it (file index, and an error located at its id whose message
    /// is still to be written), for what only all articles together show.
    pub(super) at: Option<(usize, SeedError)>,
}

/// What one article states of a person, organisation or place.
pub(super) struct Statement<'a> {
    pub(super) name: Option<&'a Spanned<String>>,
    pub(super) kind: Option<&'a Spanned<String>>,
    pub(super) parent: Option<&'a Spanned<String>>,
}

/// Every id defined so far: by earlier files of this run, or in the database.
#[derive(Default, Clone)]
pub(super) struct Registry {
    pub(super) people: HashMap<String, Definition>,
    pub(super) organisations: HashMap<String, Definition>,
    pub(super) places: HashMap<String, Definition>,
    pub(super) events: HashMap<String, EventSlot>,
    /// Stored event ids for hints only (see [`Known::event_hints`]).
    pub(super) event_hints: Arc<Vec<String>>,
}

/// An event id: a file that reports it, and its log when this run reports it.
#[derive(Debug, Clone)]
pub(super) struct EventSlot {
    pub(super) file: Arc<str>,
    pub(super) log: u32,
}

/// The most links followed up a chain of `within` or `parent` links.
pub(super) const MAX_DEPTH: usize = 64;

/// Merge a stated field into what is known of it: `Err` with the other value and its file when
/// they differ (`same` says whether two values agree; `pick` which of two agreeing ones to keep).
pub(super) fn merge_field(
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

pub(super) fn equal(a: &str, b: &str) -> bool {
    a == b
}

/// Of two agreeing values, the one met first stays.
pub(super) fn first_stays(_: &str, _: &str) -> bool {
    false
}

/// Whether `a` is the form of a name the record shows rather than `b`.
pub(super) fn shown(a: &str, b: &str) -> bool {
    merge::preferred_name(a, b) == a
}

impl Registry {
    /// What the database holds, leaving out what `replaced` articles stated: they are being
    /// loaded again (or pruned), so their old facts do not count.
    pub(super) fn from_known(known: &Known, replaced: &HashSet<String>) -> Registry {
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
                            let _ = merge_field(&mut def.kind, v, &file, equal, first_stays);
                        }
                        if let Some(v) = &k.parent {
                            let _ = merge_field(&mut def.parent, v, &file, equal, first_stays);
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
    pub(super) fn within(&self, id: &str) -> Option<&str> {
        self.places
            .get(id)
            .and_then(|d| d.parent.as_ref())
            .map(|(p, _)| p.as_str())
    }

    /// The kind of `id` and the file defining it, when it names something other than a `what`.
    pub(super) fn other_kind(&self, id: &str, what: &str) -> Option<(&'static str, &str)> {
        self.entities()
            .into_iter()
            .filter(|(kind, _)| kind.name != what)
            .find_map(|(kind, map)| map.get(id).map(|d| (kind.label, &*d.file)))
            .or_else(|| {
                let slot = self.events.get(id).filter(|_| what != "event")?;
                Some(("an event", &*slot.file))
            })
    }

    /// Each kind of listed thing with what the articles state of each of its ids.
    pub(super) fn entities(&self) -> [(&'static EntityKind, &HashMap<String, Definition>); 3] {
        [
            (&PERSON, &self.people),
            (&ORGANISATION, &self.organisations),
            (&PLACE, &self.places),
        ]
    }

    fn definitions_mut(&mut self, kind: &EntityKind) -> &mut HashMap<String, Definition> {
        match kind.name {
            "person" => &mut self.people,
            "organisation" => &mut self.organisations,
            _ => &mut self.places,
        }
    }

    pub(super) fn actor(&self, id: &str) -> Option<Actor> {
        if self.people.contains_key(id) {
            Some(Actor::Person(id.to_string()))
        } else if self.organisations.contains_key(id) {
            Some(Actor::Organisation(id.to_string()))
        } else {
            None
        }
    }
}

/// Record the people, organisations, places and events a file lists; report ids listed twice
/// in the file and statements that contradict another article's.
pub(super) fn define_all(
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

    for (kind, statements) in statements(file) {
        for (id, said) in statements {
            if once(ctx, registry, id, kind.name) {
                let map = registry.definitions_mut(kind);
                merge_statement(ctx, index, here, map, id, said, kind.name);
            }
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

/// Each id a file lists of one kind, with what the file states of it.
type Statements<'a> = Vec<(&'a Spanned<String>, Statement<'a>)>;

/// What a file states of each person, organisation and place it lists, kind by kind in the order
/// of the format.
fn statements(file: &SeedFile) -> [(&'static EntityKind, Statements<'_>); 3] {
    let people = file.people.iter().map(|p| {
        let p = p.get_ref();
        let said = Statement {
            name: p.name.as_ref(),
            kind: None,
            parent: None,
        };
        (&p.id, said)
    });
    let organisations = file.organisations.iter().map(|o| {
        let o = o.get_ref();
        let said = Statement {
            name: o.name.as_ref(),
            kind: o.kind.as_ref(),
            parent: o.parent.as_ref(),
        };
        (&o.id, said)
    });
    let places = file.places.iter().map(|p| {
        let p = p.get_ref();
        let said = Statement {
            name: p.name.as_ref(),
            kind: None,
            parent: p.within.as_ref(),
        };
        (&p.id, said)
    });
    [
        (&PERSON, people.collect()),
        (&ORGANISATION, organisations.collect()),
        (&PLACE, places.collect()),
    ]
}

/// Merge what this article states of `id` into what other articles state of it: a name the
/// same once folded, the same kind and parent where both say; any field may be left out.
fn merge_statement(
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
        def.at = Some((index, ctx.locate(id.span(), String::new())));
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
        if let Err((other, file)) = merge_field(&mut def.kind, &k, here, equal, first_stays) {
            ctx.error(
                kind,
                format!("{what} {key:?} has kind {k:?} here but {other:?} in {file}"),
            );
        }
    }
    if let Some(parent) = said.parent {
        let p = clean(parent);
        if let Err((other, file)) = merge_field(&mut def.parent, &p, here, equal, first_stays) {
            let message = if what == "place" {
                format!("place {key:?} lies within {p:?} here but within {other:?} in {file}")
            } else {
                format!("{what} {key:?} has parent {p:?} here but {other:?} in {file}")
            };
            ctx.error(parent, message);
        }
    }
}
