//! GeoJSON (RFC 7946): a FeatureCollection with one Feature per event that has an area, for
//! QGIS, geojson.io, Leaflet and any GIS tool. An event at a point (`geo_precision` "point") is
//! a Point; one in an area, or in the area of a place its place lies within, a Polygon: the
//! box as one closed ring, counter-clockwise (west-south, east-south, east-north, west-north,
//! west-south). Positions are longitude first, WGS 84. Properties are the event's id, date
//! (EDTF), `date_human`, the date's `precision`, `geo_precision`, title, kind, place, and its
//! sources (their titles) and figures (worded as the timeline words them), each joined by "; ".
//! Events without coordinates are left out; [`skipped`] counts them.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Value};

use super::Export;
use crate::geo::{Geo, GeoPrecision};
use crate::output::figures::{lines, Style};
use crate::query::timeline::TimelineRow;

/// How many of `rows` have no coordinates (and are left out of the file).
pub fn skipped(rows: &[TimelineRow]) -> usize {
    rows.iter().filter(|r| r.geo.is_none()).count()
}

/// Write the events of `rows` that have coordinates as a FeatureCollection.
pub fn write(rows: &[TimelineRow], ctx: &Export, out: &mut dyn Write) -> Result<()> {
    let features: Vec<Value> = rows
        .iter()
        .filter_map(|r| Some(feature(r, r.geo.as_ref()?, ctx)))
        .collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_writer_pretty(&mut *out, &collection)?;
    writeln!(out)?;
    Ok(())
}

fn feature(row: &TimelineRow, geo: &Geo, ctx: &Export) -> Value {
    let title_of = |id: &String| {
        (ctx.sources.iter())
            .find(|s| &s.id == id)
            .map_or_else(|| id.clone(), |s| s.title.clone())
    };
    let sources: Vec<String> = row.sources.iter().map(title_of).collect();
    let figures = lines(&row.figures, Style { thousands: false });
    json!({
        "type": "Feature",
        "id": row.id,
        "geometry": geometry(geo),
        "properties": {
            "id": row.id,
            "date": row.date,
            "date_human": row.date_human,
            "precision": row.precision,
            "geo_precision": geo.precision,
            "title": row.title,
            "kind": row.kind,
            "place": row.place.as_ref().map(|p| p.name.clone()),
            "sources": sources.join("; "),
            "figures": figures.join("; "),
        }
    })
}

/// A Point for a point (or a box with no width or height), else the box as a Polygon.
fn geometry(geo: &Geo) -> Value {
    let flat = geo.west == geo.east || geo.south == geo.north;
    if geo.precision == GeoPrecision::Point || flat {
        return json!({ "type": "Point", "coordinates": [geo.longitude, geo.latitude] });
    }
    let (w, s, e, n) = (geo.west, geo.south, geo.east, geo.north);
    json!({
        "type": "Polygon",
        "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
    })
}
