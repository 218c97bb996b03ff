//! What seeding checked files would change in the record, found without writing anything:
//! each event the files report, as the checker merged it from all its reports by the rules of
//! [`super::merge`] ([`Article::rows`]), against its stored row (by the rule of
//! [`super::changes`]); and the disagreements between reports that would appear (dates,
//! places, figures), by the rules of [`merge::conflicts`]. Only the events the files name are
//! read, so a preview costs what the files cost, whatever the size of the database.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

use super::article::{Actor, Article};
use super::changes::{date_and_place, event, state_of, Change};
use super::merge::conflicts::{self, claimant_key, Conflict, Dated, Figure, ReportedPlace};
use super::model::{Amount, Number, Qualifier};
use super::stored::Known;

/// The changes found so far, as a check meets its articles in turn: [`Preview::article`] each
/// checked article, then [`Preview::changes`].
pub struct Preview<'k> {
    known: &'k Known,
    /// The stored articles whose statements the files replace.
    replaced: &'k HashSet<String>,
    /// The changes to each event merged so far (that changes).
    events: BTreeMap<String, Vec<Change>>,
    /// Each event's dates (of a disputed event) and figures in the files, for the disagreements
    /// they bring.
    dates: HashMap<String, Vec<Dated>>,
    figures: HashMap<String, Vec<Figure>>,
    /// Each merged event's reports whose places disagree, as merged from the files.
    places: HashMap<String, Vec<Conflict>>,
    /// Each article's publisher, for the words of a date.
    publishers: HashMap<String, String>,
    /// The events a changed article of the files reports: only these can change.
    touched: HashSet<String>,
}

impl<'k> Preview<'k> {
    /// A preview against what the database holds (`known`), the `replaced` articles' stored
    /// statements set aside.
    pub fn new(known: &'k Known, replaced: &'k HashSet<String>) -> Preview<'k> {
        Preview {
            known,
            replaced,
            events: BTreeMap::new(),
            dates: HashMap::new(),
            figures: HashMap::new(),
            places: HashMap::new(),
            publishers: HashMap::new(),
            touched: HashSet::new(),
        }
    }

    /// One checked article, with the rows it completes; `changed`: its file is not the one
    /// stored (a file stored unchanged states what is stored, and brings no change itself).
    pub fn article(&mut self, conn: &Connection, a: &Article, changed: bool) -> Result<()> {
        let source = &a.source.id;
        self.publishers
            .insert(source.clone(), a.source.publisher.clone());
        if changed {
            self.touched.extend(a.events.iter().map(|e| e.id.clone()));
            self.statements(conn, a)?;
        }
        self.rows(conn, a)
    }

    /// A changed article's dates and figures, for the disagreements they may bring.
    fn statements(&mut self, conn: &Connection, a: &Article) -> Result<()> {
        let source = &a.source.id;
        // Dates that share no day are kept only for an event some report marks disputed (else
        // they are an error of the check): only such an event's dates can bring a conflict.
        let disputed: Vec<_> = (a.events.iter())
            .filter(|e| e.disputed || self.stored_disputed(&e.id))
            .collect();
        for e in disputed {
            self.dates.entry(e.id.clone()).or_default().push(Dated {
                source: source.clone(),
                date: e.date,
            });
        }
        for f in &a.figures {
            let figure = Figure {
                source: source.clone(),
                amount: f.amount,
                amount_text: amount_text(conn, &f.amount)?,
                unit: f.unit.clone(),
                measure: f.measure.clone(),
                about: f.about.as_ref().map(|a| a.id().to_string()),
                part: f.part_of.is_some(),
                claimant: match &f.claimed_by {
                    Some(Actor::Person(id)) => claimant_key(Some(id), None, ""),
                    Some(Actor::Organisation(id)) => claimant_key(None, Some(id), ""),
                    None => claimant_key(None, None, &a.source.publisher),
                },
                published: a.source.published.to_string(),
            };
            self.figures
                .entry(f.event.clone())
                .or_default()
                .push(figure);
        }
        Ok(())
    }

    /// The changes to the events whose rows `a` completes that a changed article reports.
    fn rows(&mut self, conn: &Connection, a: &Article) -> Result<()> {
        for row in a
            .rows
            .events
            .iter()
            .filter(|r| self.touched.contains(&r.id))
        {
            let publisher = |source: &str| self.publishers.get(source).cloned();
            let after = state_of(conn, &row.event, publisher)?;
            let changes = match event(conn, &row.id)? {
                None => vec![Change::NewEvent {
                    event: row.id.clone(),
                    date: after.placed.date.clone(),
                    title: after.title.clone(),
                }],
                Some(before) => changed(&row.id, &before, &after),
            };
            if !changes.is_empty() {
                self.events.insert(row.id.clone(), changes);
            }
            if !row.event.place_conflicts.is_empty() {
                let found = row.event.place_conflicts.clone();
                self.places.insert(row.id.clone(), found);
            }
        }
        Ok(())
    }

    /// The stored reports of event `id` whose places disagree, by the stored places' `within`
    /// links.
    fn stored_places(&self, conn: &Connection, id: &str) -> Result<Vec<Conflict>> {
        let reports = self.known.events.get(id).map(|e| &e.reports[..]);
        let placed: Vec<ReportedPlace> = (reports.unwrap_or_default().iter())
            .map(|r| ReportedPlace {
                source: r.source_id.clone(),
                place: r.place.clone(),
            })
            .collect();
        let mut within: HashMap<String, Option<String>> = HashMap::new();
        for p in &placed {
            let mut at = p.place.clone();
            while let Some(x) = at.filter(|x| !within.contains_key(x)) {
                let up: Option<String> = conn
                    .prepare_cached(PLACE_WITHIN)?
                    .query_row([&x], |r| r.get(0))
                    .optional()?
                    .flatten();
                within.insert(x, up.clone());
                at = up;
            }
        }
        let parent = |x: &str| within.get(x).and_then(|p| p.as_deref());
        Ok(conflicts::places(&placed, parent))
    }

    /// Whether a stored report of event `id` marks it disputed.
    fn stored_disputed(&self, id: &str) -> bool {
        self.known
            .events
            .get(id)
            .is_some_and(|e| e.reports.iter().any(|r| r.disputed))
    }

    /// Every change, event by event in the order of their ids, then the disagreements that
    /// would appear.
    pub fn changes(self, conn: &Connection) -> Result<Vec<Change>> {
        let mut events: BTreeSet<&String> = self.dates.keys().collect();
        events.extend(self.figures.keys());
        events.extend(self.places.keys());
        let mut out: Vec<Change> = self.events.values().flatten().cloned().collect();
        let mut found = BTreeSet::new();
        for id in events {
            for conflict in self.new_conflicts(conn, id)? {
                found.insert((id.clone(), conflict.to_string()));
            }
        }
        out.extend(
            found
                .into_iter()
                .map(|(event, conflict)| Change::Conflict { event, conflict }),
        );
        Ok(out)
    }

    /// The disagreements between the reports of event `id` that seeding would bring.
    fn new_conflicts(&self, conn: &Connection, id: &str) -> Result<Vec<Conflict>> {
        let stored_dates: Vec<Dated> = self
            .known
            .events
            .get(id)
            .map(|e| &e.reports[..])
            .unwrap_or_default()
            .iter()
            .map(|r| Dated {
                source: r.source_id.clone(),
                date: r.date,
            })
            .collect();
        let stored_figures = stored_figures(conn, id)?;
        let live = |source: &String| !self.replaced.contains(source);
        let mut dates: Vec<Dated> = stored_dates
            .iter()
            .filter(|d| live(&d.source))
            .cloned()
            .collect();
        dates.extend(self.dates.get(id).into_iter().flatten().cloned());
        let mut figures: Vec<Figure> = stored_figures
            .iter()
            .filter(|f| live(&f.source))
            .cloned()
            .collect();
        figures.extend(self.figures.get(id).into_iter().flatten().cloned());
        let before: BTreeSet<Conflict> = conflicts::dates(&stored_dates)
            .into_iter()
            .chain(conflicts::figures(&stored_figures))
            .chain(self.stored_places(conn, id)?)
            .collect();
        let places = self.places.get(id).into_iter().flatten().cloned();
        let after = conflicts::dates(&dates)
            .into_iter()
            .chain(conflicts::figures(&figures))
            .chain(places);
        Ok(after.filter(|c| !before.contains(c)).collect())
    }
}

/// What changed in a stored event, from `before` to `after`: its reports, date and place, and
/// a summary given.
fn changed(
    id: &str,
    before: &super::changes::EventState,
    after: &super::changes::EventState,
) -> Vec<Change> {
    let mut changes = Vec::new();
    if after.reports != before.reports {
        changes.push(Change::Reports {
            event: id.to_string(),
            title: after.title.clone(),
            before: before.reports,
            after: after.reports,
        });
    }
    changes.extend(date_and_place(id, &before.placed, after));
    if after.summary.is_some() && before.summary.is_none() {
        changes.push(Change::SummaryGiven {
            event: id.to_string(),
        });
    }
    changes
}

const PLACE_WITHIN: &str = "SELECT within_id FROM places WHERE id = ?1";

/// The stored figures of event `id`, each amount as SQLite writes its numbers.
const STORED_FIGURES: &str = "
    SELECT f.source_id, f.value, f.low, f.high, f.qualifier, f.unit, f.measure,
        coalesce(f.about_person_id, f.about_organisation_id) AS about,
        f.part_of IS NOT NULL AS part,
        CAST(f.value AS TEXT) AS value_text, CAST(f.low AS TEXT) AS low_text,
        CAST(f.high AS TEXT) AS high_text,
        f.claimed_by_person_id, f.claimed_by_organisation_id, s.publisher,
        s.published
    FROM figures f JOIN sources s ON s.id = f.source_id WHERE f.event_id = ?1";

fn stored_figures(conn: &Connection, id: &str) -> Result<Vec<Figure>> {
    let mut stmt = conn.prepare_cached(STORED_FIGURES)?;
    let rows = stmt.query_map([id], |r| {
        let amount = Amount {
            value: number(r.get("value")?),
            low: number(r.get("low")?),
            high: number(r.get("high")?),
            qualifier: Qualifier::named(&r.get::<_, String>("qualifier")?).unwrap_or_default(),
        };
        let texts: [Option<String>; 3] = [
            r.get("value_text")?,
            r.get("low_text")?,
            r.get("high_text")?,
        ];
        Ok(Figure {
            source: r.get("source_id")?,
            amount,
            amount_text: joined(texts),
            unit: r.get("unit")?,
            measure: r.get("measure")?,
            about: r.get("about")?,
            part: r.get("part")?,
            claimant: claimant_key(
                r.get::<_, Option<String>>("claimed_by_person_id")?
                    .as_deref(),
                r.get::<_, Option<String>>("claimed_by_organisation_id")?
                    .as_deref(),
                &r.get::<_, String>("publisher")?,
            ),
            published: r.get("published")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A stored number.
fn number(v: rusqlite::types::Value) -> Option<Number> {
    match v {
        rusqlite::types::Value::Integer(i) => Some(Number::Int(i)),
        rusqlite::types::Value::Real(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// The amount's text: its value, else `low–high`.
fn joined([value, low, high]: [Option<String>; 3]) -> String {
    value.unwrap_or_else(|| format!("{}–{}", low.unwrap_or_default(), high.unwrap_or_default()))
}

const NUMBER_TEXT: &str = "SELECT CAST(?1 AS TEXT)";

/// An amount of the files as SQLite would write it once stored.
fn amount_text(conn: &Connection, amount: &Amount) -> Result<String> {
    let text = |n: Option<Number>| -> Result<Option<String>> {
        match n {
            Some(n) => Ok(Some(
                conn.prepare_cached(NUMBER_TEXT)?
                    .query_row([n], |r| r.get(0))?,
            )),
            None => Ok(None),
        }
    };
    Ok(joined([
        text(amount.value)?,
        text(amount.low)?,
        text(amount.high)?,
    ]))
}
