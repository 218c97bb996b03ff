//! The country outlines drawn under the map of an exported page: Natural Earth's 1:50m country
//! boundaries (public domain), converted once by `tools/outline.mjs` into `countries-50m.txt`
//! beside this file and compiled in. A page embeds only the rings (a country's mainland, an
//! island) that meet the events' extent with a margin ([`around`]), cut to that box, so
//! a record of events in the Balkans carries south-eastern Europe's outlines, not the world's
//! (nor the whole of Russia's).

use serde::Serialize;

use crate::geo::{BBox, Geo};

/// The outlines: a comment header, then one country a line (see `tools/outline.mjs`).
const COUNTRIES: &str = include_str!("countries-50m.txt");

/// The smallest span the map opens on, in degrees of latitude: a single town is shown with the
/// country around it, never filling the map.
pub const MIN_SPAN: f64 = 4.0;
/// The margin around the events the map opens with, as a fraction of their span (`map.js`).
pub const PAD: f64 = 0.25;
/// The map's width to its height (`timeline.css`).
pub const ASPECT: f64 = 4.0 / 3.0;
/// How much wider than the opening view the embedded outline reaches.
pub const ROOM: f64 = 1.5;

/// One country's rings that a page embeds, each as `tools/outline.mjs` writes it (hundredths of
/// a degree: the first point, then steps).
#[derive(Debug, Serialize)]
pub struct Country {
    pub name: &'static str,
    pub rings: Vec<String>,
}

/// A point in hundredths of a degree: longitude, latitude.
type Hundredths = (i32, i32);

/// The box holding every one of `geos`' areas; `None` when there is none.
pub fn extent<'a>(geos: impl IntoIterator<Item = &'a Geo>) -> Option<BBox> {
    geos.into_iter().map(Geo::bbox).reduce(BBox::union)
}

/// The box the map opens on when fitted to `extent` (as `map.js` fits it: at least
/// [`MIN_SPAN`] across, a margin of [`PAD`] on each side, in the map's [`ASPECT`]; a degree of
/// longitude is `cos(latitude)` of one of latitude), widened by [`ROOM`] so that zooming out a
/// little still shows land.
pub fn around(extent: BBox) -> BBox {
    let (lat, lon) = extent.centre();
    let k = lat.to_radians().cos().max(0.1);
    let w = ((extent.east - extent.west) * k).max(MIN_SPAN);
    let h = (extent.north - extent.south).max(MIN_SPAN);
    let width = w.max(h * ASPECT) * (1.0 + 2.0 * PAD) * ROOM;
    let height = width / ASPECT;
    BBox {
        west: (lon - width / 2.0 / k).max(-180.0),
        south: (lat - height / 2.0).max(-90.0),
        east: (lon + width / 2.0 / k).min(180.0),
        north: (lat + height / 2.0).min(90.0),
    }
}

/// The rings of every country that meet `extent` (already with its margin), cut to it;
/// countries in the file's order (by name).
pub fn countries(extent: &BBox) -> Vec<Country> {
    let clip = clip_box(extent);
    COUNTRIES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (name, bbox, rings) = (fields.next()?, fields.next()?, fields.next()?);
            if !box_of(bbox)?.meets(extent) {
                return None;
            }
            let rings: Vec<String> = rings
                .split(';')
                .filter_map(|ring| {
                    let points = cut(decode(ring)?, clip);
                    (points.len() >= 3).then(|| encode(&points))
                })
                .collect();
            (!rings.is_empty()).then_some(Country { name, rings })
        })
        .collect()
}

/// The box in hundredths of a degree, rounded outwards: west, south, east, north.
fn clip_box(extent: &BBox) -> (i32, i32, i32, i32) {
    (
        (extent.west * 100.0).floor() as i32,
        (extent.south * 100.0).floor() as i32,
        (extent.east * 100.0).ceil() as i32,
        (extent.north * 100.0).ceil() as i32,
    )
}

/// The part of a ring inside the box (west, south, east, north), by cutting it along each of
/// the box's sides in turn (Sutherland and Hodgman): a ring that crosses the box twice becomes
/// one ring with a stretch along the side, which the map shows only when zoomed out past it.
fn cut(mut ring: Vec<Hundredths>, (w, s, e, n): (i32, i32, i32, i32)) -> Vec<Hundredths> {
    // Where a segment crosses a vertical or a horizontal side.
    let at_x = |a: Hundredths, b: Hundredths, x: i32| {
        let t = f64::from(x - a.0) / f64::from(b.0 - a.0);
        (x, a.1 + (t * f64::from(b.1 - a.1)).round() as i32)
    };
    let at_y = |a: Hundredths, b: Hundredths, y: i32| {
        let t = f64::from(y - a.1) / f64::from(b.1 - a.1);
        (a.0 + (t * f64::from(b.0 - a.0)).round() as i32, y)
    };
    type Inside<'a> = &'a dyn Fn(Hundredths) -> bool;
    type Cross<'a> = &'a dyn Fn(Hundredths, Hundredths) -> Hundredths;
    let sides: [(Inside, Cross); 4] = [
        (&|p| p.0 >= w, &|a, b| at_x(a, b, w)),
        (&|p| p.0 <= e, &|a, b| at_x(a, b, e)),
        (&|p| p.1 >= s, &|a, b| at_y(a, b, s)),
        (&|p| p.1 <= n, &|a, b| at_y(a, b, n)),
    ];
    for (inside, cross) in sides {
        let Some(&last) = ring.last() else { break };
        let mut out = Vec::with_capacity(ring.len());
        let mut prev = last;
        for &p in &ring {
            match (inside(prev), inside(p)) {
                (true, true) => out.push(p),
                (true, false) => out.push(cross(prev, p)),
                (false, true) => out.extend([cross(prev, p), p]),
                (false, false) => {}
            }
            prev = p;
        }
        ring = out;
    }
    ring.dedup();
    ring
}

/// A ring's points from its text: the first point, then steps.
fn decode(ring: &str) -> Option<Vec<Hundredths>> {
    let numbers: Vec<i32> = ring
        .split(',')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let mut points: Vec<Hundredths> = Vec::with_capacity(numbers.len() / 2);
    for pair in numbers.chunks(2) {
        let [dx, dy] = pair else { return None };
        let (x, y) = points.last().copied().unwrap_or((0, 0));
        points.push((x + dx, y + dy));
    }
    Some(points)
}

/// A ring as text again: the first point, then steps.
fn encode(points: &[Hundredths]) -> String {
    let mut out = String::with_capacity(points.len() * 6);
    let mut prev = (0, 0);
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{},{}", x - prev.0, y - prev.1));
        prev = (x, y);
    }
    out
}

/// "west south east north" in hundredths of a degree.
fn box_of(text: &str) -> Option<BBox> {
    let v: Vec<f64> = text
        .split(' ')
        .map(|n| n.parse::<i32>().ok().map(|n| f64::from(n) / 100.0))
        .collect::<Option<_>>()?;
    let [west, south, east, north] = v[..] else {
        return None;
    };
    Some(BBox::from_array([west, south, east, north]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::GeoPrecision;

    fn point(latitude: f64, longitude: f64) -> Geo {
        Geo {
            latitude,
            longitude,
            west: longitude,
            south: latitude,
            east: longitude,
            north: latitude,
            precision: GeoPrecision::Point,
            place: "p".into(),
        }
    }

    fn whole(text: &str) -> (i32, i32, i32, i32) {
        let v: Vec<i32> = text.split(' ').map(|n| n.parse().unwrap()).collect();
        (v[0], v[1], v[2], v[3])
    }

    fn names(extent: &BBox) -> Vec<&'static str> {
        countries(extent).iter().map(|c| c.name).collect()
    }

    #[test]
    fn every_line_of_the_outline_reads() {
        let lines: Vec<&str> = COUNTRIES.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(lines.len() > 200, "{} countries", lines.len());
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 3, "{}", &line[..40.min(line.len())]);
            let (w, s, e, n) = whole(f[1]);
            for ring in f[2].split(';') {
                let points = decode(ring).unwrap_or_else(|| panic!("{}: a ring", f[0]));
                assert!(points.len() >= 4, "{}", f[0]);
                let inside = points
                    .iter()
                    .all(|p| p.0 >= w && p.0 <= e && p.1 >= s && p.1 <= n);
                assert!(inside, "{}: a point outside its box", f[0]);
                assert_eq!(encode(&points), ring, "{}", f[0]);
            }
        }
    }

    #[test]
    fn a_town_takes_the_countries_around_it_and_not_far_away_ones() {
        // Zvečan, in northern Kosovo.
        let extent = around(extent([&point(42.91, 20.84)]).unwrap());
        let near = names(&extent);
        for n in ["Kosovo", "Serbia", "Montenegro", "Albania", "Macedonia"] {
            assert!(near.contains(&n), "{n} missing from {near:?}");
        }
        for n in ["Belgium", "Brazil", "Japan", "Australia"] {
            assert!(!near.contains(&n), "{n} in {near:?}");
        }
    }

    #[test]
    fn the_margin_is_at_least_the_smallest_span_and_grows_with_the_extent() {
        let town = around(extent([&point(42.91, 20.84)]).unwrap());
        let across = MIN_SPAN * (1.0 + 2.0 * PAD);
        assert!(town.north - town.south >= across, "{town:?}");
        assert!(town.south < 42.91 - across / 2.0 && town.north > 42.91 + across / 2.0);
        let wide = extent([&point(50.85, 4.35), &point(42.91, 20.84)]).unwrap();
        let opened = around(wide);
        let margin = (20.84 - 4.35) * PAD;
        assert!(
            opened.west < 4.35 - margin && opened.east > 20.84 + margin,
            "{opened:?}"
        );
        assert!(opened.south < 42.91 - 1.0 && opened.north > 50.85 + 1.0);
        let names = names(&opened);
        assert!(names.contains(&"Belgium") && names.contains(&"Kosovo"));
        assert!(!names.contains(&"Brazil"), "{names:?}");
    }

    #[test]
    fn a_wide_country_is_cut_to_the_box_around_the_events() {
        // Moscow: a piece of Russia's mainland, not its far eastern islands.
        let extent = around(extent([&point(55.75, 37.62)]).unwrap());
        let all = COUNTRIES
            .lines()
            .find(|l| l.starts_with("Russia\t"))
            .unwrap();
        let russia = countries(&extent)
            .into_iter()
            .find(|c| c.name == "Russia")
            .unwrap();
        assert!(russia.rings.len() < all.split(';').count());
        let size: usize = russia.rings.iter().map(String::len).sum();
        assert!(size * 10 < all.len(), "{size} of {}", all.len());
        let (w, s, e, n) = clip_box(&extent);
        for ring in &russia.rings {
            for p in decode(ring).unwrap() {
                assert!(p.0 >= w && p.1 >= s && p.0 <= e && p.1 <= n, "{p:?}");
            }
        }
    }

    #[test]
    fn cutting_keeps_the_inside_of_a_ring() {
        // A square 0..10 cut by the box 5..20 x -5..5: the square's quarter 5..10 x 0..5.
        let square = vec![(0, 0), (10, 0), (10, 10), (0, 10)];
        let mut quarter = cut(square, (5, -5, 20, 5));
        quarter.sort();
        assert_eq!(quarter, [(5, 0), (5, 5), (10, 0), (10, 5)]);
        assert!(cut(vec![(0, 0), (1, 0), (1, 1)], (5, 5, 9, 9)).is_empty());
    }
}
