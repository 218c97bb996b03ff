-- annals schema, version 13: disputed places, and each report's own words.
--
-- Each report of an event keeps its place (`event_sources.place_id`), title and summary. When
-- every reported place lies on one chain of `within` links, the event took place in the
-- narrowest (as before). When two do not (neither is or lies within the other), the event's
-- place is disputed: `events.disputed_place` is 1, and `events.place_id` is the narrowest place
-- every reported place lies within, NULL when there is none. The event's title and summary are
-- those of the oldest article (by publication day, then id) that gives one; every report's
-- stay in `event_sources`. The rules are `seed::merge::places` and `seed::merge::event`;
-- nothing stored before this version can hold a disputed place, so the new column is 0.
--
-- `place_chains` lists each place with every place it is or lies within (`within_id`, itself
-- at `depth` 0), following at most 64 `within` links as the rules do. The `timeline` view gains
-- `disputed_place`; `conflicts` lists two reports whose places lie on no one chain
-- (`about = 'place'`, `value_a` and `value_b` the places' ids). Nothing here needs an SQLite
-- newer than 3.37.

ALTER TABLE events ADD COLUMN disputed_place INTEGER NOT NULL DEFAULT 0
    CHECK (disputed_place IN (0, 1));

-- `--place` finds an event by any of its reports' places.
CREATE INDEX event_sources_by_place ON event_sources (place_id);

DROP VIEW timeline;
DROP VIEW conflicts;

CREATE VIEW place_chains AS
WITH RECURSIVE up(place_id, within_id, depth) AS (
    SELECT id, id, 0 FROM places
    UNION ALL
    SELECT up.place_id, p.within_id, up.depth + 1
    FROM up JOIN places p ON p.id = up.within_id
    WHERE p.within_id IS NOT NULL AND up.depth < 64)
SELECT place_id, within_id, depth FROM up;

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
    e.rowid AS event_rowid
FROM events e
LEFT JOIN places p ON p.id = e.place_id
ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id;

-- Events whose reports disagree: on the date (no day both dates allow), on the place (neither
-- is or lies within the other), or on a figure of the same thing where no count satisfies both
-- claims and neither is revised. One row per pair of disagreeing reports, the article with the
-- smaller id first.
CREATE VIEW conflicts AS
SELECT
    e.id AS event_id,
    e.title AS event_title,
    'date' AS about,
    NULL AS unit,
    NULL AS measure,
    a.source_id AS source_a,
    a.date AS value_a,
    b.source_id AS source_b,
    b.date AS value_b,
    NULL AS claimant_a,
    NULL AS claimant_b
FROM event_sources a
JOIN event_sources b ON b.event_id = a.event_id AND b.source_id > a.source_id
JOIN events e ON e.id = a.event_id
WHERE a.date IS NOT NULL AND b.date IS NOT NULL
  AND ((a.latest IS NOT NULL AND b.earliest IS NOT NULL AND a.latest < b.earliest)
    OR (b.latest IS NOT NULL AND a.earliest IS NOT NULL AND b.latest < a.earliest))
UNION ALL
SELECT
    e.id,
    e.title,
    'place',
    NULL,
    NULL,
    a.source_id,
    a.place_id,
    b.source_id,
    b.place_id,
    NULL,
    NULL
FROM event_sources a
JOIN event_sources b ON b.event_id = a.event_id AND b.source_id > a.source_id
JOIN events e ON e.id = a.event_id
WHERE a.place_id IS NOT NULL AND b.place_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM place_chains c
                  WHERE (c.place_id = a.place_id AND c.within_id = b.place_id)
                     OR (c.place_id = b.place_id AND c.within_id = a.place_id))
UNION ALL
SELECT
    fa.event_id,
    fa.event_title,
    'figure',
    fa.unit,
    fa.measure,
    fa.source_id,
    fa.label,
    fb.source_id,
    fb.label,
    fa.claimed_by,
    fb.claimed_by
FROM figure_claims fa
JOIN figure_claims fb ON fb.event_id = fa.event_id AND fb.unit = fa.unit
    AND fb.measure = fa.measure AND fb.about_id IS fa.about_id AND fb.source_id > fa.source_id
WHERE fa.part_of IS NULL AND fb.part_of IS NULL
  AND fa.revised_in IS NULL AND fb.revised_in IS NULL
  AND ((fa.high_bound IS NOT NULL AND fb.low_bound > fa.high_bound)
    OR (fb.high_bound IS NOT NULL AND fa.low_bound > fb.high_bound));
