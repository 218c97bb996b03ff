-- annals schema, version 12: a figure read as a claim. Who makes it, the counts it allows, and
-- whether its claimant gave a later figure for the same thing (a revision, not a conflict).
--
-- A figure's claimant is who the article says claims it (`claimed_by`), else the publisher of the
-- article that states it. Two figures are of the same thing when they count the same unit and
-- measure, about the same subject, for the same event, and neither is part of another. Of one
-- claimant's figures for one thing, the one from the later article (by publication date, then
-- article id, so that the rule does not depend on the order files were loaded in) stands; each
-- earlier one is revised by the next: `revised_in` names the article that gives it ("25, then
-- 30"), NULL for the claim that stands.
--
-- A figure allows an interval of counts: a value or a range as written; `at_least` open above,
-- `at_most` from 0; `approximately` as its value (the reading `aggregate figures` sums with).
-- Two figures conflict only when no count satisfies both (at least 40 and at least 30 agree; at
-- least 40 and 30 do not), and only while neither is revised. `conflicts` names each side's
-- claimant (`claimant_a`, `claimant_b`: NULL when the article states the figure itself).
-- Nothing stored changes. Nothing here needs an SQLite newer than 3.37.

DROP VIEW conflicts;

CREATE VIEW figure_claims AS
SELECT
    c.*,
    (SELECT g.source_id
     FROM figures g JOIN sources gs ON gs.id = g.source_id
     WHERE g.event_id = c.event_id AND g.unit = c.unit AND g.measure = c.measure
       AND coalesce(g.about_person_id, g.about_organisation_id) IS c.about_id
       AND g.part_of IS NULL AND c.part_of IS NULL
       AND coalesce('person:' || g.claimed_by_person_id,
                    'organisation:' || g.claimed_by_organisation_id,
                    'publisher:' || gs.publisher) = c.claimant_key
       AND (gs.published > c.source_published
            OR (gs.published = c.source_published AND g.source_id > c.source_id))
     ORDER BY gs.published, g.source_id, g.id
     LIMIT 1) AS revised_in
FROM (SELECT
          fn.*,
          s.publisher,
          coalesce('person:' || f.claimed_by_person_id,
                   'organisation:' || f.claimed_by_organisation_id,
                   'publisher:' || s.publisher) AS claimant_key,
          CASE fn.qualifier WHEN 'at_most' THEN 0 ELSE coalesce(fn.value, fn.low) END
              AS low_bound,
          CASE fn.qualifier WHEN 'at_least' THEN NULL ELSE coalesce(fn.value, fn.high) END
              AS high_bound
      FROM figures_named fn
      JOIN figures f ON f.id = fn.id
      JOIN sources s ON s.id = fn.source_id) c;

-- Events whose reports disagree: on the date (no day both dates allow), or on a figure of the
-- same thing where no count satisfies both claims and neither is revised. One row per pair of
-- disagreeing reports, the article with the smaller id first.
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
