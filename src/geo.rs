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

impl GeoPrecision {
    /// The word `geo_precision` stores and GeoJSON gives: `point`, `area`, `within`.
    pub fn as_str(self) -> &'static str {
        match self {
            GeoPrecision::Point => "point",
            GeoPrecision::Area => "area",
            GeoPrecision::Within => "within",
        }
    }

    /// The precision a stored word names.
    pub fn named(word: &str) -> Option<GeoPrecision> {
        [
            GeoPrecision::Point,
            GeoPrecision::Area,
            GeoPrecision::Within,
        ]
        .into_iter()
        .find(|p| p.as_str() == word)
    }
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

/// A point given with a radius over this many km is an area, not a point: a town's centre is
/// known to within a few km, anything wider places the event in a district or a region.
pub const POINT_RADIUS_KM: f64 = 5.0;

/// `--near LAT,LON` without a radius: this many km around the point.
pub const DEFAULT_NEAR_KM: f64 = 25.0;

/// The mean radius of the Earth (km), for great-circle distances.
const EARTH_KM: f64 = 6371.0088;

/// Km per degree of latitude.
const KM_PER_DEGREE: f64 = 111.32;

/// What one article states of where a place is: a point (with how far from it the place may
/// be), or an area. Values are checked finite and in range before one is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extent {
    Point {
        latitude: f64,
        longitude: f64,
        radius_km: Option<f64>,
    },
    Area(BBox),
}

/// A box in WGS 84 degrees, `west <= east` and `south <= north` (one crossing the antimeridian
/// is not supported).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    /// The box as `[west, south, east, north]`.
    pub fn from_array(b: [f64; 4]) -> BBox {
        BBox {
            west: b[0],
            south: b[1],
            east: b[2],
            north: b[3],
        }
    }

    /// The smallest box holding both.
    pub fn union(self, other: BBox) -> BBox {
        BBox {
            west: self.west.min(other.west),
            south: self.south.min(other.south),
            east: self.east.max(other.east),
            north: self.north.max(other.north),
        }
    }

    /// Whether the point lies in the box (its edges included).
    pub fn holds(&self, latitude: f64, longitude: f64) -> bool {
        (self.south..=self.north).contains(&latitude)
            && (self.west..=self.east).contains(&longitude)
    }

    /// Whether `other` lies wholly inside this box.
    pub fn covers(&self, other: &BBox) -> bool {
        self.holds(other.south, other.west) && self.holds(other.north, other.east)
    }

    /// Whether the two boxes share a point.
    pub fn meets(&self, other: &BBox) -> bool {
        self.west <= other.east
            && other.west <= self.east
            && self.south <= other.north
            && other.south <= self.north
    }

    /// The centre, as `(latitude, longitude)`.
    pub fn centre(&self) -> (f64, f64) {
        (
            (self.south + self.north) / 2.0,
            (self.west + self.east) / 2.0,
        )
    }
}

impl Extent {
    /// The extent a listing gives from its keys (`latitude`, `longitude`, `radius_km`, `bbox`
    /// as `[west, south, east, north]`): `None` without coordinates, or what is wrong with them.
    pub fn stated(
        latitude: Option<f64>,
        longitude: Option<f64>,
        radius_km: Option<f64>,
        bbox: Option<&[f64]>,
    ) -> Result<Option<Extent>, String> {
        let point_given = latitude.is_some() || longitude.is_some();
        if let Some(b) = bbox {
            if point_given {
                return Err(
                    "gives both a point (`latitude`, `longitude`) and a `bbox`: give one".into(),
                );
            }
            if radius_km.is_some() {
                return Err("gives `radius_km` with a `bbox`: a radius goes with a point".into());
            }
            return area(b).map(Some);
        }
        match (latitude, longitude) {
            (Some(lat), Some(lon)) => point(lat, lon, radius_km).map(Some),
            (Some(_), None) => Err("gives `latitude` without `longitude`".into()),
            (None, Some(_)) => Err("gives `longitude` without `latitude`".into()),
            (None, None) if radius_km.is_some() => {
                Err("gives `radius_km` without a point (`latitude`, `longitude`)".into())
            }
            (None, None) => Ok(None),
        }
    }

    /// The box the place may be anywhere in: a point's radius widens it, in degrees at that
    /// latitude (clamped to the map's edges).
    pub fn bbox(&self) -> BBox {
        match *self {
            Extent::Area(b) => b,
            Extent::Point {
                latitude,
                longitude,
                radius_km,
            } => {
                let r = radius_km.unwrap_or(0.0);
                let dlat = r / KM_PER_DEGREE;
                let cos = latitude.to_radians().cos().max(1e-6);
                let dlon = (r / (KM_PER_DEGREE * cos)).min(360.0);
                BBox {
                    west: (longitude - dlon).max(-180.0),
                    south: (latitude - dlat).max(-90.0),
                    east: (longitude + dlon).min(180.0),
                    north: (latitude + dlat).min(90.0),
                }
            }
        }
    }

    /// A point, or a point with a radius of at most [`POINT_RADIUS_KM`]: `Point`; else `Area`.
    pub fn precision(&self) -> GeoPrecision {
        match *self {
            Extent::Point { radius_km, .. } if radius_km.unwrap_or(0.0) <= POINT_RADIUS_KM => {
                GeoPrecision::Point
            }
            _ => GeoPrecision::Area,
        }
    }

    /// The point, or the centre of the area, as `(latitude, longitude)`.
    pub fn centre(&self) -> (f64, f64) {
        match *self {
            Extent::Point {
                latitude,
                longitude,
                ..
            } => (latitude, longitude),
            Extent::Area(b) => b.centre(),
        }
    }

    /// How wide the place is, in km: a point's radius, or the great-circle distance from the
    /// area's centre to its farthest corner.
    pub fn size_km(&self) -> f64 {
        match *self {
            Extent::Point { radius_km, .. } => radius_km.unwrap_or(0.0),
            Extent::Area(b) => {
                let (lat, lon) = b.centre();
                distance_km(lat, lon, b.north, b.east).max(distance_km(lat, lon, b.south, b.east))
            }
        }
    }

    /// The place's extent as a [`Geo`] named after place `place`, with its own precision or
    /// `precision` if coarser (a place that takes its area from one it lies within).
    pub fn geo(&self, place: &str, precision: GeoPrecision) -> Geo {
        let b = self.bbox();
        let (latitude, longitude) = self.centre();
        Geo {
            latitude,
            longitude,
            west: b.west,
            south: b.south,
            east: b.east,
            north: b.north,
            precision: precision.max(self.precision()),
            place: place.to_string(),
        }
    }
}

/// A checked point.
fn point(latitude: f64, longitude: f64, radius_km: Option<f64>) -> Result<Extent, String> {
    if !(-90.0..=90.0).contains(&latitude) {
        return Err(format!("`latitude` {latitude} is not between -90 and 90"));
    }
    if !(-180.0..=180.0).contains(&longitude) {
        return Err(format!(
            "`longitude` {longitude} is not between -180 and 180"
        ));
    }
    if let Some(r) = radius_km.filter(|r| !(*r > 0.0 && r.is_finite())) {
        return Err(format!(
            "`radius_km` {r} is not a distance: it must be more than 0"
        ));
    }
    Ok(Extent::Point {
        latitude,
        longitude,
        radius_km,
    })
}

/// A checked box, `[west, south, east, north]`.
fn area(b: &[f64]) -> Result<Extent, String> {
    let [west, south, east, north] = b else {
        return Err(format!(
            "`bbox` has {} numbers: it takes four, [west, south, east, north]",
            b.len()
        ));
    };
    for (name, v) in [("west", west), ("east", east)] {
        if !(-180.0..=180.0).contains(v) {
            return Err(format!(
                "`bbox` {name} {v} is not a longitude between -180 and 180"
            ));
        }
    }
    for (name, v) in [("south", south), ("north", north)] {
        if !(-90.0..=90.0).contains(v) {
            return Err(format!(
                "`bbox` {name} {v} is not a latitude between -90 and 90"
            ));
        }
    }
    if south > north {
        return Err(format!(
            "`bbox` south {south} is north of its north {north}"
        ));
    }
    if west > east {
        return Err(format!(
            "`bbox` west {west} is east of its east {east} (a box across the antimeridian is \
             not supported)"
        ));
    }
    Ok(Extent::Area(BBox::from_array([
        *west, *south, *east, *north,
    ])))
}

impl Geo {
    /// The box the event or place may be anywhere in.
    pub fn bbox(&self) -> BBox {
        BBox {
            west: self.west,
            south: self.south,
            east: self.east,
            north: self.north,
        }
    }
}

/// The great-circle (haversine) distance between two points, in km.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// The shortest great-circle distance (km) from a point to any point of a box: to the
/// nearest point of the box at the same longitude or latitude (0 inside it).
pub fn distance_to_box_km(latitude: f64, longitude: f64, b: &BBox) -> f64 {
    let lat = latitude.clamp(b.south, b.north);
    let lon = longitude.clamp(b.west, b.east);
    distance_km(latitude, longitude, lat, lon)
}

/// The longest great-circle distance (km) from a point to a corner of a box: every point of a
/// box small beside the Earth is at most that far.
pub fn farthest_in_box_km(latitude: f64, longitude: f64, b: &BBox) -> f64 {
    [
        (b.south, b.west),
        (b.south, b.east),
        (b.north, b.west),
        (b.north, b.east),
    ]
    .into_iter()
    .map(|(lat, lon)| distance_km(latitude, longitude, lat, lon))
    .fold(0.0, f64::max)
}

/// The box around a point holding every point within `km` of it (a prefilter: the exact test
/// is [`distance_to_box_km`]).
pub fn around(latitude: f64, longitude: f64, km: f64) -> BBox {
    Extent::Point {
        latitude,
        longitude,
        radius_km: Some(km * 1.001),
    }
    .bbox()
}

/// A window on the map asked for: `--near LAT,LON[,KM]` or `--bbox WEST,SOUTH,EAST,NORTH`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Window {
    Near {
        latitude: f64,
        longitude: f64,
        km: f64,
    },
    Box(BBox),
}

impl Window {
    /// The box holding the whole window, a little wider than it (the R*Tree's 32-bit boxes are
    /// rounded outwards): the prefilter, before the exact test [`Window::meets`].
    pub fn prefilter(&self) -> BBox {
        const SLACK: f64 = 1e-4;
        let b = match *self {
            Window::Near {
                latitude,
                longitude,
                km,
            } => around(latitude, longitude, km),
            Window::Box(b) => b,
        };
        BBox {
            west: b.west - SLACK,
            south: b.south - SLACK,
            east: b.east + SLACK,
            north: b.north + SLACK,
        }
    }

    /// Whether an area may lie in the window (some point of it does) or, with `within`,
    /// certainly does (every point of it does). Distances are great-circle.
    pub fn meets(&self, area: &BBox, within: bool) -> bool {
        match (*self, within) {
            (Window::Box(b), false) => b.meets(area),
            (Window::Box(b), true) => b.covers(area),
            (
                Window::Near {
                    latitude,
                    longitude,
                    km,
                },
                false,
            ) => distance_to_box_km(latitude, longitude, area) <= km,
            (
                Window::Near {
                    latitude,
                    longitude,
                    km,
                },
                true,
            ) => farthest_in_box_km(latitude, longitude, area) <= km,
        }
    }

    /// The window as the four numbers `annals_in_window` takes after its mode.
    pub fn numbers(&self) -> [f64; 4] {
        match *self {
            Window::Near {
                latitude,
                longitude,
                km,
            } => [latitude, longitude, km, 0.0],
            Window::Box(b) => [b.west, b.south, b.east, b.north],
        }
    }

    /// The mode `annals_in_window` takes: 0 a box, 1 near a point; plus 2 with `within`.
    pub fn mode(&self, within: bool) -> i64 {
        let near = matches!(self, Window::Near { .. }) as i64;
        near + 2 * within as i64
    }
}

/// Register `annals_in_window(mode, a, b, c, d, west, south, east, north)` on a connection:
/// whether the area lies in the window ([`Window::mode`], [`Window::numbers`]), by
/// [`Window::meets`]. A NULL area (an event without coordinates) is in no window.
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("annals_in_window", 9, flags, |ctx| {
        let mode: i64 = ctx.get(0)?;
        let mut v = [0.0; 8];
        for (i, slot) in v.iter_mut().enumerate() {
            match ctx.get::<Option<f64>>(i + 1)? {
                Some(x) => *slot = x,
                None => return Ok(false),
            }
        }
        let window = if mode % 2 == 1 {
            Window::Near {
                latitude: v[0],
                longitude: v[1],
                km: v[2],
            }
        } else {
            Window::Box(BBox::from_array([v[0], v[1], v[2], v[3]]))
        };
        let area = BBox::from_array([v[4], v[5], v[6], v[7]]);
        Ok(window.meets(&area, mode >= 2))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_km() {
        // Brussels to Zvečan, about 1,530 km.
        let d = distance_km(50.847, 4.357, 42.908, 20.840);
        assert!((1500.0..1550.0).contains(&d), "{d}");
        assert_eq!(distance_km(10.0, 10.0, 10.0, 10.0), 0.0);
    }

    #[test]
    fn a_wide_radius_makes_an_area_and_the_box_holds_the_circle() {
        let p = |r| Extent::Point {
            latitude: 42.9,
            longitude: 20.8,
            radius_km: r,
        };
        assert_eq!(p(None).precision(), GeoPrecision::Point);
        assert_eq!(p(Some(5.0)).precision(), GeoPrecision::Point);
        assert_eq!(p(Some(5.1)).precision(), GeoPrecision::Area);
        let b = p(Some(10.0)).bbox();
        assert!(distance_km(42.9, 20.8, b.north, 20.8) >= 9.9);
        assert!(distance_km(42.9, 20.8, 42.9, b.east) >= 9.9);
        let near = around(42.9, 20.8, 30.0);
        assert!(distance_to_box_km(42.9, 20.8, &near) == 0.0);
        assert!(distance_to_box_km(43.5, 20.8, &near) > 30.0);
    }
}
