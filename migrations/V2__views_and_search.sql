-- annals schema, version 2: full-text search and views for other tools.
--
-- Full-text search: FTS5 external-content tables over event titles and summaries, quotes and
-- figure texts, kept in sync by triggers, named as `sqlite-utils enable-fts --create-triggers`
-- names them (`<table>_fts`, triggers `<table>_ai`, `_ad`, `_au`), so Datasette finds and uses
-- them (Datasette looks for `content=[table]` written just so). The tokenizer folds case and
-- accents ("Vučić" finds "Vucic").
--
-- The FTS index refers to rows by rowid. `events` has a text primary key, so its rowid is
-- implicit and a VACUUM may renumber it: after a VACUUM by another tool, run
-- INSERT INTO events_fts (events_fts) VALUES ('rebuild');  (quotes and figures keep theirs).

CREATE VIRTUAL TABLE [events_fts] USING FTS5 (
    [title], [summary], content=[events], tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
END;
CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
    INSERT INTO events_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;
INSERT INTO events_fts (events_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE [quotes_fts] USING FTS5 (
    [text], content=[quotes], tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE [figures_fts] USING FTS5 (
    [text], content=[figures], tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER figures_ai AFTER INSERT ON figures BEGIN
    INSERT INTO figures_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER figures_ad AFTER DELETE ON figures BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER figures_au AFTER UPDATE ON figures BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO figures_fts (rowid, text) VALUES (new.rowid, new.text);
END;
INSERT INTO figures_fts (figures_fts) VALUES ('rebuild');

-- Who took part in which event, in what role, by which article's account: names, not ids.
CREATE VIEW event_participants_named AS
SELECT
    ep.id,
    ep.event_id,
    e.date_human AS event_date,
    e.earliest,
    e.latest,
    e.title AS event_title,
    coalesce(ep.person_id, ep.organisation_id) AS participant_id,
    coalesce(pp.name, po.name) AS participant,
    CASE WHEN ep.person_id IS NULL THEN 'organisation' ELSE 'person' END AS participant_kind,
    ep.role,
    ep.source_id,
    s.title AS source_title
FROM event_participants ep
JOIN events e ON e.id = ep.event_id
JOIN sources s ON s.id = ep.source_id
LEFT JOIN people pp ON pp.id = ep.person_id
LEFT JOIN organisations po ON po.id = ep.organisation_id;

-- How many events fall in each month, honest about fuzzy dates: `within` counts events whose
-- every possible day is in the month, `possible` those that only overlap it (a year-precision
-- event is possible in each month of its year; an ongoing one in every month from its start).
-- Every month from the earliest known day to the latest known day is listed, empty ones with 0.
CREATE VIEW events_by_month AS
WITH RECURSIVE
    span (first_month, last_month) AS (
        SELECT date(min(coalesce(earliest, latest)), 'start of month'),
               date(max(coalesce(latest, earliest)), 'start of month')
        FROM events
    ),
    months (start) AS (
        SELECT first_month FROM span WHERE first_month IS NOT NULL
        UNION ALL
        SELECT date(start, '+1 month') FROM months, span WHERE start < span.last_month
    )
SELECT
    substr(m.start, 1, 7) AS month,
    (SELECT count(*) FROM events e
      WHERE e.earliest >= m.start AND e.latest <= date(m.start, '+1 month', '-1 day')) AS within,
    (SELECT count(*) FROM events e
      WHERE (e.earliest IS NULL OR e.earliest <= date(m.start, '+1 month', '-1 day'))
        AND (e.latest IS NULL OR e.latest >= m.start)
        AND NOT ifnull(e.earliest >= m.start
                       AND e.latest <= date(m.start, '+1 month', '-1 day'), 0)
    ) AS possible
FROM months m
ORDER BY m.start;

-- Each person with how many events they took part in, their first and last days (NULL when one
-- of their events has an unknown start or an open end), and how many quotes they have.
CREATE VIEW people_activity AS
SELECT
    p.id,
    p.name,
    count(e.id) AS events,
    CASE WHEN count(e.id) > count(e.earliest) THEN NULL ELSE min(e.earliest) END AS first,
    CASE WHEN count(e.id) > count(e.latest) THEN NULL ELSE max(e.latest) END AS last,
    (SELECT count(*) FROM quotes q WHERE q.speaker_person_id = p.id) AS quotes
FROM people p
LEFT JOIN (SELECT DISTINCT event_id, person_id FROM event_participants
           WHERE person_id IS NOT NULL) ep ON ep.person_id = p.id
LEFT JOIN events e ON e.id = ep.event_id
GROUP BY p.id
ORDER BY events DESC, p.name;
