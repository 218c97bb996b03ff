//! The checked article: what one seed file states once it has passed every check, ready to be
//! written. Made by [`super::check`], written by [`super::write`].

use std::path::PathBuf;

use chrono::NaiveDate;

use super::entity::{EntityKind, ORGANISATION, PERSON, PLACE};
use super::model::{Number, Qualifier};
use crate::date::FuzzyDate;

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

impl Article {
    /// What the article states of each person, organisation and place it lists, whatever its
    /// kind: organisations first, then people, then places, each in the order listed.
    pub fn listings(&self) -> impl Iterator<Item = Listing<'_>> {
        let organisations = self.organisations.iter().map(|o| Listing {
            kind: &ORGANISATION,
            id: &o.id,
            name: o.name.as_deref(),
            org_kind: o.kind.as_deref(),
            parent: o.parent.as_deref(),
            aliases: &o.aliases,
            sole: o.sole,
        });
        let people = self.people.iter().map(|p| Listing {
            kind: &PERSON,
            id: &p.id,
            name: p.name.as_deref(),
            org_kind: None,
            parent: None,
            aliases: &p.aliases,
            sole: p.sole,
        });
        let places = self.places.iter().map(|p| Listing {
            kind: &PLACE,
            id: &p.id,
            name: p.name.as_deref(),
            org_kind: None,
            parent: p.within.as_deref(),
            aliases: &p.aliases,
            sole: p.sole,
        });
        organisations.chain(people).chain(places)
    }
}

/// What an article states of one person, organisation or place.
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    pub kind: &'static EntityKind,
    pub id: &'a str,
    pub name: Option<&'a str>,
    /// An organisation's kind.
    pub org_kind: Option<&'a str>,
    /// An organisation's parent, or the place a place lies within.
    pub parent: Option<&'a str>,
    pub aliases: &'a [String],
    /// No other article lists the id: its row is this article's.
    pub sole: bool,
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
