//! Places on the map: coordinates in seed files (a point, an area, a place with only `within`),
//! their checks and warnings, the columns of the `places` table and the `timeline` view (read
//! with the sqlite3 shell), and asking by place (`--near`, `--bbox`).

use std::process::Command;

use crate::util::Env;

/// An article placing events at a point (Zvečan), in an area (northern Kosovo), at a place
/// with only `within` (a village in northern Kosovo), and at a place without coordinates.
pub const PLACED: &str = r#"
[source]
id = "placed"
title = "Placed"
publisher = "Wire"
published = "2023-06-01"

[[places]]
id = "north"
name = "North"
bbox = [20.4, 42.85, 21.0, 43.3]

[[places]]
id = "zvecan"
name = "Zvečan"
latitude = 42.908
longitude = 20.84
radius_km = 1.5
within = "north"
wikidata = "Q1005064"

[[places]]
id = "village"
name = "Village"
within = "north"

[[places]]
id = "wide"
name = "Wide"
latitude = 43.0
longitude = 20.8
radius_km = 20

[[places]]
id = "nowhere"
name = "Nowhere"

[[events]]
id = "at-zvecan"
date = "2023-05-29"
kind = "attack"
title = "At Zvecan"
place = "zvecan"

[[events]]
id = "in-north"
date = "2023-05"
kind = "protest"
title = "In the north"
place = "north"

[[events]]
id = "in-village"
date = "2023-04-02"
kind = "vote"
title = "In the village"
place = "village"

[[events]]
id = "in-wide"
date = "2023-03-01"
kind = "vote"
title = "Around"
place = "wide"

[[events]]
id = "unplaced"
date = "2023-05-10"
kind = "vote"
title = "Unplaced"
place = "nowhere"
"#;

pub fn placed() -> Env {
    let env = Env::empty();
    env.write("seed/placed.toml", PLACED);
    env.ok(&["seed"]);
    env
}

/// The sqlite3 shell's output for `sql`, or None (with a note) where it is not installed and
/// ANNALS_REQUIRE_SQLITE3 is not set.
fn sqlite3(env: &Env, sql: &str) -> Option<String> {
    match Command::new("sqlite3").arg(env.db()).arg(sql).output() {
        Ok(out) => Some(String::from_utf8(crate::util::succeeded(out).stdout).unwrap()),
        Err(e) => {
            assert!(
                std::env::var_os("ANNALS_REQUIRE_SQLITE3").is_none(),
                "the sqlite3 shell is required here: {e}"
            );
            eprintln!("no sqlite3 shell here ({e}): skipped");
            None
        }
    }
}

#[test]
fn a_point_an_area_and_a_place_with_only_within_in_the_views() {
    let env = placed();
    let Some(places) = sqlite3(
        &env,
        "SELECT id, latitude, longitude, geo_precision, west, south, east, north, geo_place, \
         wikidata FROM places ORDER BY id",
    ) else {
        return;
    };
    let lines: Vec<&str> = places.lines().collect();
    assert_eq!(lines.len(), 5, "{places}");
    assert_eq!(
        lines[0],
        "north|43.075|20.7|area|20.4|42.85|21.0|43.3|north|"
    );
    assert_eq!(lines[1], "nowhere|||||||||");
    assert_eq!(
        lines[2],
        "village|43.075|20.7|within|20.4|42.85|21.0|43.3|north|"
    );
    assert!(lines[3].starts_with("wide|43.0|20.8|area|"), "{}", lines[3]);
    assert!(
        lines[4].starts_with("zvecan|42.908|20.84|point|20.8"),
        "{}",
        lines[4]
    );
    assert!(lines[4].ends_with("|zvecan|Q1005064"), "{}", lines[4]);
    let timeline = sqlite3(
        &env,
        "SELECT id, latitude, longitude, geo_precision, west, north FROM timeline ORDER BY id",
    )
    .unwrap();
    let rows: Vec<&str> = timeline.lines().collect();
    // Zvečan's radius of 1.5 km widens its box by about 0.0135° of latitude.
    assert!(
        rows[0].starts_with("at-zvecan|42.908|20.84|point|20.821"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("|42.9214"), "{}", rows[0]);
    assert_eq!(rows[1], "in-north|43.075|20.7|area|20.4|43.3");
    assert_eq!(rows[2], "in-village|43.075|20.7|within|20.4|43.3");
    assert!(
        rows[3].starts_with("in-wide|43.0|20.8|area|"),
        "{}",
        rows[3]
    );
    assert_eq!(rows[4], "unplaced|||||");
}

#[test]
fn coordinates_out_of_range_or_not_a_box_are_errors_naming_the_place() {
    let env = Env::empty();
    let cases = [
        (
            "latitude = 91.0\nlongitude = 20.0",
            "`latitude` 91 is not between -90 and 90",
        ),
        (
            "latitude = 42.0\nlongitude = -181",
            "`longitude` -181 is not between -180 and 180",
        ),
        (
            "latitude = 42.0\nlongitude = 20.0\nradius_km = 0",
            "`radius_km` 0 is not a distance",
        ),
        ("latitude = 42.0", "gives `latitude` without `longitude`"),
        (
            "bbox = [20.0, 43.0, 21.0, 42.0]",
            "`bbox` south 43 is north of its north 42",
        ),
        (
            "bbox = [21.0, 42.0, 20.0, 43.0]",
            "a box across the antimeridian is not supported",
        ),
        ("bbox = [20.0, 42.0, 21.0]", "`bbox` has 3 numbers"),
        (
            "bbox = [20.0, 42.0, 21.0, 43.0]\nlatitude = 42.5\nlongitude = 20.5",
            "gives both a point",
        ),
        ("wikidata = \"42\"", "is not a Wikidata item id"),
    ];
    for (keys, message) in cases {
        let file = format!(
            "[source]\nid = \"bad\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-06-01\"\n\n\
             [[places]]\nid = \"spot\"\nname = \"Spot\"\n{keys}\n"
        );
        env.write("seed/bad.toml", &file);
        let err = env.fails(&["seed"]);
        assert_contains!(err, "bad.toml:");
        assert_contains!(err, "place \"spot\"");
        assert_contains!(err, message);
        assert!(!env.db().exists() || env.count("places") == 0);
    }
}

#[test]
fn a_point_outside_its_outer_place_and_places_put_far_apart_are_warnings() {
    let env = Env::empty();
    env.write("seed/placed.toml", PLACED);
    env.write(
        "seed/other.toml",
        "[source]\nid = \"other\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2023-06-02\"\n\n\
         [[places]]\nid = \"zvecan\"\nlatitude = 44.0\nlongitude = 20.84\n",
    );
    let out = env.output(&["seed"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_contains!(err, "warning: ");
    assert_contains!(err, "place \"zvecan\" is put more than 10 km apart by");
    // The finer statement stands: the one without a radius, though it is outside the area.
    assert_contains!(
        err,
        "place \"zvecan\" at 44, 20.84 lies outside the area of \"north\""
    );
    let conn = env.conn();
    let lat: f64 = conn
        .query_row("SELECT latitude FROM places WHERE id = 'zvecan'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(lat, 44.0);
}
