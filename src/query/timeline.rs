//! The timeline: events in chronological order, filtered by date range, kind and participant,
//! each with its participants, figures and sources.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use serde::Serialize;

use super::filter::{planned, EventQuery, Filter};
use super::{number, Named};
use crate::date::iso;
use crate::geo::{Geo, GeoPrecision};
pub use crate::text::date_with_words;

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
    /// The words of the report that gave the event's date (the oldest report whose date is the
    /// event's date), not necessarily the first article's.
    pub date_text: Option<String>,
    /// The article those words are from, and its publisher.
    pub date_source: Option<String>,
    pub date_publisher: Option<String>,
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    /// Where the event took place: when its place is disputed, the narrowest place every
    /// report's place lies within (none when there is none).
    pub place: Option<Named>,
    /// The reports give places of which neither lies within the other.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disputed_place: bool,
    /// With a disputed place: each place the reports give, with the articles that give it,
    /// oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reported_places: Vec<ReportedPlace>,
    pub participants: Vec<Participant>,
    pub figures: Vec<Figure>,
    /// What was said about the event, in the order the articles give it.
    pub quotes: Vec<Quote>,
    /// Ids of the sources (articles) that report the event, oldest first.
    pub sources: Vec<String>,
    /// With a date range: `within` when every day the event may have happened on lies in it,
    /// `possible` when the event only may overlap it ("since 2008" in a three-day range). None
    /// without a range.
    pub window: Option<Window>,
    /// Where the event happened, when its place (or a place it lies within) has coordinates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo: Option<crate::geo::Geo>,
}

/// How an event lies in the date range asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// Every possible day of the event is in the range.
    Within,
    /// The event may overlap the range, and may as well lie partly or wholly outside it.
    Possible,
}

impl Window {
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Within => "within",
            Window::Possible => "possible",
        }
    }

    /// How an event of first day `earliest` and last day `latest` (ISO days, None where open or
    /// unknown) lies in `from..=to`; None when neither side of the range is given.
    pub fn of(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        earliest: Option<&str>,
        latest: Option<&str>,
    ) -> Option<Window> {
        if from.is_none() && to.is_none() {
            return None;
        }
        let starts_inside = match from {
            None => true,
            Some(f) => earliest.is_some_and(|e| e >= iso(f).as_str()),
        };
        let ends_inside = match to {
            None => true,
            Some(t) => latest.is_some_and(|l| l <= iso(t).as_str()),
        };
        Some(if starts_inside && ends_inside {
            Window::Within
        } else {
            Window::Possible
        })
    }
}

/// A place some reports of an event give, and the articles that give it (ids).
#[derive(Debug, Clone, Serialize)]
pub struct ReportedPlace {
    pub place: Named,
    pub sources: Vec<String>,
}

impl ReportedPlace {
    /// "Gnjilica (article-a, article-b)".
    pub fn line(&self) -> String {
        format!("{} ({})", self.place.name, self.sources.join(", "))
    }
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
    /// That source's publisher.
    pub publisher: String,
    /// The article's words.
    pub text: Option<String>,
    /// The figure is part of another of its article's (11 Italian soldiers of 30 KFOR soldiers):
    /// never an account of the same number as another figure.
    #[serde(skip)]
    pub part: bool,
    /// Who makes the claim, as the `figure_claims` view keys it: the claimant, else the
    /// publisher.
    #[serde(skip)]
    pub claimant_key: String,
    /// A later article gives the same claimant's figure for the same thing (the view's
    /// `revised_in`): this one is a revised claim, not a standing one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub revised: bool,
}

impl Figure {
    /// From a row of [`figure_columns!`].
    pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Figure> {
        Ok(Figure {
            value: number(r, "value")?,
            low: number(r, "low")?,
            high: number(r, "high")?,
            qualifier: r.get("qualifier")?,
            unit: r.get("unit")?,
            measure: r.get("measure")?,
            label: r.get("label")?,
            about: Named::from_row(r, "about_id", "about")?,
            claimed_by: Named::from_row(r, "claimed_by_id", "claimed_by")?,
            source: r.get("source_id")?,
            text: r.get("text")?,
            publisher: r.get("publisher")?,
            part: r.get("part")?,
            claimant_key: r.get("claimant_key")?,
            revised: r.get("revised")?,
        })
    }
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

/// The report whose words gave event `e`'s date, the oldest first: its source id and
/// publisher, a line each (an id holds no line break); NULL when no words gave the date.
macro_rules! date_source {
    () => {
        "(SELECT es.source_id || char(10) || s.publisher
            FROM event_sources es JOIN sources s ON s.id = es.source_id
            WHERE es.event_id = e.id AND es.date IS e.date AND es.date_text IS e.date_text
              AND e.date_text IS NOT NULL
            ORDER BY s.published, s.id LIMIT 1)"
    };
}

/// A [`date_source!`] value as (source id, publisher).
pub(crate) fn split_date_source(value: Option<String>) -> Option<(String, String)> {
    value.and_then(|s| {
        s.split_once('\n')
            .map(|(a, b)| (a.to_string(), b.to_string()))
    })
}

/// The columns of a timeline row, over `events e` and `places p`.
macro_rules! event_columns {
    () => {
        concat!(
            "
    SELECT e.id, e.date, e.earliest, e.latest, e.date_human, e.precision, e.approximate,
           e.uncertain, e.ongoing, e.date_text, e.kind, e.title, e.summary, e.place_id,
           p.name AS place_name, e.disputed, e.disputed_place, g.latitude AS geo_latitude,
           g.longitude AS geo_longitude, g.west AS geo_west, g.south AS geo_south,
           g.east AS geo_east, g.north AS geo_north, g.geo_precision, g.geo_place, ",
            date_source!(),
            " AS date_source"
        )
    };
}

/// The events matching the filter, in chronological order.
pub(crate) const EVENTS: EventQuery = planned!(
    event_columns!();
    "
    ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id"
);

/// One event by id (`show`): found by its key, not by walking the date index.
const EVENT_BY_ID: &str = concat!(
    event_columns!(),
    "
    FROM events e
    LEFT JOIN places p ON p.id = e.place_id
    LEFT JOIN event_geo g ON g.event_id = e.id
    WHERE e.id = :id"
);

/// The event's area, when it has one.
fn geo_of(r: &rusqlite::Row) -> rusqlite::Result<Option<Geo>> {
    let Some(precision) = r.get::<_, Option<String>>("geo_precision")? else {
        return Ok(None);
    };
    let precision = GeoPrecision::named(&precision).unwrap_or(GeoPrecision::Within);
    Ok(Some(Geo {
        latitude: r.get("geo_latitude")?,
        longitude: r.get("geo_longitude")?,
        west: r.get("geo_west")?,
        south: r.get("geo_south")?,
        east: r.get("geo_east")?,
        north: r.get("geo_north")?,
        precision,
        place: r.get("geo_place")?,
    }))
}

/// An event's participants, once each (the oldest report's role), in the order the oldest
/// reports give them: by publication date, article id, then the article's own order. (`min()`
/// picks the row whose role is shown.)
const PARTICIPANTS: &str = "
    SELECT coalesce(ep.person_id, ep.organisation_id) AS id, coalesce(pp.name, po.name) AS name,
           CASE WHEN ep.person_id IS NULL THEN 'organisation' ELSE 'person' END AS kind,
           ep.role, min(s.published || ' ' || ep.source_id || ' ' || printf('%020d', ep.id))
    FROM event_participants ep
    JOIN sources s ON s.id = ep.source_id
    LEFT JOIN people pp ON pp.id = ep.person_id
    LEFT JOIN organisations po ON po.id = ep.organisation_id
    WHERE ep.event_id = ?1
    GROUP BY coalesce(ep.person_id, ep.organisation_id)
    ORDER BY 5";

/// The columns [`Figure::from_row`] reads, over `figures_named fn` and its source `s`.
macro_rules! figure_columns {
    () => {
        "
    SELECT fn.value, fn.low, fn.high, fn.qualifier, fn.unit, fn.measure, fn.label, fn.about_id,
           fn.about, fn.claimed_by_id, fn.claimed_by, fn.source_id, fn.text, fn.publisher,
           fn.part_of IS NOT NULL AS part, fn.claimant_key, fn.revised_in IS NOT NULL AS revised
    FROM figure_claims fn"
    };
}
pub(crate) use figure_columns;

const FIGURES: &str = concat!(
    figure_columns!(),
    "
    WHERE fn.event_id = ?1 ORDER BY fn.source_published, fn.source_id, fn.id"
);

const QUOTES: &str = "
    SELECT coalesce(q.speaker_person_id, q.speaker_organisation_id) AS speaker_id,
           coalesce(pp.name, po.name) AS speaker, q.text, q.source_id
    FROM quotes q
    JOIN sources s ON s.id = q.source_id
    LEFT JOIN people pp ON pp.id = q.speaker_person_id
    LEFT JOIN organisations po ON po.id = q.speaker_organisation_id
    WHERE q.event_id = ?1 ORDER BY s.published, q.source_id, q.id";

/// Each report's place, oldest article first.
const REPORTED_PLACES: &str = "
    SELECT es.place_id, p.name, es.source_id
    FROM event_sources es JOIN sources s ON s.id = es.source_id JOIN places p ON p.id = es.place_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";

const SOURCES: &str = "
    SELECT es.source_id FROM event_sources es JOIN sources s ON s.id = es.source_id
    WHERE es.event_id = ?1 ORDER BY s.published, s.id";

/// Call `each` with every event matching `filter`, in chronological order (earliest day, then
/// latest, then id; open bounds first and last).
pub fn timeline(
    conn: &Connection,
    filter: &Filter,
    mut each: impl FnMut(TimelineRow) -> Result<()>,
) -> Result<()> {
    let mut stmt;
    let mut rows = match &filter.id {
        Some(id) => {
            stmt = conn.prepare_cached(EVENT_BY_ID)?;
            stmt.query(rusqlite::named_params! { ":id": id })?
        }
        None => {
            let params = filter.params()?;
            stmt = conn.prepare_cached(EVENTS.sql(filter))?;
            stmt.query(super::bind(&params).as_slice())?
        }
    };
    while let Some(r) = rows.next()? {
        let id: String = r.get("id")?;
        let place = Named::from_row(r, "place_id", "place_name")?;
        // The source id and its publisher, a line each (an id holds no line break).
        let date_source = split_date_source(r.get("date_source")?);
        let disputed_place: bool = r.get("disputed_place")?;
        let reported_places = match disputed_place {
            true => reported_places(conn, &id)?,
            false => Vec::new(),
        };
        let row = TimelineRow {
            date: r.get("date")?,
            earliest: r.get("earliest")?,
            latest: r.get("latest")?,
            date_human: r.get("date_human")?,
            precision: r.get("precision")?,
            approximate: r.get("approximate")?,
            uncertain: r.get("uncertain")?,
            ongoing: r.get("ongoing")?,
            disputed: r.get("disputed")?,
            date_text: r.get("date_text")?,
            date_source: date_source.as_ref().map(|(s, _)| s.clone()),
            date_publisher: date_source.map(|(_, p)| p),
            kind: r.get("kind")?,
            title: r.get("title")?,
            summary: r.get("summary")?,
            place,
            disputed_place,
            reported_places,
            participants: participants(conn, &id)?,
            figures: figures(conn, &id)?,
            quotes: quotes(conn, &id)?,
            sources: sources(conn, &id)?,
            window: None,
            geo: geo_of(r)?,
            id,
        };
        let row = TimelineRow {
            window: Window::of(
                filter.from,
                filter.to,
                row.earliest.as_deref(),
                row.latest.as_deref(),
            ),
            ..row
        };
        each(row)?;
    }
    Ok(())
}

fn participants(conn: &Connection, event: &str) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare_cached(PARTICIPANTS)?;
    let rows = stmt.query_map([event], |r| {
        Ok(Participant {
            id: r.get("id")?,
            name: r.get("name")?,
            kind: r.get("kind")?,
            role: r.get("role")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn figures(conn: &Connection, event: &str) -> Result<Vec<Figure>> {
    let mut stmt = conn.prepare_cached(FIGURES)?;
    let rows = stmt.query_map([event], Figure::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quotes(conn: &Connection, event: &str) -> Result<Vec<Quote>> {
    let mut stmt = conn.prepare_cached(QUOTES)?;
    let rows = stmt.query_map([event], |r| {
        Ok(Quote {
            speaker: Named {
                id: r.get("speaker_id")?,
                name: r.get("speaker")?,
            },
            text: r.get("text")?,
            source: r.get("source_id")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each place the reports of `event` give, with the articles that give it, in the order of
/// the oldest article giving each.
fn reported_places(conn: &Connection, event: &str) -> Result<Vec<ReportedPlace>> {
    let mut stmt = conn.prepare_cached(REPORTED_PLACES)?;
    let rows = stmt.query_map([event], |r| {
        Ok((
            r.get::<_, String>("place_id")?,
            r.get::<_, String>("name")?,
            r.get::<_, String>("source_id")?,
        ))
    })?;
    let mut out: Vec<ReportedPlace> = Vec::new();
    for row in rows {
        let (id, name, source) = row?;
        match out.iter_mut().find(|p| p.place.id == id) {
            Some(p) => p.sources.push(source),
            None => out.push(ReportedPlace {
                place: Named { id, name },
                sources: vec![source],
            }),
        }
    }
    Ok(out)
}

fn sources(conn: &Connection, event: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(SOURCES)?;
    let rows = stmt.query_map([event], |r| r.get("source_id"))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
