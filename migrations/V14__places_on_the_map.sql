-- annals schema, version 14: places on the map.
--
-- Each article's listing of a place (`definitions`) keeps the coordinates it gives: a point
-- (`latitude`, `longitude`, optional `radius_km`) or an area (`west`, `south`, `east`, `north`),
-- and the Wikidata item and GeoNames id of a person, organisation or place. The `places` row
-- holds the merged result: its extent as the finest statement gives it, or, without any, the
-- area of the nearest place it lies within (`geo_precision` 'point', 'area' or 'within';
-- `geo_place` the place the coordinates are taken from); `latitude` and `longitude` are the
-- point or the area's centre, the columns map tools look for.
--
-- An event's area is the box covering its place's and every report's place's (`event_geo`),
-- indexed by the R*Tree `event_area` (keyed by the event's rowid) for `--near` and `--bbox`.
-- The seed writer keeps both for the events a run touches or whose places moved. Nothing here
-- needs an SQLite newer than 3.37 (Debian's sqlite3 3.40 has the R*Tree module).

ALTER TABLE definitions ADD COLUMN latitude REAL CHECK (latitude BETWEEN -90 AND 90);
ALTER TABLE definitions ADD COLUMN longitude REAL CHECK (longitude BETWEEN -180 AND 180);
ALTER TABLE definitions ADD COLUMN radius_km REAL CHECK (radius_km > 0);
ALTER TABLE definitions ADD COLUMN west REAL CHECK (west BETWEEN -180 AND 180);
ALTER TABLE definitions ADD COLUMN south REAL CHECK (south BETWEEN -90 AND 90);
ALTER TABLE definitions ADD COLUMN east REAL CHECK (east BETWEEN -180 AND 180);
ALTER TABLE definitions ADD COLUMN north REAL CHECK (north BETWEEN -90 AND 90);
ALTER TABLE definitions ADD COLUMN wikidata TEXT CHECK (wikidata GLOB 'Q[1-9]*');
ALTER TABLE definitions ADD COLUMN geonames INTEGER CHECK (geonames > 0);

ALTER TABLE people ADD COLUMN wikidata TEXT;
ALTER TABLE organisations ADD COLUMN wikidata TEXT;
ALTER TABLE places ADD COLUMN wikidata TEXT;
ALTER TABLE places ADD COLUMN geonames INTEGER;
ALTER TABLE places ADD COLUMN latitude REAL;
ALTER TABLE places ADD COLUMN longitude REAL;
ALTER TABLE places ADD COLUMN radius_km REAL;
ALTER TABLE places ADD COLUMN west REAL;
ALTER TABLE places ADD COLUMN south REAL;
ALTER TABLE places ADD COLUMN east REAL;
ALTER TABLE places ADD COLUMN north REAL;
ALTER TABLE places ADD COLUMN geo_precision TEXT
    CHECK (geo_precision IN ('point', 'area', 'within'));
ALTER TABLE places ADD COLUMN geo_place TEXT;

CREATE TABLE event_geo (
    event_id      TEXT PRIMARY KEY NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    latitude      REAL NOT NULL,
    longitude     REAL NOT NULL,
    west          REAL NOT NULL,
    south         REAL NOT NULL,
    east          REAL NOT NULL,
    north         REAL NOT NULL,
    geo_precision TEXT NOT NULL CHECK (geo_precision IN ('point', 'area', 'within')),
    geo_place     TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE event_area USING rtree (id, west, east, south, north);

CREATE TRIGGER event_area_ad AFTER DELETE ON events BEGIN
    DELETE FROM event_area WHERE id = old.rowid;
END;

DROP VIEW timeline;

CREATE VIEW timeline AS
SELECT
    e.id,
    e.date,
    e.earliest,
    e.latest,
    e.date_human,
    e.date_text,
    e.precision,
    e.approximate,
    e.uncertain,
    e.ongoing,
    e.kind,
    e.title,
    p.name AS place,
    (SELECT group_concat(name, ', ') FROM (
        SELECT coalesce(pp.name, po.name) AS name
        FROM event_participants ep
        JOIN sources s ON s.id = ep.source_id
        LEFT JOIN people pp ON pp.id = ep.person_id
        LEFT JOIN organisations po ON po.id = ep.organisation_id
        WHERE ep.event_id = e.id
        GROUP BY coalesce(ep.person_id, ep.organisation_id)
        ORDER BY min(s.published || ' ' || s.id || ' ' || printf('%020d', ep.id)))) AS participants,
    (SELECT group_concat(label, '; ') FROM (
        SELECT fn.label || ifnull(' (' || fn.claimed_by || ')', '') AS label
        FROM figures_named fn
        WHERE fn.event_id = e.id
        ORDER BY fn.source_published, fn.source_id, fn.id)) AS figures,
    (SELECT count(*) FROM event_sources es WHERE es.event_id = e.id) AS source_count,
    (SELECT group_concat(title, '; ') FROM (
        SELECT s.title
        FROM event_sources es
        JOIN sources s ON s.id = es.source_id
        WHERE es.event_id = e.id
        ORDER BY s.published, s.id)) AS sources,
    e.summary,
    e.disputed,
    e.disputed_place,
    ifnull(e.earliest, '0000-01-01') AS first_possible,
    ifnull(e.latest, '9999-12-31') AS last_possible,
    e.rowid AS event_rowid,
    -- Where (V14): the point or the area's centre, how precisely, and the area's box.
    g.latitude,
    g.longitude,
    g.geo_precision,
    g.west,
    g.south,
    g.east,
    g.north
FROM events e
LEFT JOIN places p ON p.id = e.place_id
LEFT JOIN event_geo g ON g.event_id = e.id
ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id;
