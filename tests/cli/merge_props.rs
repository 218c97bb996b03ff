//! A property beside the order and split property (`order_props`): for random corpora loaded
//! over a few runs, with an article edited between them, every stored row of an event, person,
//! organisation or place is what the merge rules (`annals::seed::merge`) give for the
//! statements stored of it (each report's own title, summary and place included), and the
//! `conflicts` view lists exactly the pairs (dates, places, figures) the rules of
//! `merge::conflicts` find. The database stores what the rules return; the view, which other
//! tools read, holds the rule the preview uses.

use std::collections::{BTreeSet, HashMap};
use std::fs;

use annals::date::FuzzyDate;
use annals::geo::Extent;
use annals::seed::merge::conflicts::{self, Dated, Figure, ReportedPlace};
use annals::seed::merge::{self, Origin, Report, Statement};
use annals::seed::model::{Amount, Number, Qualifier};
use proptest::prelude::*;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rusqlite::{Connection, OpenFlags, Row};

use crate::order_props::{article, Plan};
use crate::util::Env;

/// Load a random corpus in random batches but its last article, then, in one run, edit an
/// article loaded before and add the last one (so that the run checks its unchanged files too,
/// and a new file may come before them).
fn load(seed: u64) -> Env {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let plan = Plan::random(&mut rng);
    let ids: Vec<String> = (0..plan.articles).map(|a| format!("article-{a}")).collect();
    let mut names: Vec<String> = (0..plan.articles).map(|i| format!("f{i}.toml")).collect();
    names.shuffle(&mut rng);
    let env = Env::empty();
    fs::create_dir(env.path("seed")).unwrap();
    let mut order: Vec<usize> = (0..plan.articles).collect();
    order.shuffle(&mut rng);
    let last = order.pop().unwrap();
    let mut at = 0;
    while at < order.len() {
        let batch = 1 + rng.random_range(0..order.len() - at);
        for &a in &order[at..at + batch] {
            let text = article(&plan, &mut rng, a, &ids[a], false);
            env.write(&format!("seed/{}", names[a]), text);
        }
        at += batch;
        // A run may fail (an event only a later batch titles): it writes nothing.
        let _ = env.output(&["seed", "seed"]);
    }
    let a = order[rng.random_range(0..order.len())];
    let edited = article(&plan, &mut rng, a, &ids[a], true);
    env.write(&format!("seed/{}", names[a]), edited);
    let text = article(&plan, &mut rng, last, &ids[last], false);
    env.write(&format!("seed/{}", names[last]), text);
    env.ok(&["seed", "seed"]);
    env
}

fn origin(r: &Row) -> rusqlite::Result<Origin> {
    Ok(Origin {
        published: r.get("published")?,
        source: r.get("source_id")?,
    })
}

/// Every stored report of event `id`.
fn reports(conn: &Connection, id: &str) -> Vec<Report> {
    let mut stmt = conn
        .prepare(
            "SELECT es.*, s.published FROM event_sources es JOIN sources s ON s.id = es.source_id
             WHERE es.event_id = ?1",
        )
        .unwrap();
    let rows = stmt.query_map([id], |r| {
        let date: Option<String> = r.get("date")?;
        Ok(Report {
            origin: origin(r)?,
            date: date.map(|d| FuzzyDate::parse(&d).unwrap()),
            date_text: r.get("date_text")?,
            resolved: r.get("date_resolved")?,
            disputed: r.get("disputed")?,
            kind: r.get("kind")?,
            title: r.get("title")?,
            summary: r.get("summary")?,
            place: r.get("place_id")?,
            expected: r.get("expected")?,
        })
    });
    rows.unwrap().map(Result::unwrap).collect()
}

/// Each stored event's row against the rules' merge of its stored reports.
fn events_are_merged(conn: &Connection) -> Result<(), TestCaseError> {
    let within: HashMap<String, String> = crate::util::pairs(
        conn,
        "SELECT id, within_id FROM places WHERE within_id IS NOT NULL",
    )
    .into_iter()
    .collect();
    let parent = |p: &str| within.get(p).map(String::as_str);
    let ids = crate::util::column::<String>(conn, "SELECT id FROM events ORDER BY id");
    for id in ids {
        let m = merge::event(&reports(conn, &id), parent).expect("stored reports merge");
        let stored: (
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
        ) = conn
            .query_row(
                "SELECT kind, title, summary, place_id, date, date_human FROM events WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .unwrap();
        let merged = (
            m.kind.clone(),
            m.title.clone(),
            m.summary.clone(),
            m.place.clone(),
            m.date.date().to_string(),
            m.date.human(),
        );
        prop_assert_eq!(stored, merged, "event {}", id);
        let flags: (Option<String>, bool, String, bool, bool, bool) = conn
            .query_row(
                "SELECT date_text, expected, source_id, disputed, date_resolved, disputed_place \
                 FROM events WHERE id = ?1",
                [&id],
                |r| {
                    let flags = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
                    Ok((flags.0, flags.1, flags.2, flags.3, flags.4, r.get(5)?))
                },
            )
            .unwrap();
        let rules = (
            m.date_text,
            m.expected,
            m.source,
            m.date.disputed(),
            m.resolved,
            m.disputed_place,
        );
        prop_assert_eq!(flags, rules, "event {}", id);
    }
    Ok(())
}

/// A place's id, `geo_precision`, `geo_place`, `latitude` and `west`.
type PlaceLocation = (
    String,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

/// Each stored place's own coordinates against `merge::geo::choose` of what its listings state,
/// and a place without any against the place it lies within.
fn places_are_located(conn: &Connection) -> Result<(), TestCaseError> {
    let places: Vec<PlaceLocation> = conn
        .prepare("SELECT id, geo_precision, geo_place, latitude, west FROM places")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, precision, from, latitude, west) in places {
        let mut stmt = conn
            .prepare(
                "SELECT latitude, longitude, radius_km, west, south, east, north FROM definitions
                 WHERE kind = 'place' AND id = ?1",
            )
            .unwrap();
        let stated: Vec<Extent> = stmt
            .query_map([&id], |r| {
                let v = |i| r.get::<_, Option<f64>>(i);
                let b: Option<Vec<f64>> = [v(3)?, v(4)?, v(5)?, v(6)?].into_iter().collect();
                Ok(Extent::stated(v(0)?, v(1)?, v(2)?, b.as_deref()).unwrap())
            })
            .unwrap()
            .filter_map(Result::unwrap)
            .collect();
        match merge::geo::choose(&stated) {
            Some(e) => {
                let b = e.bbox();
                prop_assert_eq!(
                    (precision.as_deref(), from.as_deref(), latitude, west),
                    (
                        Some(e.precision().as_str()),
                        Some(id.as_str()),
                        Some(e.centre().0),
                        Some(b.west)
                    ),
                    "place {}",
                    id
                );
            }
            None => prop_assert!(
                precision.is_none() || precision.as_deref() == Some("within"),
                "place {} states no coordinates but is {:?}",
                id,
                precision
            ),
        }
    }
    Ok(())
}

/// Each stored person, organisation and place against the rules' merge of its statements.
fn entities_are_merged(conn: &Connection) -> Result<(), TestCaseError> {
    for (kind, table, columns) in [
        ("person", "people", "name, NULL, NULL, source_id"),
        (
            "organisation",
            "organisations",
            "name, kind, parent_id, source_id",
        ),
        ("place", "places", "name, NULL, within_id, source_id"),
    ] {
        let ids = crate::util::column::<String>(conn, &format!("SELECT id FROM {table}"));
        for id in ids {
            let mut stmt = conn
                .prepare(
                    "SELECT d.*, s.published FROM definitions d JOIN sources s ON s.id = d.source_id
                     WHERE d.kind = ?1 AND d.id = ?2",
                )
                .unwrap();
            let statements: Vec<Statement> = stmt
                .query_map([kind, &id], |r| {
                    Ok(Statement {
                        origin: origin(r)?,
                        name: r.get("name")?,
                        org_kind: r.get("org_kind")?,
                        parent: r.get("parent_id")?,
                        wikidata: r.get("wikidata")?,
                        geonames: r.get::<_, Option<i64>>("geonames")?.map(|g| g.to_string()),
                    })
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let m = merge::entity(&statements).expect("a stored row has a name");
            let stored: (String, Option<String>, Option<String>, String) = conn
                .query_row(
                    &format!("SELECT {columns} FROM {table} WHERE id = ?1"),
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .unwrap();
            prop_assert_eq!(
                stored,
                (m.name, m.org_kind, m.parent, m.source),
                "{} {}",
                kind,
                id
            );
        }
    }
    Ok(())
}

/// A stored number.
fn number(v: rusqlite::types::Value) -> Option<Number> {
    match v {
        rusqlite::types::Value::Integer(i) => Some(Number::Int(i)),
        rusqlite::types::Value::Real(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// The pairs of disagreeing reports the rules find, event by event.
fn conflicts_by_the_rules(conn: &Connection) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let within: HashMap<String, String> = crate::util::pairs(
        conn,
        "SELECT id, within_id FROM places WHERE within_id IS NOT NULL",
    )
    .into_iter()
    .collect();
    let parent = |p: &str| within.get(p).map(String::as_str);
    for id in crate::util::column::<String>(conn, "SELECT id FROM events") {
        let dated: Vec<Dated> = reports(conn, &id)
            .into_iter()
            .map(|r| Dated {
                source: r.origin.source,
                date: r.date,
            })
            .collect();
        let mut stmt = conn
            .prepare(
                "SELECT f.source_id, f.value, f.low, f.high, f.qualifier, f.unit, f.measure,
                    coalesce(f.about_person_id, f.about_organisation_id) AS about,
                    f.part_of IS NOT NULL AS part,
                    ifnull(CAST(f.value AS TEXT),
                           CAST(f.low AS TEXT) || '–' || CAST(f.high AS TEXT)) AS amount_text,
                    coalesce('person:' || f.claimed_by_person_id,
                             'organisation:' || f.claimed_by_organisation_id,
                             'publisher:' || s.publisher) AS claimant,
                    s.published
                 FROM figures f JOIN sources s ON s.id = f.source_id WHERE f.event_id = ?1",
            )
            .unwrap();
        let figures: Vec<Figure> = stmt
            .query_map([&id], |r| {
                Ok(Figure {
                    source: r.get("source_id")?,
                    amount: Amount {
                        value: number(r.get("value")?),
                        low: number(r.get("low")?),
                        high: number(r.get("high")?),
                        qualifier: Qualifier::named(&r.get::<_, String>("qualifier")?).unwrap(),
                    },
                    amount_text: r.get("amount_text")?,
                    unit: r.get("unit")?,
                    measure: r.get("measure")?,
                    about: r.get("about")?,
                    part: r.get("part")?,
                    claimant: r.get("claimant")?,
                    published: r.get("published")?,
                })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let placed: Vec<ReportedPlace> = reports(conn, &id)
            .into_iter()
            .map(|r| ReportedPlace {
                source: r.origin.source,
                place: r.place,
            })
            .collect();
        for c in conflicts::dates(&dated)
            .into_iter()
            .chain(conflicts::figures(&figures))
            .chain(conflicts::places(&placed, parent))
        {
            out.insert(format!("{id}: {c}"));
        }
    }
    out
}

fn run_case(seed: u64) -> Result<(), TestCaseError> {
    let env = load(seed);
    let conn = Connection::open_with_flags(env.db(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    events_are_merged(&conn)?;
    entities_are_merged(&conn)?;
    places_are_located(&conn)?;
    let view: BTreeSet<String> = crate::util::column::<String>(
        &conn,
        "SELECT event_id || ': ' || about || ': ' || value_a || ' (' || source_a || ') against '
                || value_b || ' (' || source_b || ')' FROM conflicts",
    )
    .into_iter()
    .collect();
    prop_assert_eq!(view, conflicts_by_the_rules(&conn), "seed {}", seed);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 30, ..ProptestConfig::default() })]

    #[test]
    fn stored_rows_and_conflicts_are_what_the_merge_rules_give(seed in any::<u64>()) {
        run_case(seed)?;
    }
}
