//! Where an event happened, as precisely as its articles placed it: a point (a place's own
//! coordinates), an area (a place's bounding box, or a point with a radius), or the area of a
//! place it lies `within` (coarser than the place named). Coordinates are WGS 84 degrees.

use serde::Serialize;

/// How precisely a place is known, from the finest to the coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GeoPrecision {
    /// The place's own point: the town itself, a spot known to within its radius.
    Point,
    /// The place's own area: a region, a box, a point with a wide radius.
    Area,
    /// No coordinates of its own: the area of a place it lies within.
    Within,
}

/// An event's or a place's extent on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geo {
    /// The point, or the centre of the area: the columns other tools look for.
    pub latitude: f64,
    pub longitude: f64,
    /// The area the place may be anywhere in (a point's box is the point itself, or its radius).
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
    pub precision: GeoPrecision,
    /// The id of the place the coordinates are taken from (the place itself, or the one it
    /// lies within).
    pub place: String,
}
