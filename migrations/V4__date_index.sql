-- annals schema, version 4: a date-range index over events.
--
-- Each event is a point (start, end) in two dimensions of an R*Tree: start is the first possible
-- day, end the last, both as whole Julian day numbers (integer part of julianday()). An open or
-- unknown start is -2147483648 and an open or unknown end 2147483647, the ends of the 32-bit
-- range, so ongoing and open-bounded events sit at the edges of the plane and are still found.
-- A date-range query is then a rectangle: "may overlap [F, T]" is start <= T and end >= F;
-- "certainly within [F, T]" is start >= F and end <= T. Points have no extent, so the tree's
-- boxes stay tight even when a few events are open-ended; an R*Tree over the intervals
-- themselves would stretch every box that holds one ongoing event across the whole timeline.
-- Each dimension is stored as a (lo, hi) pair of equal values, as the R*Tree module requires.
--
-- The R*Tree's id is the event's rowid. The triggers keep it in step with `events`.
-- rtree_i32 has been in SQLite since 3.x long before 3.40, and Debian's sqlite3 includes the
-- R*Tree module.

CREATE VIRTUAL TABLE events_dates USING rtree_i32 (id, start_lo, start_hi, end_lo, end_hi);

INSERT INTO events_dates (id, start_lo, start_hi, end_lo, end_hi)
SELECT rowid,
       ifnull(CAST(julianday(earliest) AS INTEGER), -2147483648),
       ifnull(CAST(julianday(earliest) AS INTEGER), -2147483648),
       ifnull(CAST(julianday(latest) AS INTEGER), 2147483647),
       ifnull(CAST(julianday(latest) AS INTEGER), 2147483647)
FROM events;

CREATE TRIGGER events_dates_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_dates (id, start_lo, start_hi, end_lo, end_hi)
    VALUES (new.rowid,
            ifnull(CAST(julianday(new.earliest) AS INTEGER), -2147483648),
            ifnull(CAST(julianday(new.earliest) AS INTEGER), -2147483648),
            ifnull(CAST(julianday(new.latest) AS INTEGER), 2147483647),
            ifnull(CAST(julianday(new.latest) AS INTEGER), 2147483647));
END;

CREATE TRIGGER events_dates_update AFTER UPDATE OF earliest, latest ON events BEGIN
    UPDATE events_dates
    SET start_lo = ifnull(CAST(julianday(new.earliest) AS INTEGER), -2147483648),
        start_hi = ifnull(CAST(julianday(new.earliest) AS INTEGER), -2147483648),
        end_lo = ifnull(CAST(julianday(new.latest) AS INTEGER), 2147483647),
        end_hi = ifnull(CAST(julianday(new.latest) AS INTEGER), 2147483647)
    WHERE id = new.rowid;
END;

CREATE TRIGGER events_dates_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_dates WHERE id = old.rowid;
END;
