//! The end of a seed's writing: what no article states any longer goes, and the rows of the
//! people, organisations, places and events the changed articles list or report are merged
//! again from every article's statements by the rules of [`merge`].

use std::collections::{BTreeSet, HashMap};

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension, Transaction};

use super::super::entity::{kind_named, KINDS, PLACE};
use super::super::merge;
use super::super::stored::{reports_of, statements_of, KnownEntity, KnownReport};
use super::EventRow;

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
    let Some(first) = rows.first() else {
        return Ok(()); // No article lists it: removed above.
    };
    let statements: Vec<_> = rows.iter().map(KnownEntity::statement).collect();
    let Some(merged) = merge::entity(&statements) else {
        anyhow::bail!(
            "{kind} {id:?} would have no name: no article that still lists it (such as {}) \
             gives `name`",
            first.file
        );
    };
    let sql = kind_named(kind).unwrap_or(&PLACE).update;
    tx.prepare_cached(sql)?.execute(params![
        id,
        merged.name,
        merged.kind,
        merged.parent,
        merged.source
    ])?;
    Ok(())
}

/// Every place's `within` link that a chain from the places of `reports` follows.
fn within_of(tx: &Transaction, reports: &[KnownReport]) -> Result<HashMap<String, Option<String>>> {
    let mut within: HashMap<String, Option<String>> = HashMap::new();
    for r in reports {
        let mut at = r.place.clone();
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
    Ok(within)
}

/// One event's row, from every report of it.
fn merge_event(tx: &Transaction, id: &str) -> Result<()> {
    let known = reports_of(tx, id)?;
    let Some(first) = known.first() else {
        return Ok(()); // No article reports it: removed above.
    };
    let within = within_of(tx, &known)?;
    let parent = |x: &str| within.get(x).and_then(|p| p.as_deref());
    let reports: Vec<_> = known.iter().map(KnownReport::report).collect();
    let merged = match merge::event(&reports, parent) {
        Ok(merged) => merged,
        Err(unmerged) => {
            if let Some(field) = unmerged.missing.first() {
                let field = match *field {
                    "date" => "date".to_string(),
                    other => format!("`{other}`"),
                };
                anyhow::bail!(
                    "event {id:?} would have no {field}: no article that still reports it \
                     (such as {}) gives one",
                    first.file
                );
            }
            if let Some(c) = unmerged.contradiction {
                anyhow::bail!("the reports of event {id:?} give {c}");
            }
            anyhow::bail!("the reports of event {id:?} give dates that no day fits");
        }
    };
    EventRow::merged(id, &merged).store(tx, UPDATE_EVENT)
}
