-- annals schema, version 10: a count of one in the singular in `figures_named.label`, and every
-- seed file merged again at the next `annals seed`.
--
-- The rules that make the record changed with this version: dates that several reports give one
-- event are combined keeping each bound as a report gave it ("since May" and "until June" are
-- May to June, no longer 1 May to 30 June), and a seed file or article text saved with CRLF line
-- endings gives the record the same file saved with LF gives. The stored hashes are cleared, so
-- the next `annals seed` reads every file given to it as changed and merges the record again by
-- these rules (`annals doctor` reports the files as changed until then). Nothing else is touched.
--
-- Other tools read figures through `figures_named`, whose `label` said "1 police officers
-- injured". A figure whose value is 1 now names its unit in the singular ("1 police officer
-- injured", "about 1 person displaced"), by the rules annals' own tables use
-- (`query::figures::singular`, a test holds the two to the same list): the unit's last word,
-- with a few irregular plurals (people, men, women, children, policemen, policewomen, keeping a
-- leading capital), "-ies" to "-y", "-sses", "-shes", "-ches" and "-xes" losing "es", and any
-- other final "s" but "ss" dropped. A word it does not know stays as it is. The columns and
-- every other label stay the same. Nothing here needs an SQLite newer than 3.37.

UPDATE sources SET seed_hash = NULL WHERE seed_hash IS NOT NULL;

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
    || ifnull(f.value, f.low || '–' || f.high) || ' '
    || CASE WHEN f.value = 1 THEN f.unit_head || CASE
           WHEN f.unit_irregular IS NOT NULL
               THEN CASE WHEN substr(f.unit_last, 1, 1) <> lower(substr(f.unit_last, 1, 1))
                         THEN upper(substr(f.unit_irregular, 1, 1)) || substr(f.unit_irregular, 2)
                         ELSE f.unit_irregular END
           WHEN f.unit_lower GLOB '*ies' AND length(f.unit_last) > 3
               THEN substr(f.unit_last, 1, length(f.unit_last) - 3) || 'y'
           WHEN f.unit_lower GLOB '*sses' OR f.unit_lower GLOB '*shes'
                OR f.unit_lower GLOB '*ches' OR f.unit_lower GLOB '*xes'
               THEN substr(f.unit_last, 1, length(f.unit_last) - 2)
           WHEN f.unit_lower GLOB '*s' AND NOT f.unit_lower GLOB '*ss' AND length(f.unit_last) > 1
               THEN substr(f.unit_last, 1, length(f.unit_last) - 1)
           ELSE f.unit_last
       END
       ELSE f.unit END
    || ' ' || f.measure
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
-- The unit split at its last space: `unit_head` ("police "), `unit_last` ("officers"), the last
-- word in lower case, and its singular when it is an irregular plural.
FROM (SELECT l.*, CASE l.unit_lower
                      WHEN 'people' THEN 'person'
                      WHEN 'men' THEN 'man'
                      WHEN 'women' THEN 'woman'
                      WHEN 'children' THEN 'child'
                      WHEN 'policemen' THEN 'policeman'
                      WHEN 'policewomen' THEN 'policewoman'
                  END AS unit_irregular
      FROM (SELECT u.*, lower(u.unit_last) AS unit_lower
            FROM (SELECT h.*, substr(h.unit, length(h.unit_head) + 1) AS unit_last
                  FROM (SELECT g.*, rtrim(g.unit, replace(g.unit, ' ', '')) AS unit_head
                        FROM figures g) h) u) l) f
JOIN events e ON e.id = f.event_id
JOIN sources s ON s.id = f.source_id
LEFT JOIN people ap ON ap.id = f.about_person_id
LEFT JOIN organisations ao ON ao.id = f.about_organisation_id
LEFT JOIN people cp ON cp.id = f.claimed_by_person_id
LEFT JOIN organisations co ON co.id = f.claimed_by_organisation_id;
