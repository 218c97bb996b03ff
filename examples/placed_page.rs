//! The HTML page of a database whose places are given coordinates here, for the browser test
//! (`tests/browser/run`) and the README's screenshot while seed files cannot yet carry them:
//!   cargo run --example placed_page -- DB OUT.html YYYY-MM-DD
//! The founding article's places: Brussels as a point, northern Kosovo as an area; an event at
//! a place not listed here, or at none, stays off the map; the one the article places only "in
//! Kosovo" (`2023-01-19-serbs-shot-in-kosovo`, no place in the seed) is given Kosovo's box as
//! the area it lies within, so that the page shows each precision.

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use annals::export::{html, Export, Lanes};
use annals::geo::{Geo, GeoPrecision};
use annals::query::filter::Filter;
use annals::query::sources::sources;
use annals::query::timeline::{timeline, TimelineRow};

/// A place id, its point and box (west, south, east, north), and how precisely it is known.
const PLACES: &[(&str, [f64; 2], [f64; 4], GeoPrecision)] = &[
    (
        "brussels",
        [50.8467, 4.3525],
        [4.3525, 50.8467, 4.3525, 50.8467],
        GeoPrecision::Point,
    ),
    (
        "northern-kosovo",
        [42.95, 20.75],
        [20.3, 42.7, 21.2, 43.3],
        GeoPrecision::Area,
    ),
];
const KOSOVO: [f64; 4] = [20.03, 41.85, 21.75, 43.26];

fn geo(row: &TimelineRow) -> Option<Geo> {
    if row.id == "2023-01-19-serbs-shot-in-kosovo" {
        let [west, south, east, north] = KOSOVO;
        return Some(Geo {
            latitude: (south + north) / 2.0,
            longitude: (west + east) / 2.0,
            west,
            south,
            east,
            north,
            precision: GeoPrecision::Within,
            place: "kosovo".into(),
        });
    }
    let place = row.place.as_ref()?;
    let (id, [latitude, longitude], [west, south, east, north], precision) =
        PLACES.iter().find(|p| p.0 == place.id)?;
    Some(Geo {
        latitude: *latitude,
        longitude: *longitude,
        west: *west,
        south: *south,
        east: *east,
        north: *north,
        precision: *precision,
        place: id.to_string(),
    })
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, out, today] = &args[..] else {
        bail!("usage: placed_page DB OUT.html YYYY-MM-DD");
    };
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").context("the export date")?;
    let conn = annals::db::open(Path::new(db))?;
    let mut rows = Vec::new();
    timeline(&conn, &Filter::default(), |mut row| {
        row.geo = geo(&row);
        rows.push(row);
        Ok(())
    })?;
    let ctx = Export {
        today,
        lanes: Lanes::Kind,
        sources: sources(
            &conn,
            rows.iter()
                .flat_map(|r| r.sources.iter().map(String::as_str)),
        )?,
        of: None,
    };
    let mut page = Vec::new();
    html::write(&rows, &ctx, &mut page)?;
    std::fs::write(out, page).with_context(|| format!("cannot write {out}"))
}
