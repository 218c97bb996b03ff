-- annals schema, version 11: search finds an event by the names of who and where, and by stems.
--
-- `events_fts` indexes, beside each event's title and summary, `names`: the names and aliases of
-- its place, its participants, the speakers of its quotes and the claimants of its figures
-- (`event_search`, below), so that "Zvecan" finds the clash in Zvečan and "Vucic" the meetings
-- he took part in. Those names live in other tables, so the index keeps its own copy of what it
-- indexed (an FTS5 table with its content, no longer `content=[events]`): a row is replaced
-- whole by rowid, and never needs the values it was made from.
--
-- All three indexes now stem English words (FTS5's porter tokenizer over unicode61, accents and
-- case still folded): "clash" finds "clashes", "protest" finds "protesters". Annals' own search
-- also matches each word as a prefix.
--
-- The seeder indexes the events whose rows, reports or names a run changed (`search_sync`,
-- migration V5); the triggers below keep other writers of `events` in step. A tool that changes
-- a participant, a quote's speaker or a name without touching the event can bring every row up to
-- date with:
--   DELETE FROM events_fts;
--   INSERT INTO events_fts (rowid, title, summary, names)
--   SELECT event_rowid, title, summary, names FROM event_search;
-- which is also what to run after a VACUUM by another tool (it may renumber `events`' rowids).
-- Nothing here needs an SQLite newer than 3.37.

DROP TRIGGER events_ai;
DROP TRIGGER events_ad;
DROP TRIGGER events_au;
DROP TABLE events_fts;
DROP TABLE quotes_fts;
DROP TABLE figures_fts;

-- What the index holds of each event: its title and summary, and every name it goes by.
CREATE VIEW event_search AS
SELECT
    e.rowid AS event_rowid,
    e.id AS event_id,
    e.title,
    e.summary,
    (SELECT group_concat(n, ' ') FROM (
        SELECT p.name AS n FROM places p WHERE p.id = e.place_id
        UNION SELECT pa.alias FROM place_aliases pa WHERE pa.place_id = e.place_id
        UNION SELECT pp.name FROM people pp
              WHERE pp.id IN (SELECT person_id FROM event_participants WHERE event_id = e.id
                              UNION SELECT speaker_person_id FROM quotes WHERE event_id = e.id
                              UNION SELECT claimed_by_person_id FROM figures WHERE event_id = e.id)
        UNION SELECT a.alias FROM person_aliases a
              WHERE a.person_id IN (SELECT person_id FROM event_participants WHERE event_id = e.id
                              UNION SELECT speaker_person_id FROM quotes WHERE event_id = e.id
                              UNION SELECT claimed_by_person_id FROM figures WHERE event_id = e.id)
        UNION SELECT o.name FROM organisations o
              WHERE o.id IN (SELECT organisation_id FROM event_participants WHERE event_id = e.id
                             UNION SELECT speaker_organisation_id FROM quotes WHERE event_id = e.id
                             UNION SELECT claimed_by_organisation_id FROM figures
                                   WHERE event_id = e.id)
        UNION SELECT a.alias FROM organisation_aliases a
              WHERE a.organisation_id IN (
                             SELECT organisation_id FROM event_participants WHERE event_id = e.id
                             UNION SELECT speaker_organisation_id FROM quotes WHERE event_id = e.id
                             UNION SELECT claimed_by_organisation_id FROM figures
                                   WHERE event_id = e.id)
        ORDER BY 1
    )) AS names
FROM events e;

CREATE VIRTUAL TABLE [events_fts] USING FTS5 (
    [title], [summary], [names], tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, title, summary, names)
SELECT event_rowid, title, summary, names FROM event_search;

CREATE TRIGGER events_ai AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO events_fts (rowid, title, summary, names)
    SELECT event_rowid, title, summary, names FROM event_search WHERE event_id = new.id;
END;
CREATE TRIGGER events_ad AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    DELETE FROM events_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER events_au AFTER UPDATE ON events
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    DELETE FROM events_fts WHERE rowid = old.rowid;
    INSERT INTO events_fts (rowid, title, summary, names)
    SELECT event_rowid, title, summary, names FROM event_search WHERE event_id = new.id;
END;

-- Quotes and figures keep their external-content indexes (and the triggers of V5 and V7), made
-- again with the stemming tokenizer.
CREATE VIRTUAL TABLE [quotes_fts] USING FTS5 (
    [text], content=[quotes], tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE [figures_fts] USING FTS5 (
    [text], content=[figures], tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO figures_fts (figures_fts) VALUES ('rebuild');
