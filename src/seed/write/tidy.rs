//! The end of a seed's writing: what only the articles a run replaces stated. The people,
//! organisations, places and events they listed or reported that the run wrote no row for are
//! merged again from what the other articles state, by the rules of [`merge`]; what no article
//! states any longer goes.

use std::collections::HashMap;

use anyhow::{Context, Result};
use rusqlite::{OptionalExtension, Transaction};

use super::super::article::MergedEventRow;
use super::super::entity::{kind_named, EntityId, KINDS};
use super::super::merge;
use super::super::stored::{reports_of, statements_of, KnownListing, KnownReport};
use super::{store_entity, EventRow};

/// What the articles a run replaces listed or reported, and the run wrote no row for.
#[derive(Debug, Default)]
pub(in super::super) struct Leftovers {
    pub(in super::super) events: Vec<String>,
    pub(in super::super) entities: Vec<EntityId>,
}

/// A figure or quote about event `?1`, which no article reports any longer.
const DANGLING_EVENT_REFERENCE: &str = "
    SELECT ifnull(s.seed_file, s.id) AS file FROM (
        SELECT source_id FROM figures WHERE event_id = ?1
        UNION ALL SELECT source_id FROM quotes WHERE event_id = ?1) x
    JOIN sources s ON s.id = x.source_id
    LIMIT 1";
const DELETE_EVENT: &str = "DELETE FROM events WHERE id = ?1";
const PLACE_WITHIN: &str = "SELECT within_id FROM places WHERE id = ?1";

/// Merge the `leftovers` again from what the other articles state, and remove what no
/// article states any longer. The events merged, for the summary.
pub(super) fn tidy(tx: &Transaction, leftovers: &Leftovers) -> Result<Vec<MergedEventRow>> {
    // Places first: an event's place is merged along their `within` links.
    for kind in ["place", "organisation", "person"] {
        for e in leftovers.entities.iter().filter(|e| e.kind == kind) {
            merge_entity(tx, e)?;
        }
    }
    let mut merged = Vec::new();
    for id in &leftovers.events {
        merged.extend(merge_event(tx, id)?);
    }
    // Last, once nothing merged refers to them any longer.
    for kind in KINDS {
        for e in leftovers.entities.iter().filter(|e| e.kind == kind.name) {
            tx.prepare_cached(kind.delete_unlisted)?
                .execute([&e.id])
                .with_context(|| {
                    format!(
                        "a {} that no article lists any longer is still referred to by a \
                         stored article; load that article again or prune it",
                        kind.name
                    )
                })?;
        }
    }
    Ok(merged)
}

/// One person's, organisation's or place's row, from what every article listing it states.
fn merge_entity(tx: &Transaction, e: &EntityId) -> Result<()> {
    let rows = statements_of(tx, e.kind, &e.id)?;
    let Some(first) = rows.first() else {
        return Ok(()); // No article lists it: removed at the end.
    };
    let statements: Vec<_> = rows.iter().map(KnownListing::statement).collect();
    let Some(merged) = merge::entity(&statements) else {
        anyhow::bail!(
            "{} {:?} would have no name: no article that still lists it (such as {}) gives \
             `name`",
            e.kind,
            e.id,
            first.file
        );
    };
    kind_named(e.kind).context("a kind of listed thing")?;
    store_entity(tx, e, &merged)?;
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

/// One event's row, from every report of it; an event no article reports any longer goes.
pub(super) fn merge_event(tx: &Transaction, id: &str) -> Result<Option<MergedEventRow>> {
    let known = reports_of(tx, id)?;
    let Some(first) = known.first() else {
        let dangling: Option<String> = tx
            .query_row(DANGLING_EVENT_REFERENCE, [id], |r| r.get("file"))
            .optional()?;
        if let Some(file) = dangling {
            anyhow::bail!(
                "event {id:?} would no longer be reported by any article, but {file} still \
                 gives figures or quotes about it"
            );
        }
        tx.prepare_cached(DELETE_EVENT)?.execute([id])?;
        return Ok(None);
    };
    let within = within_of(tx, &known)?;
    let parent = |x: &str| within.get(x).and_then(|p| p.as_deref());
    let reports: Vec<_> = known.iter().map(KnownReport::report).collect();
    let event = merge::event(&reports, parent).map_err(|unmerged| {
        if let Some(field) = unmerged.missing.first() {
            let field = match *field {
                "date" => "date".to_string(),
                other => format!("`{other}`"),
            };
            anyhow::anyhow!(
                "event {id:?} would have no {field}: no article that still reports it (such \
                 as {}) gives one",
                first.file
            )
        } else if let Some(c) = unmerged.contradiction {
            anyhow::anyhow!("the reports of event {id:?} give {c}")
        } else {
            anyhow::anyhow!("the reports of event {id:?} give dates that no day fits")
        }
    })?;
    EventRow::merged(id, &event).store(tx)?;
    Ok(Some(MergedEventRow {
        id: id.to_string(),
        stored: true,
        event,
    }))
}
