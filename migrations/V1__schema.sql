-- annals schema, version 1.
--
-- Every fact row names the source (article) that stated it. Dates are stored as EDTF text (`date`)
-- together with their first and last possible day (`earliest`, `latest`) as full ISO YYYY-MM-DD text,
-- NULL where the date is open or unknown on that side. Ids are lowercase slugs (a-z, 0-9, '-').
-- Nothing here needs an SQLite newer than 3.37 (STRICT tables), so Debian's sqlite3 3.40 reads it.

-- One row per article.
CREATE TABLE sources (
    id         TEXT PRIMARY KEY NOT NULL
               CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    title      TEXT NOT NULL CHECK (title <> ''),
    publisher  TEXT NOT NULL CHECK (publisher <> ''),
    published  TEXT NOT NULL
               CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                      AND date(published, '+0 days') IS published),
    url        TEXT,
    body       TEXT,                 -- the article's text, when the seed supplies it
    seed_file  TEXT,                 -- the seed file it was loaded from
    seed_hash  TEXT                  -- SHA-256 of that file (and its text), to skip unchanged files
) STRICT;

CREATE TABLE people (
    id         TEXT PRIMARY KEY NOT NULL
               CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name       TEXT NOT NULL CHECK (name <> ''),
    source_id  TEXT NOT NULL REFERENCES sources (id)   -- the article that introduced them
) STRICT;

CREATE TABLE organisations (
    id         TEXT PRIMARY KEY NOT NULL
               CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name       TEXT NOT NULL CHECK (name <> ''),
    kind       TEXT,                 -- free text: alliance, state, military mission, community ...
    parent_id  TEXT REFERENCES organisations (id) DEFERRABLE INITIALLY DEFERRED,
    source_id  TEXT NOT NULL REFERENCES sources (id),
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;

CREATE TABLE places (
    id         TEXT PRIMARY KEY NOT NULL
               CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name       TEXT NOT NULL CHECK (name <> ''),
    source_id  TEXT NOT NULL REFERENCES sources (id)
) STRICT;

-- Other names a person, organisation or place goes by, and which article used them.
CREATE TABLE person_aliases (
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL CHECK (alias <> ''),
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, alias, source_id)
) STRICT;

CREATE TABLE organisation_aliases (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    alias           TEXT NOT NULL CHECK (alias <> ''),
    source_id       TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, alias, source_id)
) STRICT;

CREATE TABLE place_aliases (
    place_id   TEXT NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL CHECK (alias <> ''),
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (place_id, alias, source_id)
) STRICT;

-- A person's roles ("Secretary General" of NATO), as an article states them.
CREATE TABLE person_roles (
    id              INTEGER PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    title           TEXT NOT NULL CHECK (title <> ''),
    organisation_id TEXT REFERENCES organisations (id),
    source_id       TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE
) STRICT;
CREATE UNIQUE INDEX person_roles_unique
    ON person_roles (person_id, title, ifnull(organisation_id, ''), source_id);

-- One row per event, with its date as the record holds it.
CREATE TABLE events (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    kind        TEXT NOT NULL CHECK (kind <> ''),
    title       TEXT NOT NULL CHECK (title <> ''),
    summary     TEXT,
    place_id    TEXT REFERENCES places (id),
    date        TEXT NOT NULL CHECK (date <> ''),     -- EDTF: 2023-05, 2023-05-29~, 2023-05/.. ...
    earliest    TEXT CHECK (earliest IS NULL OR (earliest GLOB
                    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(earliest, '+0 days') IS earliest)),
    latest      TEXT CHECK (latest IS NULL OR (latest GLOB
                    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(latest, '+0 days') IS latest)),
    precision   TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    uncertain   INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
    ongoing     INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0, 1)),
    date_human  TEXT NOT NULL,        -- "19 Jul 2023", "May 2023", "since May 2023", "2008"
    date_text   TEXT,                 -- the article's own words: "on Wednesday", "since late May"
    expected    INTEGER NOT NULL DEFAULT 0 CHECK (expected IN (0, 1)),  -- planned, after publication
    source_id   TEXT NOT NULL REFERENCES sources (id),  -- the article that first reported it
    CHECK (earliest IS NULL OR latest IS NULL OR earliest <= latest),
    CHECK (ongoing = 0 OR latest IS NULL)
) STRICT;
CREATE INDEX events_by_earliest ON events (earliest, latest);
CREATE INDEX events_by_latest ON events (latest);
CREATE INDEX events_by_kind ON events (kind);
CREATE INDEX events_by_place ON events (place_id);

-- Which articles report an event, with the date and words each one gave.
CREATE TABLE event_sources (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    date       TEXT,
    date_text  TEXT,
    PRIMARY KEY (event_id, source_id)
) STRICT;
CREATE INDEX event_sources_by_source ON event_sources (source_id);

-- Who took part in an event and in what role: a person or an organisation, never both.
CREATE TABLE event_participants (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id       TEXT REFERENCES people (id),
    organisation_id TEXT REFERENCES organisations (id),
    role            TEXT,
    source_id       TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX event_participants_unique
    ON event_participants (event_id, ifnull(person_id, ''), ifnull(organisation_id, ''), source_id);
CREATE INDEX event_participants_by_person ON event_participants (person_id);
CREATE INDEX event_participants_by_organisation ON event_participants (organisation_id);
CREATE INDEX event_participants_by_source ON event_participants (source_id);

-- A number an article gives about an event, with its qualifier and who claimed it.
-- Either `value`, or a range `low`..`high`. NULL claimant: the article states it itself.
CREATE TABLE figures (
    id                          INTEGER PRIMARY KEY,
    event_id                    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id                   TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    value                       ANY CHECK (typeof(value) IN ('integer', 'real', 'null')),
    low                         ANY CHECK (typeof(low) IN ('integer', 'real', 'null')),
    high                        ANY CHECK (typeof(high) IN ('integer', 'real', 'null')),
    qualifier                   TEXT NOT NULL DEFAULT 'exact'
                                CHECK (qualifier IN ('exact', 'approximately', 'at_least', 'at_most')),
    unit                        TEXT NOT NULL CHECK (unit <> ''),      -- what is counted: people, troops
    measure                     TEXT NOT NULL CHECK (measure <> ''),   -- what it measures: injured, sent
    about_person_id             TEXT REFERENCES people (id),
    about_organisation_id       TEXT REFERENCES organisations (id),
    claimed_by_person_id        TEXT REFERENCES people (id),
    claimed_by_organisation_id  TEXT REFERENCES organisations (id),
    text                        TEXT,  -- the article's words
    CHECK ((value IS NOT NULL AND low IS NULL AND high IS NULL)
        OR (value IS NULL AND low IS NOT NULL AND high IS NOT NULL AND low <= high)),
    CHECK (about_person_id IS NULL OR about_organisation_id IS NULL),
    CHECK (claimed_by_person_id IS NULL OR claimed_by_organisation_id IS NULL)
) STRICT;
CREATE INDEX figures_by_event ON figures (event_id);
CREATE INDEX figures_by_source ON figures (source_id);

-- Words someone said, verbatim as the article prints them.
CREATE TABLE quotes (
    id                       INTEGER PRIMARY KEY,
    source_id                TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    event_id                 TEXT REFERENCES events (id) ON DELETE CASCADE,
    speaker_person_id        TEXT REFERENCES people (id),
    speaker_organisation_id  TEXT REFERENCES organisations (id),
    text                     TEXT NOT NULL CHECK (text <> ''),
    CHECK ((speaker_person_id IS NULL) <> (speaker_organisation_id IS NULL))
) STRICT;
CREATE INDEX quotes_by_event ON quotes (event_id);
CREATE INDEX quotes_by_source ON quotes (source_id);
CREATE INDEX quotes_by_person ON quotes (speaker_person_id);

-- A figure with everything needed to read it: names instead of ids, and a label such as
-- "about 500 troops sent" or "at least 6 Serbs shot".
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
    || ifnull(f.value, f.low || '–' || f.high) || ' ' || f.unit || ' ' || f.measure AS label,
    coalesce(f.about_person_id, f.about_organisation_id) AS about_id,
    coalesce(ap.name, ao.name) AS about,
    coalesce(f.claimed_by_person_id, f.claimed_by_organisation_id) AS claimed_by_id,
    coalesce(cp.name, co.name) AS claimed_by,
    f.text
FROM figures f
JOIN events e ON e.id = f.event_id
JOIN sources s ON s.id = f.source_id
LEFT JOIN people ap ON ap.id = f.about_person_id
LEFT JOIN organisations ao ON ao.id = f.about_organisation_id
LEFT JOIN people cp ON cp.id = f.claimed_by_person_id
LEFT JOIN organisations co ON co.id = f.claimed_by_organisation_id;

-- One row per event in chronological order, readable as it is in sqlite3 or Datasette.
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
        LEFT JOIN people pp ON pp.id = ep.person_id
        LEFT JOIN organisations po ON po.id = ep.organisation_id
        WHERE ep.event_id = e.id
        GROUP BY coalesce(ep.person_id, ep.organisation_id)
        ORDER BY min(ep.id))) AS participants,
    (SELECT group_concat(label, '; ') FROM (
        SELECT fn.label || ifnull(' (' || fn.claimed_by || ')', '') AS label
        FROM figures_named fn
        WHERE fn.event_id = e.id
        ORDER BY fn.id)) AS figures,
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
