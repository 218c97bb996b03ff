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

/// The ids `timeline` gives for `args`, in order.
fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["timeline", "--format", "json"];
    all.extend(args);
    let rows: Vec<serde_json::Value> = env.json(&all);
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn near_and_bbox_with_and_without_within_beside_a_date_range() {
    let env = placed();
    // Possibly within 5 km of Zvečan: the events whose area comes that close (the wide
    // place's 20 km circle, the north and the village in its area, Zvečan itself).
    let near = ["--near", "42.908,20.84,5"];
    assert_eq!(
        ids(&env, &near),
        ["in-wide", "in-village", "in-north", "at-zvecan"]
    );
    // Certainly within 5 km: only Zvečan, whose 1.5 km radius lies inside.
    assert_eq!(
        ids(&env, &[&near[..], &["--within"]].concat()),
        ["at-zvecan"]
    );
    // Beside a date range: May 2023 only.
    let may = ["--from", "2023-05", "--to", "2023-05"];
    assert_eq!(
        ids(&env, &[&near[..], &may[..]].concat()),
        ["in-north", "at-zvecan"]
    );
    // A box around Zvečan only: the areas meeting it, or (--within) inside it.
    let bbox = ["--bbox", "20.8,42.88,20.9,42.95"];
    assert_eq!(
        ids(&env, &[&bbox[..], &may[..]].concat()),
        ["in-north", "at-zvecan"]
    );
    assert_eq!(
        ids(&env, &[&bbox[..], &may[..], &["--within"]].concat()),
        ["at-zvecan"]
    );
    // A box over the whole north, --within: the north's events, and the wide circle's, whose
    // box lies inside it too; a box over the north's east side holds none of the north's.
    let north = ["--bbox", "20.3,42.8,21.1,43.35", "--within"];
    assert_eq!(
        ids(&env, &north),
        ["in-wide", "in-village", "in-north", "at-zvecan"]
    );
    assert_eq!(
        ids(&env, &["--bbox", "20.7,42.8,21.1,43.35", "--within"]),
        ["at-zvecan"]
    );
    // Far away: nothing; the default radius is 25 km.
    assert!(ids(&env, &["--near", "50.847,4.352"]).is_empty());
    assert_eq!(
        ids(&env, &["--near", "43.1,20.84", "--within"]),
        ["at-zvecan"]
    );
    // aggregate and export take the same window.
    let agg: Vec<serde_json::Value> = env.json(&[
        "aggregate",
        "events",
        "--by",
        "month",
        "--format",
        "json",
        "--bbox",
        "20.8,42.88,20.9,42.95",
        "--within",
    ]);
    assert_eq!(agg.len(), 1, "{agg:?}");
    let csv = env.ok(&[
        "export",
        "--format",
        "csv",
        "--near",
        "42.908,20.84,5",
        "--within",
    ]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert_contains!(csv, "at-zvecan");
}

#[test]
fn a_bad_window_is_refused_with_the_flag_named() {
    let env = placed();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--near", "42.9"],
            "--near 42.9: give LAT,LON or LAT,LON,KM",
        ),
        (
            &["--near", "91,20"],
            "`latitude` 91 is not between -90 and 90",
        ),
        (&["--near", "42,20,-3"], "the distance -3 is not a distance"),
        (
            &["--bbox", "21,42,20,43"],
            "a box across the antimeridian is not supported",
        ),
        (
            &["--bbox", "a,b,c,d"],
            "--bbox a,b,c,d: \"a\" is not a number",
        ),
    ];
    for (args, message) in cases {
        let err = env.fails(&[&["timeline"], args].concat());
        assert_contains!(err, message);
    }
}

#[test]
fn geojson_has_a_point_per_point_and_a_closed_counter_clockwise_ring_per_area() {
    let env = placed();
    let out = env.output(&["export", "--format", "geojson"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_contains!(err, "1 of 5 event(s) have no coordinates");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    let by_id = |id: &str| {
        features
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert_eq!(features.len(), 4);
    let zvecan = by_id("at-zvecan");
    assert_eq!(zvecan["geometry"]["type"], "Point");
    assert_eq!(
        zvecan["geometry"]["coordinates"],
        serde_json::json!([20.84, 42.908])
    );
    assert_eq!(zvecan["properties"]["geo_precision"], "point");
    assert_eq!(zvecan["properties"]["date_human"], "29 May 2023");
    assert_eq!(zvecan["properties"]["precision"], "day");
    assert_eq!(zvecan["properties"]["sources"], "Placed");
    for (id, precision) in [("in-north", "area"), ("in-village", "within")] {
        let f = by_id(id);
        assert_eq!(f["geometry"]["type"], "Polygon");
        assert_eq!(
            f["geometry"]["coordinates"],
            serde_json::json!([[
                [20.4, 42.85],
                [21.0, 42.85],
                [21.0, 43.3],
                [20.4, 43.3],
                [20.4, 42.85]
            ]])
        );
        assert_eq!(f["properties"]["geo_precision"], precision);
    }
    assert!(features.iter().all(|f| f["id"] != "unplaced"));
}

#[test]
fn doctor_finds_a_moved_area_and_an_index_that_lost_an_event() {
    let env = placed();
    let (code, out) = doctor(&env);
    assert_eq!(code, Some(0), "{out}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "UPDATE event_geo SET north = 44.0 WHERE event_id = 'in-north'",
        [],
    )
    .unwrap();
    drop(conn);
    let (code, out) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert_contains!(
        out,
        "table event_geo: only in the database: event_id=\"in-north\""
    );
    assert_contains!(out, "event_area");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "UPDATE event_geo SET north = 43.3 WHERE event_id = 'in-north'",
        [],
    )
    .unwrap();
    conn.execute(
        "DELETE FROM event_area WHERE id = (SELECT rowid FROM events WHERE id = 'at-zvecan')",
        [],
    )
    .unwrap();
    drop(conn);
    let (code, out) = doctor(&env);
    assert_eq!(code, Some(1), "{out}");
    assert_contains!(
        out,
        "the index of events' areas (event_area) disagrees with event_geo on 1 event(s)"
    );
}

/// `doctor`'s exit code and its report (stdout and stderr).
fn doctor(env: &Env) -> (Option<i32>, String) {
    let out = env.output(&["doctor"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}
