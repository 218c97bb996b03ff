//! One event, person, organisation, place or source in full: an event with its dates, words,
//! participants, figures, quotes and reporting sources; a person or organisation with their
//! events in order and their quotes; a place with its events; a source with what it states.

use anyhow::{bail, Result};
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::lists::split_list;
use super::names::{resolve, Kind};
use super::timeline::{figure_columns, timeline, Figure, ReportedPlace, TimelineRow};
use super::Named;

/// Everything about one thing, tagged with its kind.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Detail {
    Event(Box<EventDetail>),
    Person(ActorDetail),
    Organisation(ActorDetail),
    Place(PlaceDetail),
    Source(SourceDetail),
}

#[derive(Debug, Clone, Serialize)]
pub struct EventDetail {
    /// The event as the timeline shows it (its `kind` renamed `event_kind`).
    #[serde(flatten)]
    pub event: EventFields,
    pub quotes: Vec<QuoteWithEvent>,
    /// Each article that reports the event, with the date and words it gave.
    pub reports: Vec<EventReport>,
    /// Every participant as each article lists it, with the role that article gives (none when
    /// it gives none), oldest report first.
    pub roles: Vec<ParticipantRole>,
}

/// A participant as one article lists it: the role it gives, and the article.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantRole {
    pub participant: Named,
    /// `person` or `organisation`.
    pub participant_kind: String,
    pub role: Option<String>,
    pub source: String,
}

/// A timeline row, with `kind` as `event_kind` (the detail's `kind` says what it is).
#[derive(Debug, Clone, Serialize)]
pub struct EventFields {
    pub id: String,
    pub date: String,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub date_human: String,
    pub precision: String,
    pub approximate: bool,
    pub uncertain: bool,
    pub ongoing: bool,
    /// The reports' dates cannot be reconciled; both are kept.
    pub disputed: bool,
    pub date_text: Option<String>,
    /// The article whose words `date_text` are, and its publisher.
    pub date_source: Option<String>,
    pub date_publisher: Option<String>,
    pub event_kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<Named>,
    /// The reports give places of which neither lies within the other.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disputed_place: bool,
    /// With a disputed place: each place given, with the articles that give it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reported_places: Vec<ReportedPlace>,
    pub participants: Vec<super::timeline::Participant>,
    pub figures: Vec<Figure>,
}

impl From<TimelineRow> for EventFields {
    fn from(r: TimelineRow) -> Self {
        EventFields {
            id: r.id,
            date: r.date,
            earliest: r.earliest,
            latest: r.latest,
            date_human: r.date_human,
            precision: r.precision,
            approximate: r.approximate,
            uncertain: r.uncertain,
            ongoing: r.ongoing,
            disputed: r.disputed,
            date_source: r.date_source,
            date_publisher: r.date_publisher,
            date_text: r.date_text,
            event_kind: r.kind,
            title: r.title,
            summary: r.summary,
            place: r.place,
            disputed_place: r.disputed_place,
            reported_places: r.reported_places,
            participants: r.participants,
            figures: r.figures,
        }
    }
}

/// One article's report of an event: who published it when, the date it gave, and its own
/// words and place. (An article that only gives figures or quotes about the event gives none
/// of these.)
#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    pub source: Named,
    pub publisher: String,
    pub published: String,
    /// The date (EDTF) this article gave, when it gave one.
    pub date: Option<String>,
    pub date_text: Option<String>,
    /// The title this article gives the event, when it gives one.
    pub title: Option<String>,
    /// The summary this article gives, when it gives one.
    pub summary: Option<String>,
    /// The place this article says the event took place in, when it gives one.
    pub place: Option<Named>,
}

/// Words someone said, with the event they were said at or about (a timeline row's quotes,
/// [`super::timeline::Quote`], belong to the row's event).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteWithEvent {
    pub speaker: Named,
    /// The event it was said at or about.
    pub event: Option<Named>,
    pub text: String,
    pub source: String,
}

/// An event in a person's, organisation's, place's or source's list, in chronological order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventRef {
    pub id: String,
    pub date: String,
    pub date_human: String,
    pub kind: String,
    pub title: String,
    /// The part played (people and organisations only), roles joined by "; ".
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeldRole {
    pub title: String,
    pub organisation: Option<Named>,
    pub source: String,
}

/// A person or an organisation.
#[derive(Debug, Clone, Serialize)]
pub struct ActorDetail {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// A person's roles (empty for an organisation).
    pub roles: Vec<HeldRole>,
    /// An organisation's free-text kind (none for a person).
    pub organisation_kind: Option<String>,
    /// An organisation's parent.
    pub parent: Option<Named>,
    pub events: Vec<EventRef>,
    pub quotes: Vec<QuoteWithEvent>,
    /// The article that introduced them.
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceDetail {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub events: Vec<EventRef>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceDetail {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub url: Option<String>,
    pub seed_file: Option<String>,
    pub events: Vec<EventRef>,
    pub figures: Vec<Figure>,
    pub quotes: Vec<QuoteWithEvent>,
}

const QUOTE_COLUMNS: &str = "
    SELECT coalesce(q.speaker_person_id, q.speaker_organisation_id) AS speaker_id,
           coalesce(pp.name, po.name) AS speaker, q.event_id, e.title AS event_title, q.text,
           q.source_id
    FROM quotes q
    JOIN sources qs ON qs.id = q.source_id
    LEFT JOIN people pp ON pp.id = q.speaker_person_id
    LEFT JOIN organisations po ON po.id = q.speaker_organisation_id
    LEFT JOIN events e ON e.id = q.event_id";
const QUOTES_OF_EVENT: &str = " WHERE q.event_id = ?1 ORDER BY qs.published, q.source_id, q.id";
const QUOTES_OF_SPEAKER: &str =
    " WHERE ?1 IN (q.speaker_person_id, q.speaker_organisation_id) ORDER BY q.source_id, q.id";
const QUOTES_OF_SOURCE: &str = " WHERE q.source_id = ?1 ORDER BY q.id";

const REPORTS: &str = "
    SELECT s.id, s.title, s.publisher, s.published, es.date, es.date_text,
           es.title AS event_title, es.summary, es.place_id, p.name AS place_name
    FROM event_sources es JOIN sources s ON s.id = es.source_id
    LEFT JOIN places p ON p.id = es.place_id
    WHERE es.event_id = ?1
    UNION
    SELECT s.id, s.title, s.publisher, s.published, NULL, NULL, NULL, NULL, NULL, NULL
    FROM sources s
    WHERE s.id IN (SELECT source_id FROM figures WHERE event_id = ?1
                   UNION SELECT source_id FROM quotes WHERE event_id = ?1)
      AND s.id NOT IN (SELECT source_id FROM event_sources WHERE event_id = ?1)
    ORDER BY 4, 1";

/// Every listing of a participant in an event, oldest article first, in each article's order.
const PARTICIPANT_ROLES: &str = "
    SELECT coalesce(ep.person_id, ep.organisation_id) AS id, coalesce(pp.name, po.name) AS name,
           CASE WHEN ep.person_id IS NULL THEN 'organisation' ELSE 'person' END AS kind,
           ep.role, ep.source_id
    FROM event_participants ep
    JOIN sources s ON s.id = ep.source_id
    LEFT JOIN people pp ON pp.id = ep.person_id
    LEFT JOIN organisations po ON po.id = ep.organisation_id
    WHERE ep.event_id = ?1
    ORDER BY s.published, ep.source_id, ep.id";

const EVENT_REF_COLUMNS: &str = "SELECT e.id, e.date, e.date_human, e.kind, e.title";
const EVENTS_OF_ACTOR: &str = "
    , (SELECT group_concat(role, '; ') FROM (SELECT DISTINCT role FROM event_participants
        WHERE event_id = e.id AND ?1 IN (person_id, organisation_id) AND role IS NOT NULL))
      AS role
    FROM events e
    WHERE e.id IN (SELECT event_id FROM event_participants
                   WHERE ?1 IN (person_id, organisation_id))
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id";
const EVENTS_OF_PLACE: &str = "
    , NULL AS role FROM events e WHERE e.place_id = ?1
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id";
const EVENTS_OF_SOURCE: &str = "
    , NULL AS role FROM events e
    WHERE e.id IN (SELECT event_id FROM event_sources WHERE source_id = ?1)
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id";

const PERSON: &str = "
    SELECT p.id, p.name, (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias
             FROM person_aliases WHERE person_id = p.id ORDER BY alias)) AS aliases,
           NULL AS kind, NULL AS parent_id, NULL AS parent_name, p.source_id
    FROM people p WHERE p.id = ?1";
const ORGANISATION: &str = "
    SELECT o.id, o.name, (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias
             FROM organisation_aliases WHERE organisation_id = o.id ORDER BY alias)) AS aliases,
           o.kind, o.parent_id, parent.name AS parent_name, o.source_id
    FROM organisations o LEFT JOIN organisations parent ON parent.id = o.parent_id
    WHERE o.id = ?1";
const PLACE: &str = "
    SELECT p.id, p.name, (SELECT group_concat(alias, char(31)) FROM (SELECT DISTINCT alias
             FROM place_aliases WHERE place_id = p.id ORDER BY alias)) AS aliases, p.source_id
    FROM places p WHERE p.id = ?1";
const ROLES: &str = "
    SELECT DISTINCT r.title, r.organisation_id, o.name AS organisation, r.source_id
    FROM person_roles r JOIN sources s ON s.id = r.source_id
    LEFT JOIN organisations o ON o.id = r.organisation_id
    WHERE r.person_id = ?1 ORDER BY s.published, r.source_id, r.id";
const SOURCE: &str = "
    SELECT id, title, publisher, published, url, seed_file FROM sources WHERE id = ?1";
const FIGURES_OF_SOURCE: &str = concat!(
    figure_columns!(),
    "
    WHERE fn.source_id = ?1 ORDER BY fn.id"
);

/// Find `text` (an id, name or alias of anything) and describe it in full.
pub fn show(conn: &Connection, text: &str) -> Result<Detail> {
    let all = [
        Kind::Event,
        Kind::Person,
        Kind::Organisation,
        Kind::Place,
        Kind::Source,
    ];
    let found = resolve(conn, &all, text)?;
    let id = found.id.as_str();
    Ok(match found.kind {
        Kind::Event => Detail::Event(Box::new(event(conn, id)?)),
        Kind::Person => Detail::Person(actor(conn, PERSON, id)?),
        Kind::Organisation => Detail::Organisation(actor(conn, ORGANISATION, id)?),
        Kind::Place => Detail::Place(place(conn, id)?),
        Kind::Source => Detail::Source(source(conn, id)?),
    })
}

fn event(conn: &Connection, id: &str) -> Result<EventDetail> {
    let filter = Filter {
        id: Some(id.to_string()),
        ..Filter::default()
    };
    let mut row = None;
    timeline(conn, &filter, |r| {
        row = Some(r);
        Ok(())
    })?;
    let Some(row) = row else {
        bail!("no event {id:?}");
    };
    let mut stmt = conn.prepare(REPORTS)?;
    let reports = stmt
        .query_map([id], |r| {
            Ok(EventReport {
                source: Named {
                    id: r.get("id")?,
                    name: r.get("title")?,
                },
                publisher: r.get("publisher")?,
                published: r.get("published")?,
                date: r.get("date")?,
                date_text: r.get("date_text")?,
                title: r.get("event_title")?,
                summary: r.get("summary")?,
                place: Named::from_row(r, "place_id", "place_name")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(PARTICIPANT_ROLES)?;
    let roles = stmt
        .query_map([id], |r| {
            Ok(ParticipantRole {
                participant: Named {
                    id: r.get("id")?,
                    name: r.get("name")?,
                },
                participant_kind: r.get("kind")?,
                role: r.get("role")?,
                source: r.get("source_id")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(EventDetail {
        event: row.into(),
        quotes: quotes(conn, QUOTES_OF_EVENT, id)?,
        reports,
        roles,
    })
}

fn quotes(conn: &Connection, condition: &'static str, id: &str) -> Result<Vec<QuoteWithEvent>> {
    // Both parts are constants; only the id is a parameter.
    let sql = [QUOTE_COLUMNS, condition].concat();
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([id], |r| {
        Ok(QuoteWithEvent {
            speaker: Named {
                id: r.get("speaker_id")?,
                name: r.get("speaker")?,
            },
            event: Named::from_row(r, "event_id", "event_title")?,
            text: r.get("text")?,
            source: r.get("source_id")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn event_refs(conn: &Connection, tail: &'static str, id: &str) -> Result<Vec<EventRef>> {
    // Both parts are constants; only the id is a parameter.
    let sql = [EVENT_REF_COLUMNS, tail].concat();
    crate::db::rows(conn, &sql, [id])
}

fn actor(conn: &Connection, sql: &str, id: &str) -> Result<ActorDetail> {
    let (name, aliases, kind, parent, source) = conn.query_row(sql, [id], |r: &Row| {
        Ok((
            r.get::<_, String>("name")?,
            split_list(r.get("aliases")?),
            r.get::<_, Option<String>>("kind")?,
            Named::from_row(r, "parent_id", "parent_name")?,
            r.get::<_, String>("source_id")?,
        ))
    })?;
    let mut stmt = conn.prepare(ROLES)?;
    let roles = stmt
        .query_map([id], |r| {
            Ok(HeldRole {
                title: r.get("title")?,
                organisation: Named::from_row(r, "organisation_id", "organisation")?,
                source: r.get("source_id")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ActorDetail {
        id: id.to_string(),
        name,
        aliases,
        roles,
        organisation_kind: kind,
        parent,
        events: event_refs(conn, EVENTS_OF_ACTOR, id)?,
        quotes: quotes(conn, QUOTES_OF_SPEAKER, id)?,
        source,
    })
}

fn place(conn: &Connection, id: &str) -> Result<PlaceDetail> {
    let (name, aliases, source) = conn.query_row(PLACE, [id], |r| {
        Ok((
            r.get("name")?,
            split_list(r.get("aliases")?),
            r.get("source_id")?,
        ))
    })?;
    Ok(PlaceDetail {
        id: id.to_string(),
        name,
        aliases,
        events: event_refs(conn, EVENTS_OF_PLACE, id)?,
        source,
    })
}

fn source(conn: &Connection, id: &str) -> Result<SourceDetail> {
    let mut detail = conn.query_row(SOURCE, [id], |r| {
        Ok(SourceDetail {
            id: r.get("id")?,
            title: r.get("title")?,
            publisher: r.get("publisher")?,
            published: r.get("published")?,
            // Another tool may have written any text there: only a web link is shown.
            url: crate::sanitize::web_link(r.get("url")?),
            seed_file: r.get("seed_file")?,
            events: Vec::new(),
            figures: Vec::new(),
            quotes: Vec::new(),
        })
    })?;
    detail.events = event_refs(conn, EVENTS_OF_SOURCE, id)?;
    let mut stmt = conn.prepare(FIGURES_OF_SOURCE)?;
    detail.figures = stmt
        .query_map([id], Figure::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    detail.quotes = quotes(conn, QUOTES_OF_SOURCE, id)?;
    Ok(detail)
}
