//! Where places and events are, kept by the writer at the end of a run: each place's extent
//! (`places.latitude` ... `geo_precision`), merged from what its listings state by
//! [`merge::geo::choose`] or taken from the nearest place it lies within, and each event's area
//! (`event_geo` and its R*Tree `event_area`) for the events the run touched and those whose
//! places moved. Places are few and read whole; events are read one by one.
//!
//! An event's area is the box covering its place and every report's place that does not hold
//! its place (a report that says "northern Kosovo" of an event in Zvečan adds nothing; one that
//! names another town widens the area, honestly). Its precision is the coarsest of theirs, and
//! an area when it covers more than one place's; its point is its place's point when that is
//! all it covers, the box's centre otherwise.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Deserialize;

use crate::db;
use crate::geo::{BBox, Extent, Geo, GeoPrecision};
use crate::seed::merge::geo::choose;
use crate::seed::merge::places::{lies_within, MAX_DEPTH};

/// Each place's extent as stored, with the place it lies within.
const PLACES: &str = "
    SELECT id, within_id, latitude, longitude, west, south, east, north, geo_precision, geo_place
    FROM places";
/// What each listing of a place states of where it is.
const STATED: &str = "
    SELECT id, latitude, longitude, radius_km, west, south, east, north FROM definitions
    WHERE kind = 'place' AND (latitude IS NOT NULL OR west IS NOT NULL)";
const UPDATE_PLACE: &str = "
    UPDATE places SET latitude = ?2, longitude = ?3, radius_km = ?4, west = ?5, south = ?6,
        east = ?7, north = ?8, geo_precision = ?9, geo_place = ?10
    WHERE id = ?1";
/// Events whose place, or some report's place, is one of `?1` (a JSON array).
const EVENTS_AT: &str = "
    SELECT id FROM events WHERE place_id IN (SELECT value FROM json_each(?1))
    UNION SELECT event_id FROM event_sources WHERE place_id IN (SELECT value FROM json_each(?1))";
const EVENT_PLACES: &str = "
    SELECT rowid, place_id, (SELECT json_group_array(DISTINCT es.place_id) FROM event_sources es
                             WHERE es.event_id = events.id AND es.place_id IS NOT NULL) AS reported
    FROM events WHERE id = ?1";
const STORED_AREA: &str = "
    SELECT latitude, longitude, west, south, east, north, geo_precision, geo_place
    FROM event_geo WHERE event_id = ?1";
const UPSERT_AREA: &str = "
    INSERT OR REPLACE INTO event_geo (event_id, latitude, longitude, west, south, east, north,
        geo_precision, geo_place)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const DELETE_AREA: &str = "DELETE FROM event_geo WHERE event_id = ?1";
const INDEX_AREA: &str =
    "INSERT OR REPLACE INTO event_area (id, west, east, south, north) VALUES (?1, ?2, ?3, ?4, ?5)";
const UNINDEX_AREA: &str = "DELETE FROM event_area WHERE id = ?1";

#[derive(Deserialize)]
struct PlaceRow {
    id: String,
    within_id: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    west: Option<f64>,
    south: Option<f64>,
    east: Option<f64>,
    north: Option<f64>,
    geo_precision: Option<String>,
    geo_place: Option<String>,
}

#[derive(Deserialize)]
struct StatedRow {
    id: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    radius_km: Option<f64>,
    west: Option<f64>,
    south: Option<f64>,
    east: Option<f64>,
    north: Option<f64>,
}

impl StatedRow {
    fn extent(&self) -> Option<Extent> {
        let b = [self.west, self.south, self.east, self.north];
        let bbox: Option<Vec<f64>> = b.into_iter().collect();
        Extent::stated(
            self.latitude,
            self.longitude,
            self.radius_km,
            bbox.as_deref(),
        )
        .ok()
        .flatten()
    }
}

/// The stored columns of a place's or an event's extent.
fn stored_geo(
    values: [Option<f64>; 6],
    precision: Option<&str>,
    place: Option<&str>,
) -> Option<Geo> {
    let [latitude, longitude, west, south, east, north] = values;
    let precision = GeoPrecision::named(precision?)?;
    Some(Geo {
        latitude: latitude?,
        longitude: longitude?,
        west: west?,
        south: south?,
        east: east?,
        north: north?,
        precision,
        place: place?.to_string(),
    })
}

/// Every place's extent, brought up to date; the ids whose extent changed. `radius_km` is kept
/// beside it (the radius of the statement that stands).
pub(super) fn places(tx: &Transaction) -> Result<(HashMap<String, Geo>, ParentMap, Vec<String>)> {
    let mut stated: BTreeMap<String, Vec<Extent>> = BTreeMap::new();
    for row in db::rows::<StatedRow>(tx, STATED, [])? {
        if let Some(e) = row.extent() {
            stated.entry(row.id).or_default().push(e);
        }
    }
    let own: HashMap<String, Extent> = (stated.iter())
        .filter_map(|(id, list)| Some((id.clone(), choose(list)?)))
        .collect();
    let rows: Vec<PlaceRow> = db::rows(tx, PLACES, [])?;
    let parents: ParentMap = (rows.iter())
        .filter_map(|r| Some((r.id.clone(), r.within_id.clone()?)))
        .collect();
    let mut geos = HashMap::new();
    let mut changed = Vec::new();
    for r in &rows {
        let geo = place_geo(&r.id, &own, &parents);
        let stored = stored_geo(
            [r.latitude, r.longitude, r.west, r.south, r.east, r.north],
            r.geo_precision.as_deref(),
            r.geo_place.as_deref(),
        );
        if geo != stored {
            let radius = match own.get(&r.id) {
                Some(Extent::Point { radius_km, .. }) => *radius_km,
                _ => None,
            };
            let g = geo.as_ref();
            tx.prepare_cached(UPDATE_PLACE)?.execute(params![
                r.id,
                g.map(|g| g.latitude),
                g.map(|g| g.longitude),
                radius,
                g.map(|g| g.west),
                g.map(|g| g.south),
                g.map(|g| g.east),
                g.map(|g| g.north),
                g.map(|g| g.precision.as_str()),
                g.map(|g| g.place.as_str()),
            ])?;
            changed.push(r.id.clone());
        }
        if let Some(g) = geo {
            geos.insert(r.id.clone(), g);
        }
    }
    Ok((geos, parents, changed))
}

/// Each place's id with the place it lies within.
pub(super) type ParentMap = HashMap<String, String>;

/// A place's extent: its own, or that of the nearest place it lies within that has one.
fn place_geo(id: &str, own: &HashMap<String, Extent>, parents: &ParentMap) -> Option<Geo> {
    if let Some(e) = own.get(id) {
        return Some(e.geo(id, GeoPrecision::Point));
    }
    let mut at = parents.get(id)?;
    for _ in 0..MAX_DEPTH {
        if let Some(e) = own.get(at) {
            return Some(e.geo(at, GeoPrecision::Within));
        }
        at = parents.get(at)?;
    }
    None
}

/// Every place's extent, then the areas of the `touched` events and of those at a place whose
/// extent changed, brought up to date.
pub(super) fn events(tx: &Transaction, touched: &BTreeSet<String>) -> Result<()> {
    let (geos, parents, changed) = places(tx)?;
    let mut ids = touched.clone();
    if !changed.is_empty() {
        let list = serde_json::to_string(&changed)?;
        let mut stmt = tx.prepare_cached(EVENTS_AT)?;
        for id in stmt.query_map([list], |r| r.get::<_, String>(0))? {
            ids.insert(id?);
        }
    }
    for id in &ids {
        event_area(tx, id, &geos, &parents)?;
    }
    Ok(())
}

/// One event's area, stored when it changed.
fn event_area(
    tx: &Transaction,
    id: &str,
    geos: &HashMap<String, Geo>,
    parents: &ParentMap,
) -> Result<()> {
    let row = tx
        .prepare_cached(EVENT_PLACES)?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    // An event no longer stored: its rows went with it.
    let Some((rowid, place, reported)) = row else {
        return Ok(());
    };
    let reported: Vec<String> = serde_json::from_str(&reported)?;
    let area = area_of(place.as_deref(), &reported, geos, parents);
    let stored = tx
        .prepare_cached(STORED_AREA)?
        .query_row([id], |r| {
            let v = |i| r.get::<_, Option<f64>>(i);
            let values = [v(0)?, v(1)?, v(2)?, v(3)?, v(4)?, v(5)?];
            let (p, g): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
            Ok(stored_geo(values, p.as_deref(), g.as_deref()))
        })
        .optional()?
        .flatten();
    if area == stored {
        return Ok(());
    }
    match area {
        Some(g) => {
            tx.prepare_cached(UPSERT_AREA)?.execute(params![
                id,
                g.latitude,
                g.longitude,
                g.west,
                g.south,
                g.east,
                g.north,
                g.precision.as_str(),
                g.place
            ])?;
            tx.prepare_cached(INDEX_AREA)?
                .execute(params![rowid, g.west, g.east, g.south, g.north])?;
        }
        None => {
            tx.prepare_cached(DELETE_AREA)?.execute([id])?;
            tx.prepare_cached(UNINDEX_AREA)?.execute([rowid])?;
        }
    }
    Ok(())
}

/// An event's area from its place and the places its reports give (see the module's notes).
pub fn area_of(
    place: Option<&str>,
    reported: &[String],
    geos: &HashMap<String, Geo>,
    parents: &ParentMap,
) -> Option<Geo> {
    let place = place?;
    let parent = |x: &str| parents.get(x).map(String::as_str);
    let mut parts: Vec<&Geo> = geos.get(place).into_iter().collect();
    for r in reported {
        if r != place && !lies_within(place, r, parent, MAX_DEPTH) {
            parts.extend(geos.get(r.as_str()));
        }
    }
    let first = (*parts.first()?).clone();
    let bbox = parts.iter().fold(first.bbox(), |b, g| b.union(g.bbox()));
    if bbox == first.bbox() {
        return Some(Geo {
            precision: parts.iter().map(|g| g.precision).max()?,
            ..first
        });
    }
    let BBox {
        west,
        south,
        east,
        north,
    } = bbox;
    let (latitude, longitude) = bbox.centre();
    let coarsest = parts.iter().map(|g| g.precision).max()?;
    Some(Geo {
        latitude,
        longitude,
        west,
        south,
        east,
        north,
        precision: coarsest.max(GeoPrecision::Area),
        place: first.place,
    })
}
