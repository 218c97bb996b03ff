//! One person's, organisation's or place's statements merged into its row: its name, an
//! organisation's kind, its parent (an organisation's parent, the place a place lies
//! within), and its Wikidata item and GeoNames id (articles that give one agree). A place's
//! coordinates are merged by [`super::geo::choose`].

use super::names::{preferred_name, same_name};
use super::{agree, first_stands, merge_value, Origin, Stated};

/// What one article states of a person, organisation or place; `None` where it does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub origin: Origin,
    pub name: Option<String>,
    /// An organisation's kind.
    pub org_kind: Option<String>,
    pub parent: Option<String>,
    /// Its Wikidata item (`Q42`).
    pub wikidata: Option<String>,
    /// A place's GeoNames id, as decimal text.
    pub geonames: Option<String>,
}

/// The fields a statement may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityField {
    Name,
    OrgKind,
    Parent,
    Wikidata,
    GeoNames,
}

/// A field of a statement that the statements added before it contradict: the value that
/// stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityClash<L> {
    pub field: EntityField,
    pub standing: Stated<L>,
}

/// A person's, organisation's or place's row, merged from every statement of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedEntity {
    pub name: String,
    pub org_kind: Option<String>,
    pub parent: Option<String>,
    pub wikidata: Option<String>,
    pub geonames: Option<String>,
    /// The oldest article listing it.
    pub source: String,
}

/// Statements of one person, organisation or place merged one at a time (labelled `L`, for
/// messages).
#[derive(Debug, Clone)]
pub struct EntityMerge<L> {
    name: Option<Stated<L>>,
    org_kind: Option<Stated<L>>,
    parent: Option<Stated<L>>,
    wikidata: Option<Stated<L>>,
    geonames: Option<Stated<L>>,
    first: Option<Origin>,
}

impl<L> Default for EntityMerge<L> {
    fn default() -> Self {
        EntityMerge {
            name: None,
            org_kind: None,
            parent: None,
            wikidata: None,
            geonames: None,
            first: None,
        }
    }
}

impl<L: Clone> EntityMerge<L> {
    /// Add one statement, from `from`: the fields the statements before contradict (the rest
    /// is merged all the same).
    pub fn add(&mut self, s: &Statement, from: &L) -> Vec<EntityClash<L>> {
        if self.first.as_ref().is_none_or(|f| s.origin < *f) {
            self.first = Some(s.origin.clone());
        }
        let shown = |a: &str, b: &str| preferred_name(a, b) == a;
        let mut clashes = Vec::new();
        for (field, value, standing) in [
            (EntityField::Name, &s.name, &mut self.name),
            (EntityField::OrgKind, &s.org_kind, &mut self.org_kind),
            (EntityField::Parent, &s.parent, &mut self.parent),
            (EntityField::Wikidata, &s.wikidata, &mut self.wikidata),
            (EntityField::GeoNames, &s.geonames, &mut self.geonames),
        ] {
            let Some(value) = value else { continue };
            let merged = match field {
                EntityField::Name => merge_value(standing, value, from, same_name, shown),
                _ => merge_value(standing, value, from, agree, first_stands),
            };
            if let Err(standing) = merged {
                clashes.push(EntityClash { field, standing });
            }
        }
        clashes
    }

    /// The name that stands, with where it was given.
    pub fn name(&self) -> Option<&Stated<L>> {
        self.name.as_ref()
    }

    /// The parent that stands.
    pub fn parent(&self) -> Option<&str> {
        self.parent.as_ref().map(|p| p.value.as_str())
    }

    /// The row; `None` when no statement gives a name.
    pub fn finish(&self) -> Option<MergedEntity> {
        Some(MergedEntity {
            name: self.name.as_ref()?.value.clone(),
            org_kind: self.org_kind.as_ref().map(|k| k.value.clone()),
            parent: self.parent.as_ref().map(|p| p.value.clone()),
            wikidata: self.wikidata.as_ref().map(|p| p.value.clone()),
            geonames: self.geonames.as_ref().map(|p| p.value.clone()),
            source: self.first.as_ref()?.source.clone(),
        })
    }
}

/// A row from all the statements of one thing at once; `None` without a name. Statements that
/// contradict each other have been refused by the checker; here the first value stands.
pub fn entity(statements: &[Statement]) -> Option<MergedEntity> {
    let mut merge = EntityMerge::<()>::default();
    let mut sorted: Vec<&Statement> = statements.iter().collect();
    sorted.sort_by(|a, b| a.origin.cmp(&b.origin));
    for s in sorted {
        merge.add(s, &());
    }
    merge.finish()
}
