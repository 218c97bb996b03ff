//! The timeline: events in chronological order, filtered by date range, kind and participant,
//! each with its participants, figures and sources.

use anyhow::{bail, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{number, Named};

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// First day of the range (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day of the range (inclusive).
    pub to: Option<NaiveDate>,
    /// Only events certainly inside the range; otherwise every event that may fall in it.
    pub within: bool,
    pub kind: Option<String>,
    /// A person's id: only events they took part in.
    pub person: Option<String>,
    /// An organisation's id: only events it took part in.
    pub org: Option<String>,
    /// Only the event with this id.
    pub id: Option<String>,
}

/// One event as the timeline shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub id: String,
    /// EDTF, as stored.
    pub date: String,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub date_human: String,
    pub precision: String,
    pub approximate: bool,
    pub uncertain: bool,
    pub ongoing: bool,
    /// The reports give dates that cannot all be true; `date` spans them and `date_human` lists
    /// them.
    pub disputed: bool,
    /// The article's own words for the date.
    pub date_text: Option<String>,
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<Named>,
    pub participants: Vec<Participant>,
    pub figures: Vec<Figure>,
    /// What was said about the event, in the order the articles give it.
    pub quotes: Vec<Quote>,
    /// Ids of the sources (articles) that report the event, oldest first.
    pub sources: Vec<String>,
}

/// A person or organisation taking part in an event.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
    /// `person` or `organisation`.
    pub kind: String,
    pub role: Option<String>,
}

/// A number reported about an event.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub value: Option<serde_json::Number>,
    pub low: Option<serde_json::Number>,
    pub high: Option<serde_json::Number>,
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    /// "about 500 troops sent".
    pub label: String,
    pub about: Option<Named>,
    /// Who said it; none when the article states it itself.
    pub claimed_by: Option<Named>,
    /// The source that reported it.
    pub source: String,
    /// The article's words.
    pub text: Option<String>,
}

/// Words someone said about an event.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The person or organisation who said them.
    pub speaker: Named,
    pub text: String,
    /// The source that reported them.
    pub source: String,
}

/// The condition an event must meet to match a [`Filter`], over `events e`, with the parameters
/// `:within`, `:from`, `:to`, `:kind`, `:id`, `:person`, `:org`. Both bounds of the overlap test are ISO
/// text, so the comparison is a plain string comparison that the date indexes serve.
macro_rules! event_filter {
    () => {
        "
    WHERE CASE WHEN :within
            THEN (:from IS NULL OR e.earliest >= :from) AND (:to IS NULL OR e.latest <= :to)
            ELSE (:from IS NULL OR e.latest IS NULL OR e.latest >= :from)
             AND (:to IS NULL OR e.earliest IS NULL OR e.earliest <= :to)
          END
      AND (:kind IS NULL OR e.kind = :kind)
      AND (:id IS NULL OR e.id = :id)
      AND (:person IS NULL OR EXISTS (SELECT 1 FROM event_participants ep
                                       WHERE ep.event_id = e.id AND ep.person_id = :person))
      AND (:org IS NULL OR EXISTS (SELECT 1 FROM event_participants ep
                                    WHERE ep.event_id = e.id AND ep.organisation_id = :org))"
    };
}
pub(crate) use event_filter;

/// The events matching the filter.
const EVENTS: &str = concat!(
    "
    SELECT e.id, e.date, e.earliest, e.latest, e.date_human, e.precision, e.approximate,
           e.uncertain, e.ongoing, e.date_text, e.kind, e.title, e.summary, e.place_id, p.name,
           e.disputed
    FROM events e
    LEFT JOIN places p ON p.id = e.place_id",
    event_filter!(),
    "
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id"
);

/// An event's participants, once each (the first report's role), in the order first given.
const PARTICIPANTS: &str = "
    SELECT coalesce(ep.person_id, ep.organisation_id), coalesce(pp.name, po.name),
           CASE WHEN ep.person_id IS NULL THEN 'organisation' ELSE 'person' END,
           ep.role, min(ep.id)
    FROM event_participants ep
    LEFT JOIN people pp ON pp.id = ep.person_id
    LEFT JOIN organisations po ON po.id = ep.organisation_id
    WHERE ep.event_id = ?1
    GROUP BY coalesce(ep.person_id, ep.organisation_id)
    ORDER BY min(ep.id)";

const FIGURES: &str = "
    SELECT value, low, high, qualifier, unit, measure, label, about_id, about,
           claimed_by_id, claimed_by, source_id, text
    FROM figures_named WHERE event_id = ?1 ORDER BY id";

const QUOTES: &str = "
    SELECT coalesce(q.speaker_person_id, q.speaker_organisation_id), coalesce(pp.name, po.name),
           q.text, q.source_id
    FROM quotes q
    LEFT JOIN people pp ON pp.id = q.speaker_person_id
    LEFT JOIN organisations po ON po.id = q.speaker_organisation_id
    WHERE q.event_id = ?1 ORDER BY q.id";

const SOURCES: &str = "
    SELECT es.source_id FROM event_sources es JOIN sources s ON s.id = es.source_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";

const PERSON_EXISTS: &str = "SELECT 1 FROM people WHERE id = ?1";
const ORGANISATION_EXISTS: &str = "SELECT 1 FROM organisations WHERE id = ?1";

/// Call `each` with every event matching `filter`, in chronological order (earliest day, then
/// latest, then id; open bounds first and last).
pub fn timeline(
    conn: &Connection,
    filter: &Filter,
    mut each: impl FnMut(TimelineRow) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(EVENTS)?;
    let params = filter.params(conn)?;
    let mut rows = stmt.query(super::bind(&params).as_slice())?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let place = match (
            r.get::<_, Option<String>>(13)?,
            r.get::<_, Option<String>>(14)?,
        ) {
            (Some(id), Some(name)) => Some(Named { id, name }),
            _ => None,
        };
        let row = TimelineRow {
            date: r.get(1)?,
            earliest: r.get(2)?,
            latest: r.get(3)?,
            date_human: r.get(4)?,
            precision: r.get(5)?,
            approximate: r.get(6)?,
            uncertain: r.get(7)?,
            ongoing: r.get(8)?,
            disputed: r.get(15)?,
            date_text: r.get(9)?,
            kind: r.get(10)?,
            title: r.get(11)?,
            summary: r.get(12)?,
            place,
            participants: participants(conn, &id)?,
            figures: figures(conn, &id)?,
            quotes: quotes(conn, &id)?,
            sources: sources(conn, &id)?,
            id,
        };
        each(row)?;
    }
    Ok(())
}

/// An ISO day, as the bound columns hold it.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Filter {
    /// Check the filter against the database and give the parameters of [`event_filter!`].
    pub fn params(&self, conn: &Connection) -> Result<super::Params> {
        self.check(conn)?;
        Ok(vec![
            (":within", Box::new(self.within)),
            (":from", Box::new(self.from.map(iso))),
            (":to", Box::new(self.to.map(iso))),
            (":kind", Box::new(self.kind.clone())),
            (":person", Box::new(self.person.clone())),
            (":org", Box::new(self.org.clone())),
            (":id", Box::new(self.id.clone())),
        ])
    }

    fn check(&self, conn: &Connection) -> Result<()> {
        let filter = self;
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                bail!("--from {from} is later than --to {to}");
            }
        }
        if let Some(id) = &filter.person {
            if conn
                .query_row(PERSON_EXISTS, [id], |_| Ok(()))
                .optional()?
                .is_none()
            {
                bail!("unknown person id {id:?}");
            }
        }
        if let Some(id) = &filter.org {
            if conn
                .query_row(ORGANISATION_EXISTS, [id], |_| Ok(()))
                .optional()?
                .is_none()
            {
                bail!("unknown organisation id {id:?}");
            }
        }
        Ok(())
    }
}

fn participants(conn: &Connection, event: &str) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare_cached(PARTICIPANTS)?;
    let rows = stmt.query_map([event], |r| {
        Ok(Participant {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            role: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn figures(conn: &Connection, event: &str) -> Result<Vec<Figure>> {
    let mut stmt = conn.prepare_cached(FIGURES)?;
    let rows = stmt.query_map([event], |r| {
        Ok(Figure {
            value: number(r, 0)?,
            low: number(r, 1)?,
            high: number(r, 2)?,
            qualifier: r.get(3)?,
            unit: r.get(4)?,
            measure: r.get(5)?,
            label: r.get(6)?,
            about: Named::from_row(r, 7, 8)?,
            claimed_by: Named::from_row(r, 9, 10)?,
            source: r.get(11)?,
            text: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quotes(conn: &Connection, event: &str) -> Result<Vec<Quote>> {
    let mut stmt = conn.prepare_cached(QUOTES)?;
    let rows = stmt.query_map([event], |r| {
        Ok(Quote {
            speaker: Named {
                id: r.get(0)?,
                name: r.get(1)?,
            },
            text: r.get(2)?,
            source: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sources(conn: &Connection, event: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(SOURCES)?;
    let rows = stmt.query_map([event], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
