-- annals schema, version 9: the `timeline` view for other tools (Datasette, sqlite3).
--
-- The view gains the event's `summary` and `disputed`, and `first_possible` / `last_possible`:
-- the first and last day the event may have happened on, with an open or unknown side as
-- '0000-01-01' / '9999-12-31', so that a plain `last_possible >= '2023-06-01'` keeps ongoing
-- events (`latest >= X` drops them: `latest` is NULL for them). `event_rowid` is the event's
-- rowid, which `events_fts` refers to: Datasette searches the view through it (`fts_pk`). It says
-- where SQLite put the row, not what an article stated, so it is not part of the record.
-- Nothing here needs an SQLite newer than 3.37.

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
    ifnull(e.earliest, '0000-01-01') AS first_possible,
    ifnull(e.latest, '9999-12-31') AS last_possible,
    e.rowid AS event_rowid
FROM events e
LEFT JOIN places p ON p.id = e.place_id
ORDER BY e.earliest NULLS FIRST, e.latest NULLS LAST, e.id;
