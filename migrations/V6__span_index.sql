-- annals schema, version 6: the date-range index becomes a plain B-tree index over events.
--
-- Version 4 kept each event as a point (first day, last day) in an R*Tree. Every insert into
-- `events` then also went through the R*Tree's trigger and node updates, the largest single
-- cost of loading a large corpus, and the tree could not be built once at the end of a load.
-- This version answers the same questions from an ordinary index, which a bulk load builds
-- sorted in one go and which every SQLite tool reads.
--
-- Four generated columns (computed from `earliest` and `latest`, never written):
--   start_day, end_day  the first and last possible day as whole Julian day numbers (integer
--                       part of julianday()); NULL where that side is open or unknown.
--   span_class          how long the event's range of possible days is: 0 for a single day,
--                       1..8 for fewer than 4, 16, 64, 256, 1024, 4096, 16384 or 65536 days
--                       (powers of 4), 9 for longer; 10 ongoing or unknown end, 11 open or
--                       unknown start, 12 both.
--   key_day             start_day, or end_day when there is no start.
-- and one index on (span_class, key_day, end_day).
--
-- "May overlap [F, T]" (end >= F and start <= T): an event of class c (1..8) lasts fewer than
-- 4^c days, so its start is after F - 4^c; each class is one range of the index, from there to
-- T, and the few events in it that end before F are passed over. Ongoing events (class 10) are
-- the range start <= T, open-start ones (11) end >= F, and class 12 is always included.
-- "Certainly within [F, T]" is start in [F, T] and end <= T in classes 0..9. So both bounds of
-- the test come from the index, and a query reads about what it returns (at most about four
-- times the rows of each class, plus one seek per class).

DROP TRIGGER events_dates_insert;
DROP TRIGGER events_dates_update;
DROP TRIGGER events_dates_delete;
DROP TABLE events_dates;

ALTER TABLE events ADD COLUMN start_day INTEGER
    GENERATED ALWAYS AS (CAST(julianday(earliest) AS INTEGER)) VIRTUAL;
ALTER TABLE events ADD COLUMN end_day INTEGER
    GENERATED ALWAYS AS (CAST(julianday(latest) AS INTEGER)) VIRTUAL;
ALTER TABLE events ADD COLUMN span_class INTEGER GENERATED ALWAYS AS (
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
    END) VIRTUAL;
ALTER TABLE events ADD COLUMN key_day INTEGER
    GENERATED ALWAYS AS (coalesce(start_day, end_day)) VIRTUAL;

CREATE INDEX events_by_span ON events (span_class, key_day, end_day);
