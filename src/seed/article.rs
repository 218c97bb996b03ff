//! An article as a run holds it: [`Parsed`] from its seed file (by [`super::files`]), then
//! checked into an [`Article`], what the file states once it has passed every check, ready to be
//! written (by [`super::check`], written by [`super::write`]).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use super::error::{LineStarts, SeedError};
use super::merge::{MergedEntity, MergedEvent};
use super::model::{Amount, SeedFile};
use crate::date::FuzzyDate;

/// A seed file read from disk and parsed, not yet checked.
#[derive(Debug)]
pub struct Parsed {
    /// The file, as messages name it.
    pub path: PathBuf,
    /// The article's id when `[source]` gives none: the file's name without `.toml`.
    pub default_id: String,
    /// The file's TOML text, for error locations.
    pub text: String,
    /// Where each line of `text` starts.
    pub lines: LineStarts,
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

impl Parsed {
    /// An error at `span` of this file, its line found in [`Parsed::lines`].
    pub fn locate(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> SeedError {
        let line = self.lines.line_of(span.start);
        SeedError::at_line(&self.path, &self.text, line, span, message)
    }
}

/// A person or an organisation: who can take part, speak, claim a figure or be its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Person(String),
    Organisation(String),
}

impl Actor {
    pub fn id(&self) -> &str {
        match self {
            Actor::Person(id) | Actor::Organisation(id) => id,
        }
    }
}

/// A checked article, ready to write.
#[derive(Debug)]
pub struct Article {
    pub file: PathBuf,
    pub hash: String,
    pub source: Source,
    pub people: Vec<ArticleListing>,
    pub roles: Vec<Role>,
    pub organisations: Vec<ArticleListing>,
    pub places: Vec<ArticleListing>,
    pub events: Vec<ArticleReport>,
    pub figures: Vec<ArticleFigure>,
    pub quotes: Vec<ArticleQuote>,
    /// The record's rows this article completes, merged from every statement of their thing
    /// (stored and in the run) by [`super::merge`].
    pub rows: MergedRows,
}

/// Rows merged from every statement of their thing: the events whose last report in the run
/// an article holds, and the people, organisations and places it is the last in the run to
/// list.
#[derive(Debug, Default)]
pub struct MergedRows {
    pub events: Vec<MergedEventRow>,
    pub entities: Vec<MergedEntityRow>,
}

/// An event's row, merged.
#[derive(Debug)]
pub struct MergedEventRow {
    pub id: String,
    /// Whether the record already holds a row for it (this run then changes it).
    pub stored: bool,
    pub event: MergedEvent,
}

/// A person's, organisation's or place's row, merged.
#[derive(Debug)]
pub struct MergedEntityRow {
    pub kind: &'static EntityKind,
    pub id: String,
    /// Whether the record already holds a row for it.
    pub stored: bool,
    pub entity: MergedEntity,
}

impl Article {
    /// Each kind of thing the article lists, with what it states of each: organisations first,
    /// then people, then places, each in the order listed.
    pub fn listed(&self) -> [(&'static EntityKind, &[ArticleListing]); 3] {
        [
            (&ORGANISATION, &self.organisations),
            (&PERSON, &self.people),
            (&PLACE, &self.places),
        ]
    }
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

/// A person, organisation or place as one article lists it.
#[derive(Debug)]
pub struct ArticleListing {
    pub id: String,
    /// `None`: this article lists it without naming it (another article does).
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// An organisation's kind.
    pub org_kind: Option<String>,
    /// An organisation's parent, or the place a place lies within.
    pub parent: Option<String>,
    /// Its Wikidata item (`Q42`).
    pub wikidata: Option<String>,
    /// A place's GeoNames id.
    pub geonames: Option<i64>,
    /// A place's coordinates.
    pub extent: Option<crate::geo::Extent>,
}

/// A role the article gives a person: its title, and the organisation it is held in.
#[derive(Debug)]
pub struct Role {
    pub person: String,
    pub title: String,
    pub organisation: Option<String>,
}

/// One article's `[[events]]` entry: its report of the event, with whatever it states of it.
#[derive(Debug)]
pub struct ArticleReport {
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
}

#[derive(Debug)]
pub struct ArticleFigure {
    pub event: String,
    pub amount: Amount,
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
pub struct ArticleQuote {
    pub speaker: Actor,
    pub event: Option<String>,
    pub text: String,
}
