//! `annals datasette-metadata`: the metadata file Datasette reads (`datasette annals.db
//! --metadata metadata.json`): the tables that are bookkeeping hidden, labels for the tables
//! others refer to, descriptions of the views and their columns, full-text search on the
//! `timeline` view, and a canned query for a date range that keeps open-ended events.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Value};

/// The events that may fall in a range: those whose first possible day is not after its end and
/// whose last possible day is not before its start. An ongoing event (no last day) and one of
/// unknown start stay in, as `annals timeline --from --to` keeps them. `from` and `to` are read
/// as `--from` and `--to` read them: `2023` is 1 January or 31 December, `2023-05` the first or
/// the last day of May. Either left empty leaves the range open on that side.
pub const EVENTS_BETWEEN: &str = "with range (first, last) as (select \
case when ifnull(:from, '') = '' then '0000-01-01' else substr(:from || '-01-01', 1, 10) end, \
case when ifnull(:to, '') = '' then '9999-12-31' \
when length(:to) = 4 then :to || '-12-31' \
when length(:to) = 7 then date(:to || '-01', '+1 month', '-1 day') else :to end) \
select id, date_human, kind, title, place, figures, source_count, sources, \
case when range.first <= first_possible and last_possible <= range.last \
then 'within' else 'possible' end as window \
from timeline, range \
where first_possible <= range.last and last_possible >= range.first \
order by first_possible, last_possible, id";

/// Tables that hold bookkeeping rather than the record: the R*Tree of event areas is an index
/// of `event_geo` (and its three tables SQLite's own).
const HIDDEN: [&str; 7] = [
    "refinery_schema_history",
    "search_sync",
    "definitions",
    "event_area",
    "event_area_node",
    "event_area_parent",
    "event_area_rowid",
];

pub fn run(db: &Path, out: &mut dyn Write) -> Result<()> {
    let name = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .with_context(|| format!("--db {}: names no database file", db.display()))?;
    writeln!(out, "{}", serde_json::to_string_pretty(&metadata(&name))?)?;
    out.flush()?;
    Ok(())
}

/// The metadata for a database Datasette calls `name` (its file name without `.db`).
pub fn metadata(name: &str) -> Value {
    let mut tables = serde_json::Map::new();
    for t in HIDDEN {
        tables.insert(t.into(), json!({ "hidden": true }));
    }
    for (table, label) in [
        ("people", "name"),
        ("organisations", "name"),
        ("places", "name"),
        ("sources", "title"),
    ] {
        tables.insert(table.into(), json!({ "label_column": label }));
    }
    // `events_fts` keeps its own copy of what it indexes (names too), so Datasette is told of it.
    tables.insert(
        "events".into(),
        json!({ "label_column": "title", "fts_table": "events_fts", "fts_pk": "rowid" }),
    );
    tables.insert(
        "timeline".into(),
        json!({
            "description": "One row per event, in chronological order, with its figures and \
                the articles that report it. Search looks in titles, summaries and the names of \
                each event's place and people.",
            "fts_table": "events_fts",
            "fts_pk": "event_rowid",
            "label_column": "title",
            "columns": {
                "date": "EDTF, as stored: 2023-05, 2023-05/.. (ongoing), 2023-01-19/2023-07-19",
                "earliest": "first possible day (empty when unknown or open)",
                "latest": "last possible day (empty when ongoing or unknown)",
                "date_human": "the date as annals words it",
                "date_text": "the article's own words for the date",
                "disputed": "1 when reports give dates that cannot all be true",
                "first_possible": "first possible day, 0000-01-01 when unknown or open",
                "last_possible": "last possible day, 9999-12-31 when ongoing or unknown: \
                    last_possible >= a day keeps ongoing events",
                "figures": "every figure, with who claimed it",
                "source_count": "how many articles report the event",
                "event_rowid": "where SQLite keeps the event (for search), not part of the record"
            }
        }),
    );
    views(&mut tables);
    json!({
        "title": "annals",
        "description": "A timeline of facts reported in the news: who did what, when, with \
            which numbers, said by whom and reported by which article.",
        "databases": {
            name: {
                "tables": tables,
                "queries": {
                    "events_between": {
                        "title": "Events that may fall between two days",
                        "description": "from and to as annals timeline reads them: YYYY, \
                            YYYY-MM or YYYY-MM-DD (to 2023-05 is up to 31 May). Ongoing events \
                            and events of unknown start stay in; window says whether an event \
                            lies wholly in the range or only may overlap it.",
                        "sql": EVENTS_BETWEEN
                    }
                }
            }
        }
    })
}

/// What Datasette says of the views for other tools: conflicts and figures read as claims.
fn views(tables: &mut serde_json::Map<String, Value>) {
    tables.insert(
        "conflicts".into(),
        json!({
            "description": "Pairs of reports of one event that disagree: on the date, or on \
                standing claims of the same unit, measure and subject that no count satisfies \
                both. claimant_a and claimant_b name who makes each claim (empty where the \
                article states it itself)."
        }),
    );
    tables.insert(
        "figure_claims".into(),
        json!({
            "description": "Each figure read as a claim: who makes it (claimant_key), the counts \
                it allows (low_bound, high_bound; empty high_bound is open), and revised_in: the \
                article in which the same claimant gives its next figure for the same thing.",
            "label_column": "label"
        }),
    );
}
