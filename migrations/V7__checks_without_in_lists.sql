-- annals schema, version 7: the same CHECK constraints on `events` and `figures`, written as
-- comparisons instead of `IN (...)` lists.
--
-- SQLite evaluates `x IN ('a', 'b', 'c')` (three or more values) by building a temporary index of
-- the list each time a statement runs. A CHECK with one costs every single-row INSERT or UPDATE
-- that index: about 5 µs an event (`precision`) and 20 µs a figure (`value`, `low`, `high`,
-- `qualifier`), more than the row itself. `x = 'a' OR x = 'b' OR x = 'c'` accepts and refuses
-- exactly the same values.
--
-- A CHECK cannot be altered in place, so both tables are made again as SQLite's ALTER TABLE
-- documentation describes: create the new table, copy every row (with its rowid, which the
-- full-text indexes refer to), drop the old one, rename the new one, and create its indexes
-- and triggers again. annals runs migrations with foreign key actions off, so dropping `events`
-- does not cascade to the rows that refer to it, and checks every key afterwards. Views and the
-- other tables' foreign keys name the tables, not their definitions, and are left as they are
-- (`legacy_alter_table` keeps the rename from rewriting them).

CREATE TABLE events_v7 (
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
    precision   TEXT NOT NULL
                CHECK (precision = 'day' OR precision = 'month' OR precision = 'year'),
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    uncertain   INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
    ongoing     INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0, 1)),
    date_human  TEXT NOT NULL,        -- "19 Jul 2023", "May 2023", "since May 2023", "2008"
    date_text   TEXT,                 -- the article's own words: "on Wednesday", "since late May"
    expected    INTEGER NOT NULL DEFAULT 0 CHECK (expected IN (0, 1)),  -- planned, after publication
    source_id   TEXT NOT NULL REFERENCES sources (id),  -- the article that first reported it
    -- Version 3: whether its date was resolved from words, and whether reports dispute it.
    date_resolved INTEGER NOT NULL DEFAULT 0 CHECK (date_resolved IN (0, 1)),
    disputed    INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
    -- Version 6: the date-range index's columns, computed from earliest and latest.
    start_day   INTEGER GENERATED ALWAYS AS (CAST(julianday(earliest) AS INTEGER)) VIRTUAL,
    end_day     INTEGER GENERATED ALWAYS AS (CAST(julianday(latest) AS INTEGER)) VIRTUAL,
    span_class  INTEGER GENERATED ALWAYS AS (
        CASE
            WHEN earliest IS NULL AND latest IS NULL THEN 12
            WHEN earliest IS NULL THEN 11
            WHEN latest IS NULL THEN 10
            WHEN end_day - start_day < 1 THEN 0
            WHEN end_day - start_day < 4 THEN 1
            WHEN end_day - start_day < 16 THEN 2
            WHEN end_day - start_day < 64 THEN 3
            WHEN end_day - start_day < 256 THEN 4
            WHEN end_day - start_day < 1024 THEN 5
            WHEN end_day - start_day < 4096 THEN 6
            WHEN end_day - start_day < 16384 THEN 7
            WHEN end_day - start_day < 65536 THEN 8
            ELSE 9
        END) VIRTUAL,
    key_day     INTEGER GENERATED ALWAYS AS (coalesce(start_day, end_day)) VIRTUAL,
    CHECK (earliest IS NULL OR latest IS NULL OR earliest <= latest),
    CHECK (ongoing = 0 OR latest IS NULL)
) STRICT;

INSERT INTO events_v7 (rowid, id, kind, title, summary, place_id, date, earliest, latest,
    precision, approximate, uncertain, ongoing, date_human, date_text, expected, source_id,
    date_resolved, disputed)
SELECT rowid, id, kind, title, summary, place_id, date, earliest, latest,
    precision, approximate, uncertain, ongoing, date_human, date_text, expected, source_id,
    date_resolved, disputed
FROM events;

DROP TABLE events;
PRAGMA legacy_alter_table = ON;
ALTER TABLE events_v7 RENAME TO events;
PRAGMA legacy_alter_table = OFF;

CREATE INDEX events_by_earliest ON events (earliest, latest);
CREATE INDEX events_by_latest ON events (latest);
CREATE INDEX events_by_kind ON events (kind);
CREATE INDEX events_by_place ON events (place_id);
CREATE INDEX events_by_span ON events (span_class, key_day, end_day);

CREATE TRIGGER events_ai AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO events_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
END;
CREATE TRIGGER events_au AFTER UPDATE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
    INSERT INTO events_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;

-- A number an article gives about an event, with its qualifier and who claimed it.
-- Either `value`, or a range `low`..`high`. NULL claimant: the article states it itself.
CREATE TABLE figures_v7 (
    id                          INTEGER PRIMARY KEY,
    event_id                    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id                   TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    value                       ANY CHECK (typeof(value) = 'integer' OR typeof(value) = 'real'
                                           OR value IS NULL),
    low                         ANY CHECK (typeof(low) = 'integer' OR typeof(low) = 'real'
                                           OR low IS NULL),
    high                        ANY CHECK (typeof(high) = 'integer' OR typeof(high) = 'real'
                                           OR high IS NULL),
    qualifier                   TEXT NOT NULL DEFAULT 'exact'
                                CHECK (qualifier = 'exact' OR qualifier = 'approximately'
                                       OR qualifier = 'at_least' OR qualifier = 'at_most'),
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

INSERT INTO figures_v7 (id, event_id, source_id, value, low, high, qualifier, unit, measure,
    about_person_id, about_organisation_id, claimed_by_person_id, claimed_by_organisation_id,
    text)
SELECT id, event_id, source_id, value, low, high, qualifier, unit, measure,
    about_person_id, about_organisation_id, claimed_by_person_id, claimed_by_organisation_id,
    text
FROM figures;

DROP TABLE figures;
PRAGMA legacy_alter_table = ON;
ALTER TABLE figures_v7 RENAME TO figures;
PRAGMA legacy_alter_table = OFF;

CREATE INDEX figures_by_event ON figures (event_id);
CREATE INDEX figures_by_source ON figures (source_id);

CREATE TRIGGER figures_ai AFTER INSERT ON figures
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO figures_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER figures_ad AFTER DELETE ON figures
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER figures_au AFTER UPDATE ON figures
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO figures_fts (rowid, text) VALUES (new.rowid, new.text);
END;
