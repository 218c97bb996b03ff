-- annals schema, version 8: the record is a function of the set of articles.
--
-- Until now an event's kind, title, summary and place, and a person's, organisation's or
-- place's name, kind and parent, were those of the first article loaded that stated them. Now
-- each article's own statement is kept beside its report (`event_sources`) or its definition
-- (`definitions`), and the row in `events`, `people`, `organisations` and `places` is merged
-- from every statement by a rule that does not depend on which article was loaded first (see
-- README, "How articles are merged"). Places may lie within another place (`within_id`), so a
-- report can narrow an event's place the way it narrows its date.
--
-- Row numbers (`id` of figures, quotes, participants and roles, and SQLite's rowids) say where
-- SQLite put a row, not what an article stated: views order by the record instead (publication
-- date, article id, then the article's own order).
-- Nothing here needs an SQLite newer than 3.37.

-- What each article states of the event it reports (NULL: it does not say).
ALTER TABLE event_sources ADD COLUMN kind TEXT CHECK (kind IS NULL OR kind <> '');
ALTER TABLE event_sources ADD COLUMN title TEXT CHECK (title IS NULL OR title <> '');
ALTER TABLE event_sources ADD COLUMN summary TEXT;
ALTER TABLE event_sources ADD COLUMN place_id TEXT REFERENCES places (id);
ALTER TABLE event_sources ADD COLUMN expected INTEGER NOT NULL DEFAULT 0
    CHECK (expected = 0 OR expected = 1);

-- The article that introduced an event stated its fields; later reports had to agree with it or
-- leave a field out, so only that article's statement is known.
UPDATE event_sources SET
    kind = (SELECT e.kind FROM events e WHERE e.id = event_sources.event_id),
    title = (SELECT e.title FROM events e WHERE e.id = event_sources.event_id),
    summary = (SELECT e.summary FROM events e WHERE e.id = event_sources.event_id),
    place_id = (SELECT e.place_id FROM events e WHERE e.id = event_sources.event_id),
    expected = (SELECT e.expected FROM events e WHERE e.id = event_sources.event_id)
WHERE EXISTS (SELECT 1 FROM events e
              WHERE e.id = event_sources.event_id AND e.source_id = event_sources.source_id);

-- What each article states of a person, organisation or place it lists (NULL: it does not say).
-- `parent_id` is an organisation's parent or the place a place lies within.
ALTER TABLE definitions ADD COLUMN name TEXT CHECK (name IS NULL OR name <> '');
ALTER TABLE definitions ADD COLUMN org_kind TEXT;
ALTER TABLE definitions ADD COLUMN parent_id TEXT;

-- Every defining article had to give the same name; kind and parent are known for the
-- introducing article only.
UPDATE definitions SET name = CASE kind
    WHEN 'person' THEN (SELECT p.name FROM people p WHERE p.id = definitions.id)
    WHEN 'organisation' THEN (SELECT o.name FROM organisations o WHERE o.id = definitions.id)
    ELSE (SELECT p.name FROM places p WHERE p.id = definitions.id) END;
UPDATE definitions SET
    org_kind = (SELECT o.kind FROM organisations o WHERE o.id = definitions.id),
    parent_id = (SELECT o.parent_id FROM organisations o WHERE o.id = definitions.id)
WHERE kind = 'organisation'
  AND EXISTS (SELECT 1 FROM organisations o
              WHERE o.id = definitions.id AND o.source_id = definitions.source_id);

-- The place a place lies within: Zvečan within northern Kosovo.
ALTER TABLE places ADD COLUMN within_id TEXT REFERENCES places (id) DEFERRABLE INITIALLY DEFERRED
    CHECK (within_id IS NULL OR within_id <> id);

-- A figure may say what it is part of (11 Italian soldiers of 30 KFOR soldiers injured): the
-- `key` of another figure of the same article.
ALTER TABLE figures ADD COLUMN key TEXT
    CHECK (key IS NULL OR (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'));
ALTER TABLE figures ADD COLUMN part_of TEXT;
CREATE UNIQUE INDEX figures_by_key ON figures (source_id, key) WHERE key IS NOT NULL;

-- The same views, ordered by the record rather than by row numbers.
DROP VIEW timeline;
DROP VIEW conflicts;
DROP VIEW figures_named;

CREATE VIEW figures_named AS
SELECT
    f.id,
    f.event_id,
    e.title AS event_title,
    f.source_id,
    s.title AS source_title,
    f.value,
    f.low,
    f.high,
    f.qualifier,
    f.unit,
    f.measure,
    CASE f.qualifier
        WHEN 'approximately' THEN 'about '
        WHEN 'at_least' THEN 'at least '
        WHEN 'at_most' THEN 'at most '
        ELSE ''
    END
    || ifnull(f.value, f.low || '–' || f.high) || ' ' || f.unit || ' ' || f.measure
    || ifnull(' (part of ' || (
        SELECT CASE w.qualifier
                   WHEN 'approximately' THEN 'about '
                   WHEN 'at_least' THEN 'at least '
                   WHEN 'at_most' THEN 'at most '
                   ELSE ''
               END || ifnull(w.value, w.low || '–' || w.high) || ' ' || w.unit || ' ' || w.measure
        FROM figures w WHERE w.source_id = f.source_id AND w.key = f.part_of) || ')', '')
    AS label,
    coalesce(f.about_person_id, f.about_organisation_id) AS about_id,
    coalesce(ap.name, ao.name) AS about,
    coalesce(f.claimed_by_person_id, f.claimed_by_organisation_id) AS claimed_by_id,
    coalesce(cp.name, co.name) AS claimed_by,
    f.text,
    f.key,
    f.part_of,
    s.published AS source_published
FROM figures f
JOIN events e ON e.id = f.event_id
JOIN sources s ON s.id = f.source_id
LEFT JOIN people ap ON ap.id = f.about_person_id
LEFT JOIN organisations ao ON ao.id = f.about_organisation_id
LEFT JOIN people cp ON cp.id = f.claimed_by_person_id
LEFT JOIN organisations co ON co.id = f.claimed_by_organisation_id;

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
        ORDER BY s.published, s.id)) AS sources
FROM events e
LEFT JOIN places p ON p.id = e.place_id
ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id;

-- Events whose reports disagree: on the date (no day both dates allow), or on a figure of the
-- same measure and unit about the same subject (a figure about a part, `part_of` another, is no
-- disagreement). One row per pair of disagreeing reports, the article with the smaller id first.
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
    AND fb.measure = fa.measure AND fb.about_id IS fa.about_id AND fb.source_id > fa.source_id
WHERE fa.part_of IS NULL AND fb.part_of IS NULL
  AND (fa.value IS NOT fb.value OR fa.low IS NOT fb.low OR fa.high IS NOT fb.high);

-- A seed file is named in the record relative to its seed folder (its file name), not by the
-- path it was given on one command line: the same file gives the same record from any folder.
UPDATE sources SET seed_file = substr(seed_file, length(rtrim(seed_file, replace(seed_file, '/', ''))) + 1)
WHERE seed_file LIKE '%/%';
