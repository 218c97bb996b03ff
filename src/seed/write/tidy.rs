//! The end of a seed's writing: what no article states any longer goes, and the rows of the
//! people, organisations, places and events the changed articles list or report are merged
//! again from every article's statements by the rules of [`merge`].

use std::collections::{BTreeSet, HashMap};

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension, Transaction};

use super::super::entity::{kind_named, KINDS, PLACE};
use super::super::merge;
use super::super::reports::{self, Combined};
use super::super::stored::{reports_of, statements_of, KnownEntity};
use super::EventRow;
use crate::date::FuzzyDate;

/// A figure or quote about an event that no article reports any longer.
const DANGLING_EVENT_REFERENCE: &str = "
    SELECT x.event_id, ifnull(s.seed_file, s.id) AS file FROM (
        SELECT event_id, source_id FROM figures
        UNION ALL SELECT event_id, source_id FROM quotes WHERE event_id IS NOT NULL) x
    JOIN sources s ON s.id = x.source_id
    WHERE NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = x.event_id)
    LIMIT 1";
/// Events no article reports any longer (a changed or pruned article dropped them).
const DELETE_UNREPORTED_EVENTS: &str = "
    DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = events.id)";
const PLACE_WITHIN: &str = "SELECT within_id FROM places WHERE id = ?1";
/// Only an event whose merged values change is written (and its date index entry with it).
const UPDATE_EVENT: &str = "
    UPDATE events SET kind = :kind, title = :title, summary = :summary, place_id = :place,
        date = :date, earliest = :earliest, latest = :latest,
        precision = :precision, approximate = :approximate, uncertain = :uncertain,
        ongoing = :ongoing, date_human = :date_human, date_text = :date_text,
        expected = :expected, source_id = :source, disputed = :disputed,
        date_resolved = :resolved
    WHERE id = :id AND (kind IS NOT :kind OR title IS NOT :title OR summary IS NOT :summary
        OR place_id IS NOT :place OR date IS NOT :date OR earliest IS NOT :earliest
        OR latest IS NOT :latest OR precision IS NOT :precision
        OR approximate IS NOT :approximate OR uncertain IS NOT :uncertain
        OR ongoing IS NOT :ongoing OR date_human IS NOT :date_human
        OR date_text IS NOT :date_text OR expected IS NOT :expected
        OR source_id IS NOT :source OR disputed IS NOT :disputed
        OR date_resolved IS NOT :resolved)";

/// Remove what no article states any longer, and merge again what the changed articles state:
/// the `entities` (kind, id) and `events` they list or report.
pub(super) fn tidy(
    tx: &Transaction,
    events: &BTreeSet<String>,
    entities: &BTreeSet<(String, String)>,
) -> Result<()> {
    let dangling: Option<(String, String)> = tx
        .query_row(DANGLING_EVENT_REFERENCE, [], |r| {
            Ok((r.get("event_id")?, r.get("file")?))
        })
        .optional()?;
    if let Some((event, file)) = dangling {
        anyhow::bail!(
            "event {event:?} would no longer be reported by any article, but {file} still \
             gives figures or quotes about it"
        );
    }
    tx.execute(DELETE_UNREPORTED_EVENTS, [])?;
    // Places first: an event's place is merged along their `within` links.
    for kind in ["place", "organisation", "person"] {
        for (_, id) in entities.iter().filter(|(k, _)| k == kind) {
            merge_entity(tx, kind, id)?;
        }
    }
    for id in events {
        merge_event(tx, id)?;
    }
    // Last, once nothing merged refers to them any longer.
    for kind in KINDS {
        tx.execute(kind.delete_unlisted, []).with_context(|| {
            format!(
                "a {} that no article lists any longer is still referred to by a stored \
                 article; load that article again or prune it",
                kind.name
            )
        })?;
    }
    Ok(())
}

/// One person's, organisation's or place's row, from what every article listing it states.
fn merge_entity(tx: &Transaction, kind: &str, id: &str) -> Result<()> {
    let rows = statements_of(tx, kind, id)?;
    let Some(KnownEntity {
        source_id: first,
        file,
        ..
    }) = rows.first()
    else {
        return Ok(()); // No article lists it: removed above.
    };
    let name = rows
        .iter()
        .filter_map(|r| r.name.as_deref())
        .reduce(merge::preferred_name);
    let Some(name) = name else {
        anyhow::bail!(
            "{kind} {id:?} would have no name: no article that still lists it (such as {file}) \
             gives `name`"
        );
    };
    let org_kind = rows.iter().find_map(|r| r.kind.as_deref());
    let parent = rows.iter().find_map(|r| r.parent.as_deref());
    let sql = kind_named(kind).unwrap_or(&PLACE).update;
    tx.prepare_cached(sql)?
        .execute(params![id, name, org_kind, parent, first])?;
    Ok(())
}

/// One event's row, from every report of it.
fn merge_event(tx: &Transaction, id: &str) -> Result<()> {
    let reports = reports_of(tx, id)?;
    let Some(first) = reports.first() else {
        return Ok(()); // No article reports it: removed above.
    };
    let kind = reports.iter().find_map(|r| r.kind.clone());
    let title = reports.iter().find_map(|r| r.title.clone());
    let summary = reports.iter().find_map(|r| r.summary.clone());
    for (name, value) in [("kind", &kind), ("title", &title)] {
        if value.is_none() {
            anyhow::bail!(
                "event {id:?} would have no `{name}`: no article that still reports it (such as \
                 {}) gives one",
                first.file
            );
        }
    }
    let mut within: HashMap<String, Option<String>> = HashMap::new();
    for r in &reports {
        if let Some(p) = &r.place {
            let mut at = Some(p.clone());
            while let Some(x) = at.filter(|x| !within.contains_key(x)) {
                let parent: Option<String> = tx
                    .prepare_cached(PLACE_WITHIN)?
                    .query_row([&x], |r| r.get(0))
                    .optional()?
                    .flatten();
                within.insert(x, parent.clone());
                at = parent;
            }
        }
    }
    let parent = |x: &str| within.get(x).and_then(|p| p.as_deref());
    let mut place: Option<&str> = None;
    for p in reports.iter().filter_map(|r| r.place.as_deref()) {
        place = Some(match place {
            None => p,
            Some(m) => merge::narrower(p, m, parent, 64).with_context(|| {
                format!("the reports of event {id:?} give places {m:?} and {p:?}, neither within the other")
            })?,
        });
    }
    let dates: Vec<(Option<FuzzyDate>, bool)> =
        reports.iter().map(|r| (r.date, r.disputed)).collect();
    let combined = match reports::combine(&dates) {
        Ok(Some(c)) => c,
        Ok(None) => anyhow::bail!(
            "event {id:?} would have no date: no article that still reports it (such as {}) \
             gives one",
            first.file
        ),
        Err(_) => anyhow::bail!("the reports of event {id:?} give dates that no day fits"),
    };
    let resolved = reports
        .iter()
        .filter(|r| r.date.is_some())
        .all(|r| r.resolved);
    // The words shown with the date are those of the oldest report whose date is the event's.
    let date_text = match &combined {
        Combined::Agreed(d) => reports
            .iter()
            .find(|r| r.date.as_ref() == Some(d) && r.date_text.is_some())
            .and_then(|r| r.date_text.clone()),
        Combined::Disputed { .. } => None,
    };
    let row = EventRow {
        id,
        kind: kind.as_deref(),
        title: title.as_deref(),
        summary: summary.as_deref(),
        place,
        date: *combined.date(),
        date_human: combined.human(),
        date_text: date_text.as_deref(),
        expected: reports.iter().any(|r| r.expected),
        source: &first.source_id,
        disputed: combined.disputed(),
        resolved,
    };
    row.store(tx, UPDATE_EVENT)?;
    Ok(())
}
