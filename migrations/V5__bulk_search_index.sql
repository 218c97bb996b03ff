-- annals schema, version 5: the seeder may index full text in bulk.
--
-- The triggers of version 2 index each row of events, quotes and figures as it is written. That
-- stays true for every other writer (the sqlite3 shell, sqlite-utils, Datasette plugins). The
-- seeder alone, inside its own write transaction, sets `search_sync.deferred` to 1, writes, then
-- indexes exactly the rows it removed and added with set-based statements and sets it back to 0
-- before it commits; no other connection ever sees it at 1. Indexing row by row from a trigger
-- makes FTS5 write its pending terms to disk at every statement, which dominated a large load.
-- Without the row (deleted by hand), the triggers index as before.

CREATE TABLE search_sync (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    deferred INTEGER NOT NULL DEFAULT 0 CHECK (deferred IN (0, 1))
);
INSERT INTO search_sync (id, deferred) VALUES (1, 0);

DROP TRIGGER events_ai;
DROP TRIGGER events_ad;
DROP TRIGGER events_au;
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

DROP TRIGGER quotes_ai;
DROP TRIGGER quotes_ad;
DROP TRIGGER quotes_au;
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER quotes_au AFTER UPDATE ON quotes
WHEN NOT EXISTS (SELECT 1 FROM search_sync WHERE deferred = 1) BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;

DROP TRIGGER figures_ai;
DROP TRIGGER figures_ad;
DROP TRIGGER figures_au;
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
