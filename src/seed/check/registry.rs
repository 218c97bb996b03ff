//! Every id a run knows of, and what the listings of each person, organisation and place state,
//! merged across articles (stored and in this run) by the rules of
//! [`merge`](super::super::merge). The first pass fills it file by file ([`note_listings`]);
//! the second reads it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use toml::Spanned;

use super::super::article::Actor;
use super::super::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use super::super::error::SeedError;
use super::super::merge::{EntityField, EntityMerge, Origin, Statement};
use super::super::model::SeedFile;
use super::super::stored::{Known, KnownListing};
use super::fields::Ctx;
use super::NO_LOG;
use crate::geo::Extent;

/// A person, organisation or place as the articles listing it state it, merged.
#[derive(Debug, Clone)]
pub(super) struct Listed {
    /// What the articles state of it, merged by the rules of [`merge`], each value with the
    /// file that stated it.
    pub(super) merged: EntityMerge<Arc<str>>,
    /// A file listing it, for messages.
    pub(super) file: Arc<str>,
    /// How many files of this run list it.
    pub(super) listings: u32,
    /// Where this run first lists it, for what only all articles together show.
    pub(super) at: Option<FirstListing>,
    /// A place's coordinates as each article gives them, with the file that gives them.
    pub(super) extents: Vec<(Extent, Arc<str>)>,
}

/// Where a run first lists an id: the file's index, and an error located at the id whose
/// message is still to be written.
#[derive(Debug, Clone)]
pub(super) struct FirstListing {
    pub(super) index: usize,
    pub(super) at: SeedError,
}

impl Listed {
    fn new(file: Arc<str>) -> Listed {
        Listed {
            merged: EntityMerge::default(),
            file,
            listings: 0,
            at: None,
            extents: Vec::new(),
        }
    }
}

/// What one article states of a person, organisation or place, as written.
pub(super) struct Said<'a> {
    pub(super) name: Option<&'a Spanned<String>>,
    /// An organisation's kind.
    pub(super) org_kind: Option<&'a Spanned<String>>,
    pub(super) parent: Option<&'a Spanned<String>>,
    pub(super) wikidata: Option<&'a Spanned<String>>,
    pub(super) geonames: Option<&'a Spanned<i64>>,
    /// A place's coordinates, when they pass the file's checks.
    pub(super) extent: Option<Extent>,
}

/// Every id listed so far: by earlier files of this run, or in the database.
#[derive(Default, Clone)]
pub(super) struct Registry {
    pub(super) people: HashMap<String, Listed>,
    pub(super) organisations: HashMap<String, Listed>,
    pub(super) places: HashMap<String, Listed>,
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

impl Registry {
    /// What the database holds, leaving out what `replaced` articles stated: they are being
    /// loaded again (or pruned), so their old facts do not count.
    pub(super) fn from_known(known: &Known, replaced: &HashSet<String>) -> Registry {
        let convert = |m: &HashMap<String, Vec<KnownListing>>| {
            m.iter()
                .filter_map(|(id, defs)| {
                    let mut live = defs.iter().filter(|k| !replaced.contains(&k.source_id));
                    let first = live.next()?;
                    let mut def = Listed::new(first.file.as_str().into());
                    for k in std::iter::once(first).chain(live) {
                        // Stored statements were merged when they were loaded: they agree.
                        def.merged.add(&k.statement(), &k.file.as_str().into());
                        if let Some(e) = k.extent() {
                            def.extents.push((e, k.file.as_str().into()));
                        }
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
        self.places.get(id).and_then(|d| d.merged.parent())
    }

    /// The kind of `id` and a file listing it, when it names something other than a `what`.
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
    pub(super) fn entities(&self) -> [(&'static EntityKind, &HashMap<String, Listed>); 3] {
        [
            (&PERSON, &self.people),
            (&ORGANISATION, &self.organisations),
            (&PLACE, &self.places),
        ]
    }

    /// What the articles state of each id of `kind`.
    pub(super) fn listed(&self, kind: &EntityKind) -> &HashMap<String, Listed> {
        match kind.name {
            "person" => &self.people,
            "organisation" => &self.organisations,
            _ => &self.places,
        }
    }

    fn listed_mut(&mut self, kind: &EntityKind) -> &mut HashMap<String, Listed> {
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

/// The file a run reads statements from: its index among the run's files, its name for
/// messages, and its article.
pub(super) struct StatedIn<'a> {
    pub(super) index: usize,
    pub(super) file: &'a Arc<str>,
    pub(super) origin: &'a Origin,
}

/// Record the people, organisations, places and events a file lists; report ids listed twice
/// in the file and statements that contradict another article's.
pub(super) fn note_listings(
    ctx: &mut Ctx,
    file: &SeedFile,
    from: &StatedIn,
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
                let map = registry.listed_mut(kind);
                merge_listing(ctx, from, map, id, said, kind.name);
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
                file: from.file.clone(),
                log: NO_LOG,
            });
    }
}

/// Each id a file lists of one kind, with what the file states of it.
type Statements<'a> = Vec<(&'a Spanned<String>, Said<'a>)>;

/// What a file states of each person, organisation and place it lists, kind by kind in the order
/// of the format.
fn statements(file: &SeedFile) -> [(&'static EntityKind, Statements<'_>); 3] {
    let people = file.people.iter().map(|p| {
        let p = p.get_ref();
        let said = Said {
            name: p.name.as_ref(),
            org_kind: None,
            parent: None,
            wikidata: p.wikidata.as_ref(),
            geonames: None,
            extent: None,
        };
        (&p.id, said)
    });
    let organisations = file.organisations.iter().map(|o| {
        let o = o.get_ref();
        let said = Said {
            name: o.name.as_ref(),
            org_kind: o.kind.as_ref(),
            parent: o.parent.as_ref(),
            wikidata: o.wikidata.as_ref(),
            geonames: None,
            extent: None,
        };
        (&o.id, said)
    });
    let places = file.places.iter().map(|p| {
        let p = p.get_ref();
        let said = Said {
            name: p.name.as_ref(),
            org_kind: None,
            parent: p.within.as_ref(),
            wikidata: p.wikidata.as_ref(),
            geonames: p.geonames.as_ref(),
            extent: p.extent(),
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
fn merge_listing(
    ctx: &mut Ctx,
    from: &StatedIn,
    map: &mut HashMap<String, Listed>,
    id: &Spanned<String>,
    said: Said,
    what: &str,
) {
    let key = id.get_ref();
    let def = map
        .entry(key.clone())
        .or_insert_with(|| Listed::new(from.file.clone()));
    def.listings += 1;
    if def.at.is_none() {
        def.at = Some(FirstListing {
            index: from.index,
            at: ctx.locate(id.span(), String::new()),
        });
    }
    let trimmed = |v: &Spanned<String>| v.get_ref().trim().to_string();
    fn given(v: Option<&Spanned<String>>) -> Option<&Spanned<String>> {
        v.filter(|v| !v.get_ref().trim().is_empty())
    }
    let statement = Statement {
        origin: from.origin.clone(),
        name: given(said.name).map(trimmed),
        org_kind: given(said.org_kind).map(trimmed),
        parent: said.parent.map(trimmed),
        wikidata: said.wikidata.map(trimmed),
        geonames: said.geonames.map(|g| g.get_ref().to_string()),
    };
    if let Some(e) = said.extent {
        def.extents.push((e, from.file.clone()));
    }
    for clash in def.merged.add(&statement, from.file) {
        let (other, file) = (clash.standing.value, clash.standing.from);
        let (at, message) = match clash.field {
            EntityField::Name => {
                let n = statement.name.as_deref().unwrap_or_default();
                let message = format!("{what} {key:?} is named {n:?} here but {other:?} in {file}");
                (said.name, message)
            }
            EntityField::OrgKind => {
                let k = statement.org_kind.as_deref().unwrap_or_default();
                let message = format!("{what} {key:?} has kind {k:?} here but {other:?} in {file}");
                (said.org_kind, message)
            }
            EntityField::Parent if what == "place" => {
                let p = statement.parent.as_deref().unwrap_or_default();
                let message =
                    format!("place {key:?} lies within {p:?} here but within {other:?} in {file}");
                (said.parent, message)
            }
            EntityField::Wikidata => {
                let w = statement.wikidata.as_deref().unwrap_or_default();
                let message =
                    format!("{what} {key:?} is Wikidata {w:?} here but {other:?} in {file}");
                (said.wikidata, message)
            }
            EntityField::GeoNames => {
                let g = statement.geonames.as_deref().unwrap_or_default();
                let message = format!("{what} {key:?} is GeoNames {g} here but {other} in {file}");
                if let Some(at) = said.geonames {
                    ctx.error(at, message);
                }
                continue;
            }
            EntityField::Parent => {
                let p = statement.parent.as_deref().unwrap_or_default();
                let message =
                    format!("{what} {key:?} has parent {p:?} here but {other:?} in {file}");
                (said.parent, message)
            }
        };
        if let Some(at) = at {
            ctx.error(at, message);
        }
    }
}
