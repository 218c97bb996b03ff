-- annals schema, version 3: one event, many reports.
--
-- An event may be reported by several articles. Each report (`event_sources` row) keeps the date
-- that article gave, with its bounds, whether it was resolved from the article's words rather than
-- given explicitly, and whether the article marked the event's date as disputed. The event's own
-- date is what the reports agree on (their most precise common date), or, when their dates cannot
-- be reconciled and a report says so, the span of the disputed dates.
-- Which articles define a person, organisation or place is kept too, so that one no article
-- defines any longer can be removed. Nothing here needs an SQLite newer than 3.37.

ALTER TABLE event_sources ADD COLUMN earliest TEXT
    CHECK (earliest IS NULL OR (earliest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                AND date(earliest, '+0 days') IS earliest));
ALTER TABLE event_sources ADD COLUMN latest TEXT
    CHECK (latest IS NULL OR (latest GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                              AND date(latest, '+0 days') IS latest));
-- 1 when `date` was worked out from `date_text` and the article's publication date.
ALTER TABLE event_sources ADD COLUMN date_resolved INTEGER NOT NULL DEFAULT 0
    CHECK (date_resolved IN (0, 1));
-- 1 when the article marked the event `disputed = true`: its date may contradict other reports.
ALTER TABLE event_sources ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0
    CHECK (disputed IN (0, 1));

UPDATE event_sources SET
    earliest = (SELECT e.earliest FROM events e WHERE e.id = event_sources.event_id),
    latest = (SELECT e.latest FROM events e WHERE e.id = event_sources.event_id)
WHERE date IS NOT NULL;

-- 1 when the event's date comes only from resolved words, no report giving an explicit date.
ALTER TABLE events ADD COLUMN date_resolved INTEGER NOT NULL DEFAULT 0
    CHECK (date_resolved IN (0, 1));
-- 1 when reports give dates that cannot all be true; `date` then spans them.
ALTER TABLE events ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1));

-- Which articles define (list under [[people]], [[organisations]], [[places]]) each id.
CREATE TABLE definitions (
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'organisation', 'place')),
    id         TEXT NOT NULL,
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, id, source_id)
) STRICT;
CREATE INDEX definitions_by_source ON definitions (source_id);

INSERT INTO definitions (kind, id, source_id)
    SELECT 'person', id, source_id FROM people
    UNION SELECT 'person', person_id, source_id FROM person_aliases
    UNION SELECT 'person', person_id, source_id FROM person_roles
    UNION SELECT 'organisation', id, source_id FROM organisations
    UNION SELECT 'organisation', organisation_id, source_id FROM organisation_aliases
    UNION SELECT 'place', id, source_id FROM places
    UNION SELECT 'place', place_id, source_id FROM place_aliases;

-- Events whose reports disagree: on the date (no day both dates allow), or on a figure of the
-- same measure and unit. One row per pair of disagreeing reports, the earlier article first.
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
    b.date AS value_b
FROM event_sources a
JOIN event_sources b ON b.event_id = a.event_id AND b.source_id > a.source_id
JOIN events e ON e.id = a.event_id
WHERE a.date IS NOT NULL AND b.date IS NOT NULL
  AND ((a.latest IS NOT NULL AND b.earliest IS NOT NULL AND a.latest < b.earliest)
    OR (b.latest IS NOT NULL AND a.earliest IS NOT NULL AND b.latest < a.earliest))
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
    fb.label
FROM figures_named fa
JOIN figures_named fb ON fb.event_id = fa.event_id AND fb.unit = fa.unit
    AND fb.measure = fa.measure AND fb.source_id > fa.source_id
WHERE fa.value IS NOT fb.value OR fa.low IS NOT fb.low OR fa.high IS NOT fb.high;
